package dev.unroll.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.unroll.processor.ir.OptimizerSpec;
import dev.unroll.processor.ir.Param;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the optimizer: its hyper-parameters as constants, its state beside each parameter, and the body
 * of {@code applyGradients()}, which updates every row of every parameter: in float with the runtime's
 * {@code Optimizers} kernels, in double with an update method written out (an element-wise loop, which
 * C2 vectorises).
 */
public final class OptimizerEmitter {
  private static final ClassName SUBNORMALS = ClassName.get("dev.unroll.runtime.kernel", "Subnormals");
  private static final ClassName OPTIMIZERS = ClassName.get("dev.unroll.runtime.kernel", "Optimizers");
  /**
   * Steps between flushes of subnormal state. Measured on mnist-mlp (Zen 5): a flush pass over all state
   * costs about 32 us with the Vector API and 110 us with the scalar kernels, against about 60 us for the
   * Adam step itself, so 1 to 3.5 us a step over 32 steps; and the state that turns subnormal within 32
   * steps is too little to slow a step.
   */
  private static final int FLUSH_INTERVAL = 32;

  private final OptimizerSpec spec;
  private final Num num;
  private final List<Param> params;

  public OptimizerEmitter(OptimizerSpec spec, Num num, List<Param> params) {
    this.spec = spec;
    this.num = num;
    this.params = params;
  }

  /** The names of the state fields of one parameter field. */
  private List<String> stateSuffixes() {
    if (spec instanceof OptimizerSpec.Adam) {
      return List.of("M", "V");
    }
    return ((OptimizerSpec.Sgd) spec).hasMomentum() ? List.of("Momentum") : List.of();
  }

