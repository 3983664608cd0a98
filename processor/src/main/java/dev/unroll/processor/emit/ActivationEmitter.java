package dev.unroll.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.unroll.Activation;

/**
 * The code of each activation and of its derivative, in place on one row. Every derivative is written
 * in terms of the output {@code y}, so layers keep no pre-activation values.
 */
public final class ActivationEmitter {
  private ActivationEmitter() {}

  /**
   * Applies {@code activation} in place to {@code y[0, length)}.
   *
   * @param slope the name of the LEAKY_RELU slope constant
   */
  public static CodeBlock forward(Activation activation, Num num, String y, String length, String slope) {
    String t = num.type().toString();
    String c = num.cast();
    CodeBlock.Builder code = CodeBlock.builder();
    switch (activation) {
      case IDENTITY:
        break;
      case STEP:
        code.add("// step: y = x >= 0 ? 1 : 0\n");
        loop(code, length, "$1L[j] = $1L[j] >= $2L ? $3L : $2L", y, num.lit(0), num.lit(1));
        break;
      case SIGMOID:
        code.add("// sigmoid: y = 1 / (1 + exp(-x))\n");
        loop(code, length, "$1L[j] = $2L(1.0 / (1.0 + Math.exp(-$1L[j])))", y, c);
        break;
      case TANH:
        code.add("// tanh\n");
        loop(code, length, "$1L[j] = $2LMath.tanh($1L[j])", y, c);
        break;
      case RELU:
        code.add("// relu: y = max(x, 0)\n");
        loop(code, length, "$1L[j] = Math.max($1L[j], $2L)", y, num.lit(0));
        break;
      case LEAKY_RELU:
        code.add("// leaky relu: y = x > 0 ? x : slope * x\n");
        loop(code, length, "$1L[j] = $1L[j] > $2L ? $1L[j] : $3L * $1L[j]", y, num.lit(0), slope);
        break;
      case SOFTMAX:
        code.add("// softmax: y = exp(x - max x) / sum exp(x - max x)\n");
        code.addStatement("$L max = $L[0]", t, y);
        loop(code, length, "max = Math.max(max, $L[j])", y);
        code.addStatement("double sum = 0");
        code.beginControlFlow("for (int j = 0; j < $L; j++)", length)
            .addStatement("$1L[j] = $2LMath.exp($1L[j] - max)", y, c)
            .addStatement("sum += $L[j]", y)
            .endControlFlow();
        loop(code, length, "$1L[j] = $2L($1L[j] / sum)", y, c);
        break;
      default:
        throw new AssertionError(activation);
    }
    return code.build();
  }

  /**
   * Turns {@code dz[0, length)}, holding d loss / d y on entry, into d loss / d x, given the output
   * {@code y} of the activation.
   */
  public static CodeBlock backward(Activation activation, Num num, String y, String dz, String length, String slope) {
    CodeBlock.Builder code = CodeBlock.builder();
    switch (activation) {
      case IDENTITY:
        break;
      case SIGMOID:
        code.add("// sigmoid' = y (1 - y)\n");
        loop(code, length, "$1L[j] *= $2L[j] * ($3L - $2L[j])", dz, y, num.lit(1));
        break;
      case TANH:
        code.add("// tanh' = 1 - y^2\n");
        loop(code, length, "$1L[j] *= $3L - $2L[j] * $2L[j]", dz, y, num.lit(1));
        break;
      case RELU:
        code.add("// relu' = y > 0 ? 1 : 0\n");
        loop(code, length, "$1L[j] = $2L[j] > $3L ? $1L[j] : $3L", dz, y, num.lit(0));
        break;
      case LEAKY_RELU:
        code.add("// leaky relu' = y > 0 ? 1 : slope\n");
        loop(code, length, "$1L[j] = $2L[j] > $3L ? $1L[j] : $4L * $1L[j]", dz, y, num.lit(0), slope);
        break;
      case SOFTMAX:
        code.add("// softmax: dx_j = y_j (dy_j - sum_k dy_k y_k)\n");
        code.addStatement("double dot = 0");
        loop(code, length, "dot += $L[j] * $L[j]", dz, y);
        loop(code, length, "$1L[j] = $3L($2L[j] * ($1L[j] - dot))", dz, y, num.cast());
        break;
      case STEP:
        throw new IllegalStateException("STEP has no gradient; the validator rejects trained networks using it");
      default:
        throw new AssertionError(activation);
    }
    return code.build();
  }

  private static final com.palantir.javapoet.ClassName ACTIVATIONS =
      com.palantir.javapoet.ClassName.get("dev.unroll.runtime.kernel", "Activations");

  /** The runtime kernel's name for an activation: {@code leakyRelu}. */
  private static String kernel(Activation activation) {
    String[] words = activation.name().toLowerCase(java.util.Locale.ROOT).split("_");
    StringBuilder name = new StringBuilder(words[0]);
    for (int w = 1; w < words.length; w++) {
      name.append(Character.toUpperCase(words[w].charAt(0))).append(words[w].substring(1));
    }
    return name.toString();
  }

  /**
   * A call of the runtime's float kernel applying {@code activation} in place to {@code y[0, length)}
   * (fast approximations of exp and tanh, vectorised; see {@code dev.unroll.runtime.kernel.Activations}).
   */
  public static CodeBlock forwardCall(Activation activation, String y, String length, String slope) {
    if (activation == Activation.LEAKY_RELU) {
      return CodeBlock.builder().addStatement("$T.leakyRelu($L, $L, $L)", ACTIVATIONS, y, length, slope).build();
    }
    return CodeBlock.builder().addStatement("$T.$L($L, $L)", ACTIVATIONS, kernel(activation), y, length).build();
  }

  /** A call of the runtime's float kernel turning {@code dz} into d loss / d x in place, given the output {@code y}. */
  public static CodeBlock backwardCall(Activation activation, String y, String dz, String length, String slope) {
    if (activation == Activation.STEP) {
      throw new IllegalStateException("STEP has no gradient; the validator rejects trained networks using it");
    }
    if (activation == Activation.LEAKY_RELU) {
      return CodeBlock.builder()
          .addStatement("$T.leakyReluBackward($L, $L, $L, $L)", ACTIVATIONS, y, dz, length, slope).build();
    }
    return CodeBlock.builder()
        .addStatement("$T.$LBackward($L, $L, $L)", ACTIVATIONS, kernel(activation), y, dz, length).build();
  }

  private static void loop(CodeBlock.Builder code, String length, String statement, Object... args) {
    code.beginControlFlow("for (int j = 0; j < $L; j++)", length)
        .addStatement(statement, args)
        .endControlFlow();
  }
}
