package dev.unroll.processor.emit.dense;

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
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes a dense layer. The weight is stored transposed, {@code W^T [in][units]}, one array per input,
 * so that both the forward pass ({@code y += x_i * W^T[i]}) and the weight gradient
 * ({@code dW^T[i] += x_i * dz}) are axpy loops over arrays indexed from 0, the form C2 vectorises.
 */
public final class DenseEmitter implements LayerEmitter {

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
    String t = num.type().toString();
    String in = inConst(node);
    String units = unitsConst(node);
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int b = 0; b < n; b++)");
    code.addStatement("$L[] x = $L[b]", t, ctx.in());
    code.addStatement("$L[] y = $L[b]", t, ctx.out());
    if (d.bias() != null) {
      code.addStatement("System.arraycopy($L, 0, y, 0, $L)", d.bias().field(), units);
    } else {
      code.addStatement("$T.fill(y, 0, $L, $L)", java.util.Arrays.class, units, num.lit(0));
    }
    code.add("// y += x_i * W^T[i], an axpy per input\n");
    axpyPerInput(code, t, in, units, "w", d.weight().field(), "y[o] += xi * w[o]");
    code.add(ActivationEmitter.forward(d.activation(), num, "y", units, slopeConst(node)));
    code.endControlFlow();
    return code.build();
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
    doc.append("; dW^T += x^T dz");
    if (d.bias() != null) {
      doc.append("; db += sum_b dz");
    }
    if (ctx.inDelta() != null) {
      doc.append("; dx = dz W");
    }
    return doc.append(". dz overwrites dy.").toString();
  }

  @Override
  public CodeBlock backward(LayerNode node, LayerContext ctx) {
    DenseNode d = (DenseNode) node;
    Num num = ctx.num();
    String t = num.type().toString();
    String in = inConst(node);
    String units = unitsConst(node);
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int b = 0; b < n; b++)");
    code.addStatement("$L[] x = $L[b]", t, ctx.in());
    code.addStatement("$L[] dz = $L[b]", t, ctx.outDelta());
    if (!ctx.deltaIsPreActivation() && d.activation() != Activation.IDENTITY) {
      code.addStatement("$L[] y = $L[b]", t, ctx.out());
      code.add(ActivationEmitter.backward(d.activation(), num, "y", "dz", units, slopeConst(node)));
    }
    if (d.bias() != null) {
      String db = LayerContext.gradient(d.bias().field());
      code.beginControlFlow("for (int o = 0; o < $L; o++)", units)
          .addStatement("$L[o] += dz[o]", db)
          .endControlFlow();
    }
    code.add("// dW^T[i] += x_i * dz, an axpy per input\n");
    axpyPerInput(code, t, in, units, "dw", LayerContext.gradient(d.weight().field()), "dw[o] += xi * dz[o]");
    if (ctx.inDelta() != null) {
      code.add("// dx_i = W^T[i] . dz\n");
      code.addStatement("$L[] dx = $L[b]", t, ctx.inDelta());
      code.beginControlFlow("for (int i = 0; i < $L; i++)", in)
          .addStatement("$L[] w = $L[i]", t, d.weight().field())
          .addStatement("$L s = $L", t, num.lit(0))
          .beginControlFlow("for (int o = 0; o < $L; o++)", units)
          .addStatement("s += w[o] * dz[o]")
          .endControlFlow()
          .addStatement("dx[i] = s")
          .endControlFlow();
    }
    code.endControlFlow();
    return code.build();
  }

  /**
   * For each input {@code i}: {@code <row> = <rows>[i]}, then {@code statement} for every unit {@code o}:
   * the forward pass reads a weight row ({@code y += x_i * W^T[i]}), the backward pass writes a gradient
   * row ({@code dW^T[i] += x_i * dz}).
   */
  private static void axpyPerInput(CodeBlock.Builder code, String t, String in, String units, String row,
      String rows, String statement) {
    code.beginControlFlow("for (int i = 0; i < $L; i++)", in)
        .addStatement("$L xi = x[i]", t)
        .addStatement("$L[] $L = $L[i]", t, row, rows)
        .beginControlFlow("for (int o = 0; o < $L; o++)", units)
        .addStatement(statement)
        .endControlFlow()
        .endControlFlow();
  }
}
