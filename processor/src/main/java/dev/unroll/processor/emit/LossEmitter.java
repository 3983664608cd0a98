package dev.unroll.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.unroll.processor.ir.Loss;
import javax.lang.model.element.Modifier;

/**
 * Writes the loss method: it reads the last layer's output, returns the batch loss (accumulated in
 * double) and writes the gradient that starts the backward pass into the last layer's delta buffer.
 */
public final class LossEmitter {
  public static final String METHOD = "lossAndDelta";
  private static final ClassName BATCH = ClassName.get("dev.unroll.runtime", "Batch");

  private LossEmitter() {}

  /**
   * Whether the loss writes d loss / d pre-activation (so the last layer skips its activation's
   * derivative): binary cross-entropy on sigmoid outputs, fused as {@code p - t}.
   */
  public static boolean givesPreActivationDelta(Loss loss) {
    return loss == Loss.BINARY_CROSS_ENTROPY;
  }

  /** The field softmax cross-entropy keeps one sample's exponentials in. */
  static final String EXPONENTIALS = "exponentials";

  /**
   * The scratch field the loss method needs, or null: softmax cross-entropy keeps one sample's {@code
   * exp(z[j] - max)} so that each is computed once (a {@code Math.exp} costs about 15 ns on the machine
   * of the benchmarks: 320 of them, mnist-mlp's batch of 32 x 10, 4.8 us of a training step).
   */
  public static FieldSpec scratch(Loss loss) {
    if (loss != Loss.CROSS_ENTROPY) {
      return null;
    }
    return FieldSpec.builder(ArrayTypeName.of(TypeName.DOUBLE), EXPONENTIALS, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Softmax cross-entropy's {@code exp(z[j] - max)} for the sample at hand.\n")
        .initializer("new double[OUTPUT_SIZE]")
        .build();
  }

  /**
   * @param out the last layer's output buffer
   * @param delta the last layer's delta buffer
   */
  public static MethodSpec method(Loss loss, Num num, String out, String delta) {
    String t = num.type().toString();
    String c = num.cast();
    MethodSpec.Builder m = MethodSpec.methodBuilder(METHOD)
        .addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addParameter(BATCH, "batch")
        .addParameter(TypeName.INT, "n");
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("double total = 0");
    switch (loss) {
      case MEAN_SQUARED_ERROR:
        m.addJavadoc("Mean squared error: loss = sum (y - t)^2 / (n * OUTPUT_SIZE); dy = 2 (y - t) / (n * OUTPUT_SIZE).\n");
        elementwise(code, t, out, delta, "y", "dy", CodeBlock.builder()
            .addStatement("double d = yj - tj")
            .addStatement("total += d * d")
            .addStatement("dy[j] = $L(2 * d * scale)", c)
            .build());
        break;
      case CROSS_ENTROPY:
        m.addJavadoc("Softmax cross-entropy: loss = mean_b (logsumexp(z_b) - z_b[label_b]); "
            + "dz = (softmax(z) - onehot(label)) / n,\nwith softmax(z)_j = exp(z_j - max) / sum_k exp(z_k - max).\n");
        code.addStatement("int[] labels = batch.labels()");
        code.addStatement("double scale = 1.0 / n");
        code.beginControlFlow("for (int b = 0; b < n; b++)")
            .addStatement("$L[] z = $L[b]", t, out)
            .addStatement("$L[] dz = $L[b]", t, delta)
            .addStatement("int label = labels[b]")
            .addStatement("double max = z[0]")
            .beginControlFlow("for (int j = 1; j < OUTPUT_SIZE; j++)")
            .addStatement("max = Math.max(max, z[j])")
            .endControlFlow()
            .addStatement("double sum = 0")
            .beginControlFlow("for (int j = 0; j < OUTPUT_SIZE; j++)")
            .addStatement("double e = Math.exp(z[j] - max)")
            .addStatement("$L[j] = e", EXPONENTIALS)
            .addStatement("sum += e")
            .endControlFlow()
            .addStatement("total += max + Math.log(sum) - z[label]")
            .beginControlFlow("for (int j = 0; j < OUTPUT_SIZE; j++)")
            .addStatement("double p = $L[j] / sum", EXPONENTIALS)
            .addStatement("dz[j] = $L((j == label ? p - 1 : p) * scale)", c)
            .endControlFlow()
            .endControlFlow();
        break;
      case BINARY_CROSS_ENTROPY:
        m.addJavadoc("Binary cross-entropy on sigmoid outputs p: loss = -mean(t log p + (1 - t) log(1 - p)), each log "
            + "clamped at -100 as PyTorch does;\ndz = (p - t) / (n * OUTPUT_SIZE), the gradient with respect to the "
            + "sigmoid's input (sigmoid and loss fused).\n");
        elementwise(code, t, out, delta, "p", "dz", CodeBlock.builder()
            .addStatement("total -= tj * Math.max(Math.log(pj), -100.0) + (1 - tj) * Math.max(Math.log(1 - pj), -100.0)")
            .addStatement("dz[j] = $L((pj - tj) * scale)", c)
            .build());
        break;
      case BINARY_CROSS_ENTROPY_WITH_LOGITS:
        m.addJavadoc("Binary cross-entropy on logits z: loss = mean(max(z, 0) - z t + log(1 + exp(-|z|))); "
            + "dz = (sigmoid(z) - t) / (n * OUTPUT_SIZE).\n");
        elementwise(code, t, out, delta, "z", "dz", CodeBlock.builder()
            .addStatement("total += Math.max(zj, 0) - zj * tj + Math.log1p(Math.exp(-Math.abs(zj)))")
            .addStatement("dz[j] = $L((1 / (1 + Math.exp(-zj)) - tj) * scale)", c)
            .build());
        break;
      default:
        throw new AssertionError(loss);
    }
    code.addStatement("return total * scale");
    return m.addCode(code.build()).build();
  }

  /**
   * The loop of a loss that is a mean over every output: for each element, {@code <y>j} (the output, in
   * double) and {@code tj} (the target) are defined and {@code body} adds to {@code total} and writes the
   * delta.
   */
  private static void elementwise(CodeBlock.Builder code, String t, String out, String delta, String y, String dy,
      CodeBlock body) {
    code.addStatement("float[] targets = batch.targets()");
    code.addStatement("double scale = 1.0 / ((double) n * OUTPUT_SIZE)");
    code.beginControlFlow("for (int b = 0; b < n; b++)")
        .addStatement("$L[] $L = $L[b]", t, y, out)
        .addStatement("$L[] $L = $L[b]", t, dy, delta)
        .addStatement("int base = b * OUTPUT_SIZE")
        .beginControlFlow("for (int j = 0; j < OUTPUT_SIZE; j++)")
        .addStatement("double $Lj = $L[j]", y, y)
        .addStatement("double tj = targets[base + j]")
        .add(body)
        .endControlFlow()
        .endControlFlow();
  }
}
