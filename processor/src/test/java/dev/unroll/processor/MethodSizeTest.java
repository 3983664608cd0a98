package dev.unroll.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HotSpot does not JIT-compile a method over 8,000 bytecode bytes: no generated method may reach it.
 * Checked over every sample model and over large test models, in both precisions.
 */
class MethodSizeTest {
  private static final int HUGE_METHOD_LIMIT = 8000;
  private static final Path SAMPLES = Path.of("..", "samples", "src", "main", "java");

  /** Every source file of the samples module that declares a network. */
  static List<Path> sampleNetworks() throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SAMPLES)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        if (Files.readString(p).contains("@Network(")) {
          found.add(p);
        }
      }
    }
    return found;
  }

  private static void checkAllMethods(Compilation compilation) {
    int methods = 0;
    for (Map.Entry<String, byte[]> c : CompiledModels.classFiles(compilation).entrySet()) {
      for (Map.Entry<String, Integer> m : MethodSizes.of(c.getValue()).entrySet()) {
        methods++;
        assertTrue(m.getValue() < HUGE_METHOD_LIMIT,
            c.getKey() + "." + m.getKey() + " has " + m.getValue() + " bytecode bytes; HotSpot will not JIT it");
      }
    }
    assertTrue(methods > 10, "no generated methods were checked");
  }

  @ParameterizedTest
  @MethodSource("sampleNetworks")
  void sampleNetwork_hasNoHugeMethod(Path source) throws IOException {
    String text = Files.readString(source);
    String pkg = text.substring(text.indexOf("package ") + 8, text.indexOf(';')).strip();
    String name = source.getFileName().toString().replace(".java", "");
    checkAllMethods(CompiledModels.compile(pkg + "." + name, text));
  }

  @Test
  void samples_areFound() throws IOException {
    assertTrue(sampleNetworks().size() >= 2, "expected the sample networks under " + SAMPLES.toAbsolutePath());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"FLOAT", "DOUBLE"})
  void deepWideNetwork_hasNoHugeMethod(String precision) {
    String[] layers = new String[12];
    String[] activations = {"RELU", "SIGMOID", "TANH", "LEAKY_RELU", "SOFTMAX", "IDENTITY"};
    for (int i = 0; i < layers.length - 1; i++) {
      layers[i] = "@Dense(units = " + (1024 + i) + ", activation = Activation." + activations[i % 6] + ") layer" + i;
    }
    layers[layers.length - 1] = "@Dense(units = 10) logits";
    checkAllMethods(CompiledModels.compile("test.Wide", CompiledModels.network("Wide",
        "input = {3, 32, 32}, batchSize = 256, precision = Precision." + precision,
        "@CrossEntropy\n@Adam", layers)));
  }
}
