package dev.unroll.processor;

import static dev.unroll.processor.CompiledModels.network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.testing.compile.Compilation;
import dev.unroll.runtime.Batch;
import dev.unroll.runtime.Rng;
import dev.unroll.runtime.Tensor;
import dev.unroll.runtime.TrainableModel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Analytic gradients of the double-precision models against central finite differences, element by
 * element; and the float models against the double ones.
 */
class GradientCheckTest {
  private static final double H = 1e-6;
  private static final Tolerance FINITE_DIFFERENCE = new Tolerance(1e-8, 1e-6);
  private static final int BATCH = 3;

  private static TrainableModel model(String name, String precision, String annotations, int inputs,
      String... layers) {
    String source = network(name, "input = " + inputs + ", batchSize = 4, seed = 11, precision = Precision." + precision,
        annotations, layers);
    Compilation compilation = CompiledModels.compile("test." + name, source);
    return CompiledModels.instantiate(compilation, "test.Unroll" + name, 11, TrainableModel.class);
  }

  /** A batch of {@code BATCH} random samples with targets fitting the model's loss. */
  private static Batch randomBatch(TrainableModel model, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[BATCH * model.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.uniform(-2, 2);
    }
    if (model.lossKind().usesClassLabels()) {
      int[] labels = new int[BATCH];
      for (int b = 0; b < BATCH; b++) {
        labels[b] = rng.nextInt(model.outputSize());
      }
      return Batch.ofLabels(x, labels, model.inputSize());
    }
    float[] t = new float[BATCH * model.outputSize()];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) rng.nextDouble();
    }
    return Batch.ofTargets(x, t, model.inputSize(), model.outputSize());
  }

  /** Every gradient element against (L(p + h) - L(p - h)) / 2h. */
  private static void checkGradients(TrainableModel model) {
    Batch batch = randomBatch(model, 5);
    model.computeGradients(batch);
    int checked = 0;
    for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
      Tensor p = e.getValue();
      double[] analytic = model.gradients().get(e.getKey()).toDoubleArray();
      for (int i = 0; i < p.size(); i++) {
        double saved = p.getDouble(i);
        p.setDouble(i, saved + H);
        double plus = model.loss(batch);
        p.setDouble(i, saved - H);
        double minus = model.loss(batch);
        p.setDouble(i, saved);
        FINITE_DIFFERENCE.check(e.getKey() + "[" + i + "]", (plus - minus) / (2 * H), analytic[i]);
        checked++;
      }
    }
    if (checked != model.parameterCount()) {
      throw new AssertionError("checked " + checked + " of " + model.parameterCount() + " parameters");
    }
  }

  @ParameterizedTest(name = "dense {0}")
  @ValueSource(strings = {"IDENTITY", "SIGMOID", "TANH", "RELU", "LEAKY_RELU", "SOFTMAX"})
  void denseActivation_gradientMatchesFiniteDifferences(String activation) {
    checkGradients(model("Grad" + activation.replace("_", ""), "DOUBLE", "@MeanSquaredError\n@SGD", 5,
        "@Dense(units = 4, activation = Activation." + activation + ", init = Init.XAVIER_NORMAL, "
            + "biasInit = BiasInit.PYTORCH) fc"));
  }

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource({
      "@MeanSquaredError, TANH",
      "@CrossEntropy, IDENTITY",
      "@BinaryCrossEntropy, SIGMOID",
      "@BinaryCrossEntropy(fromLogits = true), IDENTITY"})
  void loss_gradientMatchesFiniteDifferences(String loss, String activation) {
    checkGradients(model("Loss" + Math.abs(loss.hashCode()), "DOUBLE", loss + "\n@SGD", 4,
        "@Dense(units = 6, activation = Activation.TANH) hidden",
        "@Dense(units = 3, activation = Activation." + activation + ", biasInit = BiasInit.PYTORCH) out"));
  }

  private static final String[] MLP = {
      "@Dense(units = 7, activation = Activation.RELU, init = Init.HE_NORMAL, biasInit = BiasInit.PYTORCH) fc1",
      "@Dense(units = 6, activation = Activation.LEAKY_RELU, negativeSlope = 0.2, init = Init.LECUN_UNIFORM) fc2",
      "@Dense(units = 5, activation = Activation.SIGMOID, init = Init.LECUN_NORMAL, biasInit = BiasInit.PYTORCH) fc3",
      "@Dense(units = 4, activation = Activation.SOFTMAX, init = Init.PYTORCH, bias = false) fc4",
      "@Dense(units = 3, init = Init.XAVIER_UNIFORM, biasInit = BiasInit.PYTORCH) fc5"};

  @Test
  void wholeMlp_gradientMatchesFiniteDifferences() {
    checkGradients(model("GradMlp", "DOUBLE", "@CrossEntropy\n@Adam", 5, MLP));
  }

  /**
   * A second {@code computeGradients} replaces the first one's gradients instead of adding to them, for
   * every part when the work is split across threads, and when the second batch has fewer rows.
   */
  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 2})
  void computeGradients_replacesPreviousGradients(int threads) {
    String source = network("Replace", "input = 5, batchSize = 4, seed = 11, precision = Precision.FLOAT",
        "@CrossEntropy\n@Adam", MLP);
    Compilation compilation = CompiledModels.compile("test.Replace", source);
    TrainableModel twice = CompiledModels.instantiate(compilation, "test.UnrollReplace", 11, threads, TrainableModel.class);
    TrainableModel once = CompiledModels.instantiate(compilation, "test.UnrollReplace", 11, threads, TrainableModel.class);
    Batch first = randomBatch(twice, 21);
    Rng rng = new Rng(22);
    float[] x = new float[2 * twice.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.uniform(-2, 2);
    }
    Batch second = Batch.ofLabels(x, new int[] {2, 0}, twice.inputSize());
    twice.computeGradients(first);
    twice.computeGradients(second);
    once.computeGradients(second);
    once.gradients().forEach((name, g) -> assertArrayEquals(g.toDoubleArray(),
        twice.gradients().get(name).toDoubleArray(), name));
  }

  @Test
  void floatModel_agreesWithDoubleModelToFloatRounding() {
    TrainableModel dbl = model("AgreeDouble", "DOUBLE", "@CrossEntropy\n@Adam", 5, MLP);
    TrainableModel flt = model("AgreeFloat", "FLOAT", "@CrossEntropy\n@Adam", 5, MLP);
    // the same starting point: the float model's parameters, which double represents exactly
    flt.parameters().forEach((name, p) -> dbl.parameters().get(name).copyFrom(p.toDoubleArray()));
    Batch batch = randomBatch(flt, 9);
    Tolerance floatRounding = new Tolerance(1e-6, 1e-5);
    floatRounding.check("loss", dbl.computeGradients(batch), flt.computeGradients(batch));
    floatRounding.check("output", dbl.output().toDoubleArray(), flt.output());
    dbl.gradients().forEach((name, g) -> floatRounding.check("grad." + name, g.toDoubleArray(), flt.gradients().get(name)));
  }
}
