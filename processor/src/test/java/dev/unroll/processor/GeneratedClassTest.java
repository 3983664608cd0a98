package dev.unroll.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.unroll.runtime.Model;
import dev.unroll.runtime.TrainableModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What the generated class looks like and does, beyond numerics. */
class GeneratedClassTest {

  @Test
  void inferenceOnlyPerceptron_computesAndWithStepActivation() {
    Compilation compilation = CompiledModels.compile("test.And", CompiledModels.network("And", "input = 2", "",
        "@Dense(units = 1, activation = Activation.STEP) perceptron"));
    Model model = CompiledModels.instantiate(compilation, "test.UnrollAnd", 0, Model.class);
    assertFalse(model instanceof TrainableModel, "an inference-only network must not be trainable");
    model.parameters().get("perceptron.weight").copyFrom(new float[] {1, 1});
    model.parameters().get("perceptron.bias").copyFrom(new float[] {-1.5f});
    float[] out = new float[4];
    model.predict(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, out);
    assertEquals("[0.0, 0.0, 0.0, 1.0]", java.util.Arrays.toString(out));
  }

  @Test
  void weightView_isPyTorchLayout() {
    Compilation compilation = CompiledModels.compile("test.Lin", CompiledModels.network("Lin", "input = 3", "",
        "@Dense(units = 2, bias = false) fc"));
    Model model = CompiledModels.instantiate(compilation, "test.UnrollLin", 0, Model.class);
    // W = [[1, 2, 3], [4, 5, 6]], [out, in] row-major
    model.parameters().get("fc.weight").copyFrom(new float[] {1, 2, 3, 4, 5, 6});
    float[] y = new float[2];
    model.predict(new float[] {1, 10, 100}, y);
    assertEquals(321f, y[0]);
    assertEquals(654f, y[1]);
    assertEquals(6L, model.parameterCount());
    assertEquals("[2, 3]", java.util.Arrays.toString(model.parameters().get("fc.weight").shape()));
  }

  @Test
  void nestedInterface_isNamedAfterItsEnclosingClasses() {
    Compilation compilation = CompiledModels.compile("test.Outer", "package test;\n"
        + "import dev.unroll.*;\nimport dev.unroll.runtime.Tensor;\n"
        + "class Outer {\n"
        + "  @Network(input = {2, 2}) interface Inner {\n"
        + "    @Dense(units = 3, activation = Activation.TANH) Tensor fc();\n"
        + "  }\n"
        + "}\n");
    assertThat(compilation).generatedSourceFile("test.UnrollOuter_Inner");
    Model model = CompiledModels.instantiate(compilation, "test.UnrollOuter_Inner", 0, Model.class);
    assertEquals("Inner", model.name());
    assertEquals(4, model.inputSize());
    assertTrue(model.summary().contains("fc     Dense 4->3, tanh  (3)             15            24"), model.summary());
  }

  @Test
  void generatedSource_matchesGolden() throws IOException {
    Compilation compilation = CompiledModels.compile("test.Golden", CompiledModels.network("Golden",
        "input = {2}, batchSize = 4, seed = 3", "@BinaryCrossEntropy\n@SGD(learningRate = 0.5, momentum = 0.9)",
        "@Dense(units = 2, activation = Activation.SIGMOID) hidden",
        "@Dense(units = 1, activation = Activation.SIGMOID) out"));
    JavaFileObject generated = compilation.generatedSourceFile("test.UnrollGolden").orElseThrow();
    String actual = generated.getCharContent(false).toString();
    String golden = "/golden/UnrollGolden.java.txt";
    Path written = Path.of("target", "golden", "UnrollGolden.java.txt");
    Files.createDirectories(written.getParent());
    Files.writeString(written, actual);
    try (InputStream expected = GeneratedClassTest.class.getResourceAsStream(golden)) {
      if (expected == null) {
        fail("no golden source " + golden + "; review " + written.toAbsolutePath()
            + " and copy it to src/test/resources" + golden);
      }
      assertEquals(new String(expected.readAllBytes(), StandardCharsets.UTF_8), actual,
          "the generated source changed; if that is intended, review " + written.toAbsolutePath()
              + " and copy it to src/test/resources" + golden);
    }
  }
}
