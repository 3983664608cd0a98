package dev.unroll.processor.diagnostics;

import javax.tools.Diagnostic.Kind;

/**
 * Every diagnostic the processor can print: a stable key, a severity and a format string. Messages
 * name the layer and the shapes involved, and say how to fix the mistake. Each has a test of its text
 * and position.
 */
public enum Message {
  NOT_AN_INTERFACE(Kind.ERROR, "NotAnInterface",
      "@Network goes on an interface whose abstract methods are the layers; %s is a %s"),
  PRIVATE_INTERFACE(Kind.ERROR, "PrivateInterface",
      "%s is private, so the generated class cannot implement it; make it package-private or public"),
  GENERIC_INTERFACE(Kind.ERROR, "GenericInterface",
      "%s has type parameters; a network interface cannot be generic"),
  BAD_SUPERINTERFACE(Kind.ERROR, "BadSuperinterface",
      "%s extends %s; a network interface may only extend dev.unroll.runtime.Model or TrainableModel"),
  NO_LAYERS(Kind.ERROR, "NoLayers",
      "network %s declares no layers; add abstract methods annotated with a layer such as @Dense(units = 10)"),
  NOT_A_LAYER(Kind.ERROR, "NotALayer",
      "%s() is abstract but has no layer annotation; annotate it with a layer such as @Dense, or give it a default body"),
  TWO_LAYER_ANNOTATIONS(Kind.ERROR, "TwoLayerAnnotations",
      "%s() has %s; a method declares exactly one layer"),
  LAYER_HAS_PARAMETERS(Kind.ERROR, "LayerHasParameters",
      "layer method %s() must take no parameters; it returns a view of the layer's latest output"),
  RESERVED_LAYER_NAME(Kind.ERROR, "ReservedLayerName",
      "a layer cannot be named %s(): the generated class already has that method (from dev.unroll.runtime.Model or Object); rename the layer"),
  LAYER_RETURN_TYPE(Kind.ERROR, "LayerReturnType",
      "layer method %s() must return dev.unroll.runtime.Tensor (a view of its latest output), not %s"),
  BAD_INPUT_SHAPE(Kind.ERROR, "BadInputShape",
      "input shape %s has %s; every dimension of an input must be positive, e.g. input = {784} or input = {1, 28, 28}"),
  BAD_BATCH_SIZE(Kind.ERROR, "BadBatchSize",
      "batchSize must be positive, got %d"),
  NON_POSITIVE_UNITS(Kind.ERROR, "NonPositiveUnits",
      "%s: units must be positive, got %d"),
  BAD_SLOPE(Kind.ERROR, "BadSlope",
      "%s: negativeSlope must be finite, at least 0 and below 1, got %s"),
  SLOPE_WITHOUT_LEAKY_RELU(Kind.ERROR, "SlopeWithoutLeakyRelu",
      "%s: negativeSlope applies only to activation LEAKY_RELU, but the activation is %s; remove it or use LEAKY_RELU"),
  BIAS_INIT_WITHOUT_BIAS(Kind.ERROR, "BiasInitWithoutBias",
      "%s: biasInit is set but bias = false; remove one of them"),
  TWO_LOSSES(Kind.ERROR, "TwoLosses",
      "network %s declares two losses, %s and %s; keep exactly one"),
  TWO_OPTIMIZERS(Kind.ERROR, "TwoOptimizers",
      "network %s declares two optimizers, %s and %s; keep exactly one"),
  NO_LOSS(Kind.ERROR, "NoLoss",
      "network %s has optimizer %s but no loss; add @CrossEntropy, @MeanSquaredError or @BinaryCrossEntropy"),
  NO_OPTIMIZER(Kind.ERROR, "NoOptimizer",
      "network %s has loss %s but no optimizer; add @SGD or @Adam, or remove the loss for an inference-only network"),
  BAD_HYPERPARAMETER(Kind.ERROR, "BadHyperparameter",
      "@%s: %s must be %s, got %s"),
  NESTEROV_WITHOUT_MOMENTUM(Kind.ERROR, "NesterovWithoutMomentum",
      "@SGD: nesterov = true needs a positive momentum, but momentum is %s"),
  LOSS_NEEDS_LOGITS(Kind.ERROR, "LossNeedsLogits",
      "%s applies %s itself and needs logits, but the last layer %s %s; make %s a @Dense layer with activation IDENTITY"),
  SOFTMAX_TWICE(Kind.ERROR, "SoftmaxTwice",
      "softmax applied twice: @CrossEntropy applies softmax to the logits itself, and the last layer %s already has activation SOFTMAX; use activation IDENTITY on %s"),
  BCE_NEEDS_SIGMOID(Kind.ERROR, "LossNeedsSigmoid",
      "@BinaryCrossEntropy takes probabilities, but the last layer %s %s; use activation SIGMOID on %s, or @BinaryCrossEntropy(fromLogits = true) with activation IDENTITY"),
  STEP_IN_TRAINED_MODEL(Kind.ERROR, "StepNotTrainable",
      "%s: activation STEP has a zero gradient everywhere, so network %s cannot train through it; use SIGMOID or another differentiable activation, or remove the loss and optimizer for an inference-only network"),
  INTERNAL_ERROR(Kind.ERROR, "InternalError",
      "Unroll failed on %s; this is a bug in Unroll, please report it with the interface: %s");

  private final Kind kind;
  private final String key;
  private final String format;

  Message(Kind kind, String key, String format) {
    this.kind = kind;
    this.key = key;
    this.format = format;
  }

  public Kind kind() {
    return kind;
  }

  /** The stable key, {@code [Unroll/Key]}, that starts the printed message. */
  public String key() {
    return "[Unroll/" + key + "]";
  }

  /** The printed text: the key, then the formatted message. */
  public String format(Object... args) {
    return key() + " " + String.format(java.util.Locale.ROOT, format, args);
  }
}