  public List<FieldSpec> constants() {
    List<FieldSpec> c = new ArrayList<>();
    c.add(constant("LEARNING_RATE", spec.learningRate(), "the optimizer's step size"));
    if (spec instanceof OptimizerSpec.Sgd) {
      OptimizerSpec.Sgd sgd = (OptimizerSpec.Sgd) spec;
      if (sgd.hasMomentum()) {
        c.add(constant("MOMENTUM", sgd.momentum(), "SGD momentum"));
      }
    } else {
      OptimizerSpec.Adam adam = (OptimizerSpec.Adam) spec;
      c.add(FieldSpec.builder(TypeName.DOUBLE, "BETA1", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Adam: decay of the first moment.\n").initializer("$L", adam.beta1()).build());
      c.add(FieldSpec.builder(TypeName.DOUBLE, "BETA2", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Adam: decay of the second moment.\n").initializer("$L", adam.beta2()).build());
      c.add(constant("ADAM_BETA1", adam.beta1(), "BETA1 in the computing precision"));
      c.add(constant("ADAM_ONE_MINUS_BETA1", 1 - adam.beta1(), "1 - BETA1, rounded once"));
      c.add(constant("ADAM_BETA2", adam.beta2(), "BETA2 in the computing precision"));
      c.add(constant("ADAM_ONE_MINUS_BETA2", 1 - adam.beta2(), "1 - BETA2, rounded once"));
      c.add(constant("EPSILON", adam.epsilon(), "Adam: added to the denominator"));
    }
    if (!stateSuffixes().isEmpty()) {
      c.add(FieldSpec.builder(TypeName.INT, "FLUSH_INTERVAL", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Every this many steps, optimizer state that has decayed into the subnormal range is set to\n"
              + "zero: subnormal operands make x86 arithmetic many times slower, and the state of a parameter\n"
              + "whose gradient stays zero stops decaying there (see {@link $T}).\n", SUBNORMALS)
          .initializer("$L", FLUSH_INTERVAL).build());
    }
    return c;
  }

  private FieldSpec constant(String name, double value, String doc) {
    return FieldSpec.builder(num.type(), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L.\n", Character.toUpperCase(doc.charAt(0)) + doc.substring(1))
        .initializer("$L", num.lit(value))
        .build();
  }

  /** The optimizer state fields, one set per parameter, of the parameter's layout. */
  public List<FieldSpec> stateFields() {
    List<FieldSpec> fields = new ArrayList<>();
    for (Param p : params) {
      for (String suffix : stateSuffixes()) {
        fields.add(FieldSpec.builder(ParamStorage.type(p, num), p.field() + suffix, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("$L state $L of $L: $L.\n", spec instanceof OptimizerSpec.Adam ? "Adam" : "SGD",
                suffix, p.name(), ParamStorage.describe(p))
            .initializer(ParamStorage.allocation(p, num))
            .build());
      }
    }
    return fields;
  }

  /** Statements that clear the optimizer state. */
  public CodeBlock resetState() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Param p : params) {
      for (String suffix : stateSuffixes()) {
        code.add(ParamStorage.zero(p, p.field() + suffix, num));
      }
    }
    return code.build();
  }

  /**
   * The body of the optimizer step over part {@code part} of {@code parts} of every parameter;
   * {@code steps} is the step counter field, already incremented.
   */
  public CodeBlock applyBody() {
    CodeBlock.Builder code = CodeBlock.builder();
    String trailing = "";
    if (spec instanceof OptimizerSpec.Adam) {
      code.add("// bias corrections of step t: the step size absorbs 1 - beta1^t\n");
      code.addStatement("$T stepSize = $L(LEARNING_RATE / (1 - Math.pow(BETA1, steps)))", num.type(), num.cast());
      code.addStatement("$T correction2 = $L(Math.sqrt(1 - Math.pow(BETA2, steps)))", num.type(), num.cast());
      trailing = ", stepSize, correction2";
    }
    CodeBlock callee = CodeBlock.of("update");
    if (num == Num.FLOAT) {
      // The runtime's kernel, called directly rather than through a generated update(): one inlining level
      // less above its Vector API code (which VectorOptimizers keeps in a method C2 compiles on its own;
      // inlined into optimizerStep it allocated boxed vectors in some JVMs).
      if (spec instanceof OptimizerSpec.Adam) {
        code.add("// Adam on every row: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;\n"
            + "// p -= stepSize * m / (sqrt(v) / correction2 + eps)\n");
        callee = CodeBlock.of("$T.adam", OPTIMIZERS);
        trailing = ", ADAM_BETA1, ADAM_ONE_MINUS_BETA1, ADAM_BETA2, ADAM_ONE_MINUS_BETA2, stepSize, correction2, EPSILON";
      } else if (((OptimizerSpec.Sgd) spec).hasMomentum()) {
        boolean nesterov = ((OptimizerSpec.Sgd) spec).nesterov();
        code.add(nesterov
            ? "// SGD with Nesterov momentum on every row: buf = momentum buf + g; p -= lr (g + momentum buf)\n"
            : "// SGD with momentum on every row: buf = momentum buf + g; p -= lr buf\n");
        callee = CodeBlock.of("$T.momentum", OPTIMIZERS);
        trailing = ", LEARNING_RATE, MOMENTUM, " + nesterov;
      } else {
        code.add("// SGD on every row: p -= lr g\n");
        callee = CodeBlock.of("$T.sgd", OPTIMIZERS);
        trailing = ", LEARNING_RATE";
      }
    }
    for (Param p : params) {
      List<String> fields = new ArrayList<>();
      fields.add(p.field());
      fields.add(LayerContext.gradient(p.field()));
      for (String suffix : stateSuffixes()) {
        fields.add(p.field() + suffix);
      }
      code.add("// $L\n", p.name());
      code.add(ParamStorage.forEachPartRow(p, callee, trailing, fields.toArray(new String[0])));
    }
    if (!stateSuffixes().isEmpty()) {
      code.add("// every FLUSH_INTERVAL steps, this part's state that decayed into the subnormal range becomes zero\n");
      code.beginControlFlow("if (steps % FLUSH_INTERVAL == 0)");
      for (Param p : params) {
        List<String> fields = new ArrayList<>();
        for (String suffix : stateSuffixes()) {
          fields.add(p.field() + suffix);
        }
        code.add(ParamStorage.forEachPartRow(p, CodeBlock.of("flushSubnormals"), "", fields.toArray(new String[0])));
      }
      code.endControlFlow();
    }
    return code.build();
  }

  /** The method that sets the subnormal elements of one row of each state field to zero; null without state. */
  public MethodSpec flushMethod() {
    List<String> suffixes = stateSuffixes();
    if (suffixes.isEmpty()) {
      return null;
    }
    MethodSpec.Builder m = MethodSpec.methodBuilder("flushSubnormals")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Sets the subnormal elements [from, to) of one row of the optimizer state to zero.\n");
    for (String suffix : suffixes) {
      m.addParameter(num.array(), stateName(suffix));
    }
    m.addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to");
    for (String suffix : suffixes) {
      m.addStatement("$T.flush($L, from, to)", SUBNORMALS, stateName(suffix));
    }
    return m.build();
  }

  /** The parameter name of a state row in the generated methods, as {@link #updateMethod} names it. */
  private static String stateName(String suffix) {
    return suffix.equals("Momentum") ? "buf" : suffix.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The update of one row, a loop in the computing precision; null in float, where {@link #applyBody}
   * calls the runtime's kernel ({@code Optimizers}: whole vectors with the Vector API when present, the
   * same operations and bits either way).
   */
  public MethodSpec updateMethod() {
    if (num == Num.FLOAT) {
      return null;
    }
    TypeName row = num.array();
    MethodSpec.Builder m = MethodSpec.methodBuilder("update")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(row, "p")
        .addParameter(row, "g");
    String c = num.cast();
    if (spec instanceof OptimizerSpec.Adam) {
      m.addJavadoc("Adam on elements [from, to) of one row: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;\n"
          + "p -= stepSize * m / (sqrt(v) / correction2 + eps).\n");
      m.addParameter(row, "m").addParameter(row, "v")
          .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to")
          .addParameter(num.type(), "stepSize").addParameter(num.type(), "correction2");
      m.beginControlFlow("for (int j = from; j < to; j++)")
          .addStatement("$T gj = g[j]", num.type())
          .addStatement("m[j] = ADAM_BETA1 * m[j] + ADAM_ONE_MINUS_BETA1 * gj")
          .addStatement("v[j] = ADAM_BETA2 * v[j] + ADAM_ONE_MINUS_BETA2 * gj * gj")
          .addStatement("p[j] -= stepSize * m[j] / ($LMath.sqrt(v[j]) / correction2 + EPSILON)", c)
          .endControlFlow();
      return m.build();
    }
    OptimizerSpec.Sgd sgd = (OptimizerSpec.Sgd) spec;
    if (!sgd.hasMomentum()) {
      m.addJavadoc("SGD on elements [from, to) of one row: p -= lr g.\n");
      m.addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to");
      m.beginControlFlow("for (int j = from; j < to; j++)")
          .addStatement("p[j] -= LEARNING_RATE * g[j]")
          .endControlFlow();
      return m.build();
    }
    m.addParameter(row, "buf").addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to");
    m.beginControlFlow("for (int j = from; j < to; j++)")
        .addStatement("buf[j] = MOMENTUM * buf[j] + g[j]");
    if (sgd.nesterov()) {
      m.addJavadoc("SGD with Nesterov momentum on elements [from, to) of one row: buf = momentum buf + g; p -= lr (g + momentum buf).\n");
      m.addStatement("p[j] -= LEARNING_RATE * (g[j] + MOMENTUM * buf[j])");
    } else {
      m.addJavadoc("SGD with momentum on elements [from, to) of one row: buf = momentum buf + g; p -= lr buf.\n");
      m.addStatement("p[j] -= LEARNING_RATE * buf[j]");
    }
    return m.endControlFlow().build();
  }
}
