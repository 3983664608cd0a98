package dev.unroll.processor.emit.dense;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.unroll.Activation;
import dev.unroll.processor.emit.ActivationEmitter;
import dev.unroll.processor.emit.LayerContext;
import dev.unroll.processor.emit.LayerEmitter;
import dev.unroll.processor.emit.Num;
import dev.unroll.processor.ir.LayerNode;
import dev.unroll.processor.ir.dense.DenseNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes a dense layer. The weight is stored transposed, {@code W^T [in][units]}, one array per input,
 * so that both the forward pass ({@code y += x_i * W^T[i]}) and the weight gradient
 * ({@code dW^T[i] += x_i * dz}) are axpy loops over arrays indexed from 0, the form C2 vectorises. In
 * float the layer calls the runtime's kernels ({@code Linear}, {@code Activations}: the Vector API when
 * present, else scalar loops of that form) with its constant shapes; in double it writes the loops.
 */
public final class DenseEmitter implements LayerEmitter {
  private static final ClassName LINEAR = ClassName.get("dev.unroll.runtime.kernel", "Linear");
  private static final ClassName WORKERS = ClassName.get("dev.unroll.runtime", "Workers");

  private static String prefix(LayerNode node) {
    return node.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static String inConst(LayerNode node) {
    return prefix(node) + "_IN";
  }

  private static String unitsConst(LayerNode node) {
    return prefix(node) + "_UNITS";
  }

  private static String slopeConst(LayerNode node) {
    return prefix(node) + "_SLOPE";
  }

  @Override
  public List<FieldSpec> constants(LayerNode node, Num num) {
    DenseNode dense = (DenseNode) node;
    List<FieldSpec> constants = new ArrayList<>();
    constants.add(constant(TypeName.INT, inConst(node), Integer.toString(dense.in()),
        node.name() + ": inputs per sample" + (node.input().rank() > 1 ? ", " + node.input() + " flattened" : "")));
    constants.add(constant(TypeName.INT, unitsConst(node), Integer.toString(dense.units()), node.name() + ": units"));
    if (dense.activation() == Activation.LEAKY_RELU) {
      constants.add(constant(num.type(), slopeConst(node), num.lit(dense.negativeSlope()),
          node.name() + ": slope of leaky relu for negative inputs"));
    }
    return constants;
  }

  private static FieldSpec constant(TypeName type, String name, String value, String doc) {
    return FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L.\n", doc)
        .initializer("$L", value)
        .build();
  }

  @Override
  public String forwardDoc(LayerNode node) {
    DenseNode d = (DenseNode) node;
    String affine = "x W^T" + (d.bias() == null ? "" : " + b");
    String expr = d.activation() == Activation.IDENTITY
        ? affine
        : d.activation().name().toLowerCase(Locale.ROOT) + "(" + affine + ")";
    return String.format(Locale.ROOT, "%s forward: y = %s; x (n, %d) -> y (n, %d).", node.name(), expr, d.in(),
        d.units());
  }

  @Override
  public CodeBlock forward(LayerNode node, LayerContext ctx) {
    DenseNode d = (DenseNode) node;
    Num num = ctx.num();
    String in = inConst(node);
    String units = unitsConst(node);
    String bias = d.bias() == null ? "null" : d.bias().field();
    CodeBlock.Builder code = CodeBlock.builder();
    if (num == Num.FLOAT) {
      code.addStatement("$T.forward($L, $L, $L, $L, start, end, $L, $L)", LINEAR, ctx.in(), d.weight().field(), bias,
          ctx.out(), in, units);
      return code.add(activationRows(d, ctx)).build();
    }
    String t = num.type().toString();
    code.beginControlFlow("for (int b = start; b < end; b++)");
    code.addStatement("$L[] x = $L[b]", t, ctx.in());
    code.addStatement("$L[] y = $L[b]", t, ctx.out());
    if (d.bias() != null) {
      code.addStatement("System.arraycopy($L, 0, y, 0, $L)", bias, units);
    } else {
      code.addStatement("$T.fill(y, 0, $L, $L)", java.util.Arrays.class, units, num.lit(0));
    }
    code.add("// y += x_i * W^T[i], an axpy per input\n");
    code.beginControlFlow("for (int i = 0; i < $L; i++)", in)
        .addStatement("$L xi = x[i]", t)
        .addStatement("$L[] w = $L[i]", t, d.weight().field())
        .beginControlFlow("for (int o = 0; o < $L; o++)", units)
        .addStatement("y[o] += xi * w[o]")
        .endControlFlow()
        .endControlFlow();
    code.add(ActivationEmitter.forward(d.activation(), num, "y", units, slopeConst(node)));
    code.endControlFlow();
    return code.build();
  }

  /** The activation applied to rows {@code [start, end)} of the output, in place (float). */
  private static CodeBlock activationRows(DenseNode d, LayerContext ctx) {
    if (d.activation() == Activation.IDENTITY) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder()
        .beginControlFlow("for (int b = start; b < end; b++)")
        .add(ActivationEmitter.forwardCall(d.activation(), ctx.out() + "[b]", unitsConst(d), slopeConst(d)))
        .endControlFlow()
        .build();
  }

  /**
   * In float: this part's columns of {@code x W^T + b} for every row ({@link #forwardColumnsFinish}
   * applies the activation, which for softmax needs the whole row). Double models do not split.
   */
  @Override
  public CodeBlock forwardColumns(LayerNode node, LayerContext ctx) {
    if (ctx.num() != Num.FLOAT) {
      return null;
    }
    DenseNode d = (DenseNode) node;
    String units = unitsConst(node);
    return CodeBlock.builder()
        .addStatement("int c0 = $T.columnStart($L, parts, part)", LINEAR, units)
        .addStatement("int c1 = $T.columnStart($L, parts, part + 1)", LINEAR, units)
        .beginControlFlow("for (int b = 0; b < n; b++)")
        .addStatement("$T.forwardColumns($L[b], $L, $L, $L[b], $L, c0, c1)", LINEAR, ctx.in(), d.weight().field(),
            d.bias() == null ? "null" : d.bias().field(), ctx.out(), inConst(node))
        .endControlFlow()
        .build();
  }

  @Override
  public CodeBlock forwardColumnsFinish(LayerNode node, LayerContext ctx) {
    return activationRows((DenseNode) node, ctx);
  }

  @Override
  public String backwardDoc(LayerNode node, LayerContext ctx) {
    DenseNode d = (DenseNode) node;
    StringBuilder doc = new StringBuilder(node.name() + " backward: ");
    if (ctx.deltaIsPreActivation() || d.activation() == Activation.IDENTITY) {
      doc.append("dz = dy");
      if (ctx.deltaIsPreActivation() && d.activation() != Activation.IDENTITY) {
        doc.append(" (the loss already applied the ")
            .append(d.activation().name().toLowerCase(Locale.ROOT)).append(" derivative)");
      }
    } else {
      doc.append("dz = dy * ").append(d.activation().name().toLowerCase(Locale.ROOT)).append("'(y)");
    }
    if (ctx.inDelta() != null) {
      doc.append("; dx = dz W");
    }
    doc.append("; dW^T = x^T dz");
    if (d.bias() != null) {
      doc.append("; db = sum_b dz");
    }
    return doc.append(". dz overwrites dy.").toString();
  }

  @Override
  public CodeBlock backwardRows(LayerNode node, LayerContext ctx) {
    DenseNode d = (DenseNode) node;
    Num num = ctx.num();
    String t = num.type().toString();
    String in = inConst(node);
    String units = unitsConst(node);
    CodeBlock.Builder code = CodeBlock.builder();
    if (!ctx.deltaIsPreActivation() && d.activation() != Activation.IDENTITY) {
      code.beginControlFlow("for (int b = start; b < end; b++)");
      if (num == Num.FLOAT) {
        code.add(ActivationEmitter.backwardCall(d.activation(), ctx.out() + "[b]", ctx.outDelta() + "[b]", units,
            slopeConst(node)));
      } else {
        code.addStatement("$L[] y = $L[b]", t, ctx.out());
        code.addStatement("$L[] dz = $L[b]", t, ctx.outDelta());
        code.add(ActivationEmitter.backward(d.activation(), num, "y", "dz", units, slopeConst(node)));
      }
      code.endControlFlow();
    }
    if (ctx.inDelta() == null) {
      return code.build();
    }
    if (num == Num.FLOAT) {
      return code.addStatement("$T.backwardInput($L, $L, $L, start, end, $L, $L)", LINEAR, ctx.outDelta(),
          d.weight().field(), ctx.inDelta(), in, units).build();
    }
    code.add("// dx_i = W^T[i] . dz\n");
    code.beginControlFlow("for (int b = start; b < end; b++)")
        .addStatement("$L[] dz = $L[b]", t, ctx.outDelta())
        .addStatement("$L[] dx = $L[b]", t, ctx.inDelta())
        .beginControlFlow("for (int i = 0; i < $L; i++)", in)
        .addStatement("$L[] w = $L[i]", t, d.weight().field())
        .addStatement("$L s = $L", t, num.lit(0))
        .beginControlFlow("for (int o = 0; o < $L; o++)", units)
        .addStatement("s += w[o] * dz[o]")
        .endControlFlow()
        .addStatement("dx[i] = s")
        .endControlFlow()
        .endControlFlow();
    return code.build();
  }

  @Override
  public CodeBlock parameterGradients(LayerNode node, LayerContext ctx) {
    DenseNode d = (DenseNode) node;
    Num num = ctx.num();
    String t = num.type().toString();
    String in = inConst(node);
    String units = unitsConst(node);
    String dW = LayerContext.gradient(d.weight().field());
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// this part's inputs i of dW^T\n");
    code.addStatement("int i0 = $T.partStart($L, parts, part)", WORKERS, in);
    code.addStatement("int i1 = $T.partStart($L, parts, part + 1)", WORKERS, in);
    // each part clears its own slice: zeroing it all on one thread would move the other parts' rows
    // between the cores' caches twice a step
    code.beginControlFlow("for (int i = i0; i < i1; i++)")
        .addStatement("$T.fill($L[i], $L)", Arrays.class, dW, num.lit(0))
        .endControlFlow();
    if (num == Num.FLOAT) {
      code.addStatement("$T.backwardWeight($L, $L, $L, n, i0, i1, $L)", LINEAR, ctx.in(), ctx.outDelta(), dW, units);
    } else {
      code.add("// dW^T[i] += x_i * dz, an axpy per input and sample\n");
      code.beginControlFlow("for (int i = i0; i < i1; i++)")
          .addStatement("$L[] dw = $L[i]", t, dW)
          .beginControlFlow("for (int b = 0; b < n; b++)")
          .addStatement("$L xi = $L[b][i]", t, ctx.in())
          .addStatement("$L[] dz = $L[b]", t, ctx.outDelta())
          .beginControlFlow("for (int o = 0; o < $L; o++)", units)
          .addStatement("dw[o] += xi * dz[o]")
          .endControlFlow()
          .endControlFlow()
          .endControlFlow();
    }
    if (d.bias() == null) {
      return code.build();
    }
    String db = LayerContext.gradient(d.bias().field());
    code.add("// this part's units o of db\n");
    code.addStatement("int o0 = $T.partStart($L, parts, part)", WORKERS, units);
    code.addStatement("int o1 = $T.partStart($L, parts, part + 1)", WORKERS, units);
    code.addStatement("$T.fill($L, o0, o1, $L)", Arrays.class, db, num.lit(0));
    if (num == Num.FLOAT) {
      return code.addStatement("$T.backwardBias($L, $L, n, o0, o1)", LINEAR, ctx.outDelta(), db).build();
    }
    return code.beginControlFlow("for (int b = 0; b < n; b++)")
        .addStatement("$L[] dz = $L[b]", t, ctx.outDelta())
        .beginControlFlow("for (int o = o0; o < o1; o++)")
        .addStatement("$L[o] += dz[o]", db)
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
