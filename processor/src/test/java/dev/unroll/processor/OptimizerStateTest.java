package dev.unroll.processor;

import static dev.unroll.processor.CompiledModels.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.unroll.runtime.Batch;
import dev.unroll.runtime.TrainableModel;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Optimizer state whose gradient stays zero decays into the subnormal range and, without help, stays
 * there (slowing every later step on x86); the generated optimizer sets it to zero every {@code
 * FLUSH_INTERVAL} steps. The state is private, so this test reads it by reflection.
 */
class OptimizerStateTest {
  private static final int STEPS = 8_000;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "FLOAT, '@Adam(learningRate = 0.01)', M",
      "FLOAT, '@SGD(learningRate = 0.1, momentum = 0.9)', Momentum",
      "DOUBLE, '@Adam(learningRate = 0.01)', M",
      "DOUBLE, '@SGD(learningRate = 0.1, momentum = 0.9, nesterov = true)', Momentum"})
  void stateOfAParameterWithoutGradient_endsAtZero_notSubnormal(String precision, String optimizer, String state)
      throws ReflectiveOperationException {
    String source = network("Flush", "input = 2, batchSize = 4, seed = 5, precision = Precision." + precision,
        "@MeanSquaredError\n" + optimizer, "@Dense(units = 1) fc");
    Compilation compilation = CompiledModels.compile("test.Flush", source);
    TrainableModel model = CompiledModels.instantiate(compilation, "test.UnrollFlush", 5, TrainableModel.class);
    // One step where both inputs are nonzero, then only the second: the first input's weight gets a
    // gradient of exactly zero from then on, and its state decays by a constant factor every step.
    model.trainStep(Batch.ofTargets(new float[] {1, 1, 0.5f, -1, 1, 0.25f, -0.5f, 1}, new float[] {1, 0, 1, 0}, 2, 1));
    Batch later = Batch.ofTargets(new float[] {0, 1, 0, -1, 0, 0.5f, 0, 0.25f}, new float[] {1, 0, 1, 0}, 2, 1);
    Field field = model.getClass().getDeclaredField("fcWeight" + state);
    field.setAccessible(true);
    Object rows = field.get(model);
    double afterFirst = ((Number) Array.get(Array.get(rows, 0), 0)).doubleValue();
    assertNotEquals(0.0, afterFirst, "state after the first step");
    for (int s = 1; s < STEPS; s++) {
      model.trainStep(later);
    }
    double min = precision.equals("FLOAT") ? Float.MIN_NORMAL : Double.MIN_NORMAL;
    for (int i = 0; i < Array.getLength(rows); i++) {
      Object row = Array.get(rows, i);
      for (int j = 0; j < Array.getLength(row); j++) {
        double x = ((Number) Array.get(row, j)).doubleValue();
        assertTrue(x == 0 || Math.abs(x) >= min, "fcWeight" + state + "[" + i + "][" + j + "] = " + x + " is subnormal");
      }
    }
    assertEquals(0.0, ((Number) Array.get(Array.get(rows, 0), 0)).doubleValue(),
        "the state of the weight without gradient, after " + STEPS + " steps");
  }
}
