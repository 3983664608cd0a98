package dev.unroll.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.runtime.kernel.VectorSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, the generated model allocates nothing per call, on both kernel paths: each case of
 * {@link AllocationProbe} reaches a window of calls that allocates 0 bytes.
 */
class AllocationTest {
  private static final List<String> ALL_ZERO = List.of("predict-b1-t1 0", "predict-b32-t1 0",
      "trainStep-b32-t1 0", "predict-b1-t2 0", "predict-b32-t2 0", "trainStep-b32-t2 0");

  @Test
  void scalarPath_steadyStateAllocatesNothing() {
    assertEquals("scalar", VectorSupport.path());
    assertEquals(ALL_ZERO, AllocationProbe.run());
  }

  @Test
  void vectorPath_steadyStateAllocatesNothing() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
        "-Dunroll.quiet=true", "-cp", System.getProperty("java.class.path"), AllocationProbe.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(0, child.waitFor(), "the vector-path JVM failed");
    assertEquals("vector", lines.get(0));
    assertEquals(ALL_ZERO, lines.subList(1, lines.size()));
  }
}
