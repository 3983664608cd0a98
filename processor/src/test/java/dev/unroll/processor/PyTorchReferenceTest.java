package dev.unroll.processor;

import static dev.unroll.processor.CompiledModels.network;

import com.google.testing.compile.Compilation;
import dev.unroll.runtime.Batch;
import dev.unroll.runtime.TrainableModel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated models against PyTorch: outputs, losses, gradients and optimizer steps, in double and in
 * float precision, from the fixtures that {@code make_fixtures.py} writes.
 */
class PyTorchReferenceTest {

  static List<Arguments> precisions(List<String> cases) {
    List<Arguments> args = new java.util.ArrayList<>();
    for (String c : cases) {
      args.add(Arguments.of(c, "DOUBLE"));
      args.add(Arguments.of(c, "FLOAT"));
    }
    return args;
  }

  static List<Arguments> denseCases() {
    return precisions(List.of("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"));
  }

  static List<Arguments> lossCases() {
    return precisions(List.of("mse", "cross_entropy", "bce", "bce_logits"));
  }

  static List<Arguments> optimizerCases() {
    return precisions(List.of("sgd", "sgd_momentum", "sgd_nesterov", "adam"));
  }

  private static Tolerance tolerance(String precision) {
    return precision.equals("DOUBLE") ? Tolerance.DOUBLE : Tolerance.FLOAT;
  }

  private static TrainableModel build(String name, String precision, String annotations, String... layers) {
    String source = network(name, "input = " + inputOf(layers) + ", batchSize = 5, precision = Precision." + precision,
        annotations, java.util.Arrays.stream(layers).map(l -> l.substring(l.indexOf('|') + 1)).toArray(String[]::new));
    Compilation compilation = CompiledModels.compile("test." + name, source);
    return CompiledModels.instantiate(compilation, "test.Unroll" + name, 0, TrainableModel.class);
  }

  /** Layers are given as {@code "<inputs>|<annotation> <name>"}; the first one's inputs are the network's. */
  private static String inputOf(String[] layers) {
    return layers[0].substring(0, layers[0].indexOf('|'));
  }

  private static void setParameters(TrainableModel model, Fixture f, String prefix) {
    model.parameters().forEach((name, tensor) -> tensor.copyFrom(f.get(prefix + name)));
  }

  private static Batch batch(TrainableModel model, Fixture f) {
    float[] x = f.floats("x");
    return model.lossKind().usesClassLabels()
        ? Batch.ofLabels(x, f.labels("labels"), model.inputSize())
        : Batch.ofTargets(x, f.floats("t"), model.inputSize(), model.outputSize());
  }

  /** Output, loss and every parameter gradient of a model set to the fixture's parameters. */
  private static void checkForwardAndBackward(TrainableModel model, Fixture f, Tolerance tol) {
    setParameters(model, f, "");
    double loss = model.computeGradients(batch(model, f));
    tol.check("y", f.get("y"), model.output());
    tol.check("loss", f.scalar("loss"), loss);
    model.gradients().forEach((name, grad) -> tol.check("grad." + name, f.get("grad." + name), grad));
  }

  @ParameterizedTest(name = "dense {0}, {1}")
  @MethodSource("denseCases")
  void denseLayer_matchesPyTorch(String activation, String precision) {
    String act = "Activation." + activation.toUpperCase(java.util.Locale.ROOT)
        + (activation.equals("leaky_relu") ? ", negativeSlope = 0.1" : "");
    TrainableModel model = build("Dense" + activation.replace("_", ""), precision, "@MeanSquaredError\n@SGD",
        "5|@Dense(units = 4, activation = " + act + ") fc");
    checkForwardAndBackward(model, Fixture.load("dense_" + activation), tolerance(precision));
  }

  @ParameterizedTest(name = "loss {0}, {1}")
  @MethodSource("lossCases")
  void loss_matchesPyTorch(String loss, String precision) {
    String annotation;
    String activation = "IDENTITY";
    switch (loss) {
      case "mse":
        annotation = "@MeanSquaredError";
        break;
      case "cross_entropy":
        annotation = "@CrossEntropy";
        break;
      case "bce":
        annotation = "@BinaryCrossEntropy";
        activation = "SIGMOID";
        break;
      case "bce_logits":
        annotation = "@BinaryCrossEntropy(fromLogits = true)";
        break;
      default:
        throw new AssertionError(loss);
    }
    TrainableModel model = build("Loss" + loss.replace("_", ""), precision, annotation + "\n@SGD",
        "5|@Dense(units = 4, activation = Activation." + activation + ") fc");
    checkForwardAndBackward(model, Fixture.load("loss_" + loss), tolerance(precision));
  }

  @ParameterizedTest(name = "three steps of {0}, {1}")
  @MethodSource("optimizerCases")
  void optimizerSteps_matchPyTorch(String optimizer, String precision) {
    String annotation;
    switch (optimizer) {
      case "sgd":
        annotation = "@SGD(learningRate = 0.1)";
        break;
      case "sgd_momentum":
        annotation = "@SGD(learningRate = 0.1, momentum = 0.9)";
        break;
      case "sgd_nesterov":
        annotation = "@SGD(learningRate = 0.1, momentum = 0.9, nesterov = true)";
        break;
      case "adam":
        annotation = "@Adam(learningRate = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8)";
        break;
      default:
        throw new AssertionError(optimizer);
    }
    TrainableModel model = build("Opt" + optimizer.replace("_", ""), precision, "@CrossEntropy\n" + annotation,
        "4|@Dense(units = 6, activation = Activation.TANH) fc1", "6|@Dense(units = 3) fc2");
    Fixture f = Fixture.load("opt_" + optimizer);
    Tolerance tol = tolerance(precision);
    setParameters(model, f, "");
    Batch batch = batch(model, f);
    for (int step = 1; step <= 3; step++) {
      double loss = model.computeGradients(batch);
      if (step == 1) {
        model.gradients().forEach((name, grad) -> tol.check("grad." + name, f.get("grad." + name), grad));
      }
      model.applyGradients();
      tol.check("loss" + step, f.scalar("loss" + step), loss);
      String prefix = "step" + step + ".";
      model.parameters().forEach((name, p) -> tol.check(prefix + name, f.get(prefix + name), p));
    }
  }

  @ParameterizedTest(name = "three-layer MLP with MSE, {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"DOUBLE", "FLOAT"})
  void mlp_matchesPyTorch(String precision) {
    TrainableModel model = build("Mlp", precision, "@MeanSquaredError\n@SGD",
        "3|@Dense(units = 8, activation = Activation.SIGMOID) fc1",
        "8|@Dense(units = 8, activation = Activation.RELU) fc2",
        "8|@Dense(units = 2) fc3");
    checkForwardAndBackward(model, Fixture.load("mlp_mse"), tolerance(precision));
  }
}
