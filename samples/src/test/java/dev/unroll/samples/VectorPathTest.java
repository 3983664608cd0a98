package dev.unroll.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.runtime.kernel.VectorSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated model with and without the incubating Vector API gives the same numbers up to float
 * rounding: this JVM runs the scalar kernels, a child JVM started with
 * {@code --add-modules jdk.incubator.vector} the vector ones.
 */
class VectorPathTest {
  private static final Path MNIST = Path.of("data", "mnist");

  @Test
  void vectorAndScalarPaths_agreeToFloatRounding() throws IOException, InterruptedException {
    assertEquals("scalar", VectorSupport.path(), "the test JVM should run without the incubator module");
    double[] scalar = PathProbe.run(MNIST);

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
        "-Dunroll.quiet=true", "-cp", System.getProperty("java.class.path"), PathProbe.class.getName(),
        MNIST.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(0, child.waitFor(), "the vector-path JVM failed");
    assertEquals("vector", lines.get(0));
    assertEquals(scalar.length, lines.size() - 1);
    for (int i = 0; i < scalar.length; i++) {
      double vector = Double.parseDouble(lines.get(i + 1));
      double allowed = 1e-5 + 1e-4 * Math.abs(scalar[i]);
      assertTrue(Math.abs(vector - scalar[i]) <= allowed,
          "value " + i + ": scalar " + scalar[i] + ", vector " + vector);
    }
    assertTrue(scalar[PathProbe.STEPS - 1] < scalar[0], "training did not lower the loss");
  }
}
