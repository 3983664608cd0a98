package dev.unroll.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every diagnostic: its text, and the line it points at. */
class DiagnosticsTest {

  private static JavaFileObject source(String body) {
    return JavaFileObjects.forSourceString("test.Net", "package test;\n\n"
        + "import dev.unroll.*;\n"
        + "import dev.unroll.runtime.Tensor;\n\n"
        + body);
  }

  private static Compilation compile(JavaFileObject source) {
    return javac().withProcessors(new UnrollProcessor()).compile(source);
  }

  /** Compiles and expects exactly one error, containing {@code message}, on the line containing {@code line}. */
  private static void expectError(String body, String message, String line) {
    JavaFileObject source = source(body);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  @Test
  void noLayers_isAnErrorOnTheNetworkAnnotation() {
    expectError("@Network(input = 4)\n"
            + "@CrossEntropy @Adam\n"
            + "interface Net {}\n",
        "[Unroll/NoLayers] network Net declares no layers; add abstract methods annotated with a layer such as "
            + "@Dense(units = 10)",
        "@Network(input = 4)");
  }

  @Test
  void nonPositiveUnits_pointsAtTheUnitsValue() {
    expectError("@Network(input = 4)\n"
            + "@CrossEntropy @Adam\n"
            + "interface Net {\n"
            + "  @Dense(units = 8) Tensor fc1();\n"
            + "  @Dense(units = 0) Tensor fc2();\n"
            + "}\n",
        "[Unroll/NonPositiveUnits] fc2: units must be positive, got 0",
        "@Dense(units = 0)");
  }

  @Test
  void negativeUnits_isReported() {
    expectError("@Network(input = 4)\n"
            + "interface Net {\n"
            + "  @Dense(units = -3) Tensor fc1();\n"
            + "}\n",
        "[Unroll/NonPositiveUnits] fc1: units must be positive, got -3",
        "units = -3");
  }

  @Test
  void crossEntropyAfterRelu_needsLogits() {
    expectError("@Network(input = 4)\n"
            + "@CrossEntropy @Adam\n"
            + "interface Net {\n"
            + "  @Dense(units = 8, activation = Activation.RELU) Tensor fc1();\n"
            + "  @Dense(units = 3,\n"
            + "         activation = Activation.TANH) Tensor fc2();\n"
            + "}\n",
        "[Unroll/LossNeedsLogits] @CrossEntropy applies softmax itself and needs logits, but the last layer fc2 "
            + "has activation TANH; make fc2 a @Dense layer with activation IDENTITY",
        "activation = Activation.TANH");
  }

  @Test
  void crossEntropyAfterSoftmax_isSoftmaxTwice() {
    expectError("@Network(input = 4)\n"
            + "@CrossEntropy @Adam\n"
            + "interface Net {\n"
            + "  @Dense(units = 3, activation = Activation.SOFTMAX) Tensor fc1();\n"
            + "}\n",
        "[Unroll/SoftmaxTwice] softmax applied twice: @CrossEntropy applies softmax to the logits itself, and the "
            + "last layer fc1 already has activation SOFTMAX; use activation IDENTITY on fc1",
        "Activation.SOFTMAX");
  }

  @Test
  void twoOptimizers_pointsAtTheSecond() {
    expectError("@Network(input = 4)\n"
            + "@CrossEntropy\n"
            + "@SGD(learningRate = 0.1)\n"
            + "@Adam\n"
            + "interface Net {\n"
            + "  @Dense(units = 3) Tensor fc1();\n"
            + "}\n",
        "[Unroll/TwoOptimizers] network Net declares two optimizers, @SGD and @Adam; keep exactly one",
        "@Adam");
  }

  @Test
  void twoLosses_pointsAtTheSecond() {
    expectError("@Network(input = 4)\n"
            + "@CrossEntropy\n"
            + "@MeanSquaredError\n"
            + "@Adam\n"
            + "interface Net {\n"
            + "  @Dense(units = 3) Tensor fc1();\n"
            + "}\n",
        "[Unroll/TwoLosses] network Net declares two losses, @CrossEntropy and @MeanSquaredError; keep exactly one",
        "@MeanSquaredError");
  }

  @Test
  void optimizerWithoutLoss_isNoLoss() {
    expectError("@Network(input = 4)\n"
            + "@Adam(learningRate = 0.01)\n"
            + "interface Net {\n"
            + "  @Dense(units = 3) Tensor fc1();\n"
            + "}\n",
        "[Unroll/NoLoss] network Net has optimizer @Adam but no loss; add @CrossEntropy, @MeanSquaredError or "
            + "@BinaryCrossEntropy",
        "@Adam(learningRate = 0.01)");
  }

  @Test
  void lossWithoutOptimizer_isNoOptimizer() {
    expectError("@Network(input = 4)\n"
            + "@MeanSquaredError\n"
            + "interface Net {\n"
            + "  @Dense(units = 3) Tensor fc1();\n"
            + "}\n",
        "[Unroll/NoOptimizer] network Net has loss @MeanSquaredError but no optimizer",
        "@MeanSquaredError");
  }

  @Test
  void stepInTrainedNetwork_isRefused() {
    expectError("@Network(input = 2)\n"
            + "@MeanSquaredError @SGD\n"
            + "interface Net {\n"
            + "  @Dense(units = 2, activation = Activation.STEP) Tensor hidden();\n"
            + "  @Dense(units = 1) Tensor out();\n"
            + "}\n",
        "[Unroll/StepNotTrainable] hidden: activation STEP has a zero gradient everywhere, so network Net cannot "
            + "train through it",
        "Activation.STEP");
  }

  @Test
  void stepInInferenceOnlyNetwork_compiles() {
    Compilation compilation = compile(source("@Network(input = 2)\n"
        + "interface Net {\n"
        + "  @Dense(units = 1, activation = Activation.STEP) Tensor perceptron();\n"
        + "}\n"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.UnrollNet");
  }

  @Test
  void zeroInputDimension_pointsAtTheInputValue() {
    expectError("@Network(input = {1, 0, 28})\n"
            + "interface Net {\n"
            + "  @Dense(units = 3) Tensor fc1();\n"
            + "}\n",
        "[Unroll/BadInputShape] input shape {1, 0, 28} has a zero dimension at position 1; every dimension of an "
            + "input must be positive",
        "@Network(input = {1, 0, 28})");
  }

  @Test
  void negativeInputDimension_isReported() {
    expectError("@Network(input = -784)\n"
            + "interface Net {\n"
            + "  @Dense(units = 3) Tensor fc1();\n"
            + "}\n",
        "[Unroll/BadInputShape] input shape {-784} has a negative dimension at position 0",
        "input = -784");
  }

  @Test
  void bceWithoutSigmoid_isRefused() {
    expectError("@Network(input = 2)\n"
            + "@BinaryCrossEntropy @SGD\n"
            + "interface Net {\n"
            + "  @Dense(units = 1) Tensor out();\n"
            + "}\n",
        "[Unroll/LossNeedsSigmoid] @BinaryCrossEntropy takes probabilities, but the last layer out has activation "
            + "IDENTITY",
        "@Dense(units = 1)");
  }

  @Test
  void bceFromLogitsAfterSigmoid_needsLogits() {
    expectError("@Network(input = 2)\n"
            + "@BinaryCrossEntropy(fromLogits = true) @SGD\n"
            + "interface Net {\n"
            + "  @Dense(units = 1, activation = Activation.SIGMOID) Tensor out();\n"
            + "}\n",
        "[Unroll/LossNeedsLogits] @BinaryCrossEntropy(fromLogits = true) applies sigmoid itself and needs logits",
        "Activation.SIGMOID");
  }

  @Test
  void classInsteadOfInterface_isRefused() {
    expectError("@Network(input = 2)\n"
            + "abstract class Net {}\n",
        "[Unroll/NotAnInterface] @Network goes on an interface whose abstract methods are the layers; Net is a class",
        "abstract class Net");
  }

  @Test
  void methodWithoutLayerAnnotation_isRefused() {
    expectError("@Network(input = 2)\n"
            + "interface Net {\n"
            + "  @Dense(units = 1) Tensor out();\n"
            + "  Tensor forgotten();\n"
            + "}\n",
        "[Unroll/NotALayer] forgotten() is abstract but has no layer annotation",
        "Tensor forgotten()");
  }

  @Test
  void layerReturningFloatArray_isRefused() {
    expectError("@Network(input = 2)\n"
            + "interface Net {\n"
            + "  @Dense(units = 1) float[] out();\n"
            + "}\n",
        "[Unroll/LayerReturnType] layer method out() must return dev.unroll.runtime.Tensor (a view of its latest "
            + "output), not float[]",
        "float[] out()");
  }

  @Test
  void layerNamedLikeAModelMethod_isRefused() {
    expectError("@Network(input = 2)\n"
            + "interface Net {\n"
            + "  @Dense(units = 1) Tensor output();\n"
            + "}\n",
        "[Unroll/ReservedLayerName] a layer cannot be named output()",
        "Tensor output()");
  }

  @Test
  void badLearningRate_pointsAtTheValue() {
    expectError("@Network(input = 2)\n"
            + "@MeanSquaredError\n"
            + "@Adam(learningRate = -0.1)\n"
            + "interface Net {\n"
            + "  @Dense(units = 1) Tensor out();\n"
            + "}\n",
        "[Unroll/BadHyperparameter] @Adam: learningRate must be positive and finite, got -0.1",
        "learningRate = -0.1");
  }

  @Test
  void momentumOfOne_isRefused() {
    expectError("@Network(input = 2)\n"
            + "@MeanSquaredError\n"
            + "@SGD(momentum = 1.0)\n"
            + "interface Net {\n"
            + "  @Dense(units = 1) Tensor out();\n"
            + "}\n",
        "[Unroll/BadHyperparameter] @SGD: momentum must be in [0, 1), got 1.0",
        "momentum = 1.0");
  }

  @Test
  void nesterovWithoutMomentum_isRefused() {
    expectError("@Network(input = 2)\n"
            + "@MeanSquaredError\n"
            + "@SGD(nesterov = true)\n"
            + "interface Net {\n"
            + "  @Dense(units = 1) Tensor out();\n"
            + "}\n",
        "[Unroll/NesterovWithoutMomentum] @SGD: nesterov = true needs a positive momentum, but momentum is 0.0",
        "nesterov = true");
  }

  @Test
  void slopeOnRelu_isRefused() {
    expectError("@Network(input = 2)\n"
            + "interface Net {\n"
            + "  @Dense(units = 1, activation = Activation.RELU, negativeSlope = 0.2) Tensor out();\n"
            + "}\n",
        "[Unroll/SlopeWithoutLeakyRelu] out: negativeSlope applies only to activation LEAKY_RELU, but the "
            + "activation is RELU",
        "negativeSlope = 0.2");
  }

  @Test
  void badBatchSize_isRefused() {
    expectError("@Network(input = 2, batchSize = 0)\n"
            + "interface Net {\n"
            + "  @Dense(units = 1) Tensor out();\n"
            + "}\n",
        "[Unroll/BadBatchSize] batchSize must be positive, got 0",
        "batchSize = 0");
  }

  @Test
  void severalMistakes_areAllReported() {
    JavaFileObject source = source("@Network(input = {0})\n"
        + "@CrossEntropy\n"
        + "@SGD(learningRate = 0.1)\n"
        + "@Adam\n"
        + "interface Net {\n"
        + "  @Dense(units = 0) Tensor fc1();\n"
        + "  @Dense(units = -1) Tensor fc2();\n"
        + "}\n");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining("[Unroll/BadInputShape]").inFile(source).onLineContaining("input = {0}");
    assertThat(compilation).hadErrorContaining("[Unroll/TwoOptimizers]").inFile(source).onLineContaining("@Adam");
    assertThat(compilation).hadErrorContaining("fc1: units must be positive, got 0").inFile(source)
        .onLineContaining("units = 0");
    assertThat(compilation).hadErrorContaining("fc2: units must be positive, got -1").inFile(source)
        .onLineContaining("units = -1");
  }
}
