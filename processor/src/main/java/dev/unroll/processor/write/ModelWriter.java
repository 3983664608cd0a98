package dev.unroll.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.unroll.processor.emit.LayerContext;
import dev.unroll.processor.emit.LayerEmitter;
import dev.unroll.processor.emit.LossEmitter;
import dev.unroll.processor.emit.Num;
import dev.unroll.processor.emit.OptimizerEmitter;
import dev.unroll.processor.emit.ParamStorage;
import dev.unroll.processor.ir.InitSpec;
import dev.unroll.processor.ir.LayerKinds;
import dev.unroll.processor.ir.LayerNode;
import dev.unroll.processor.ir.NetworkIr;
import dev.unroll.processor.ir.Param;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The write stage: assembles the generated class from the layer, loss and optimizer emitters. Fields
 * come grouped as constants, parameters, gradients, activations and optimizer state; {@code forward}
 * calls the layers in order and {@code backward} in reverse.
 */
public final class ModelWriter {
  private static final String RUNTIME = "dev.unroll.runtime";
  private static final ClassName TENSOR = ClassName.get(RUNTIME, "Tensor");
  private static final ClassName TENSORS = ClassName.get(RUNTIME, "Tensors");
  private static final ClassName MODEL = ClassName.get(RUNTIME, "Model");
  private static final ClassName TRAINABLE = ClassName.get(RUNTIME, "TrainableModel");
  private static final ClassName BATCH = ClassName.get(RUNTIME, "Batch");
  private static final ClassName BATCH_ROWS = ClassName.get(RUNTIME, "BatchRows");
  private static final ClassName CHECKS = ClassName.get(RUNTIME, "Checks");
  private static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
  private static final ClassName INITIALIZERS = ClassName.get(RUNTIME, "Initializers");
  private static final ClassName LOSS_KIND = ClassName.get(RUNTIME, "LossKind");
  private static final ClassName WORKERS = ClassName.get(RUNTIME, "Workers");
  private static final ClassName RANGE_TASK = ClassName.get(RUNTIME, "Workers", "RangeTask");
  private static final ClassName PART_TASK = ClassName.get(RUNTIME, "Workers", "PartTask");
  /**
   * The least forward work, in FLOPs, worth handing to another thread: below it the hand-off (a few
   * microseconds) costs more than it saves.
   */
  static final long MIN_PARALLEL_FLOPS = 200_000;
  /**
   * The least forward work per sample, in FLOPs, for which a layer splits its outputs across threads
   * when a batch is too small to split by rows: a float weight of 512 KB or more. A single sample
   * streams the whole weight, and a smaller one is read from one core's L2 cache about as fast as two
   * cores read their halves: measured at batch 1, a 1024 x 1024 layer took 77-110 us on one thread and
   * 47-69 us on two, while mnist-mlp's 784 x 128 (392 KB) gained 10% at best and, in JMH's forks on this
   * two-core guest, often lost (median 6.2 against 5.0 us).
   */
  static final long MIN_COLUMN_SPLIT_FLOPS = 2L * 128 * 1024;
  /** The least number of parameters for which the optimizer step is split across threads. */
  static final long MIN_PARALLEL_PARAMETERS = 16_384;
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  private static final TypeName TENSOR_MAP =
      ParameterizedTypeName.get(ClassName.get("java.util", "Map"), ClassName.get(String.class), TENSOR);
  private static final String PROCESSOR = "dev.unroll.processor.UnrollProcessor";
  private static final String INPUT = "input";

  private final NetworkIr ir;
  private final Num num;
  private final List<Param> params = new ArrayList<>();
  private final TypeSpec.Builder type;

  private ModelWriter(NetworkIr ir) {
    this.ir = ir;
    this.num = Num.of(ir.precision());
    ir.layers().forEach(l -> params.addAll(l.params()));
    this.type = TypeSpec.classBuilder(ir.className());
  }

  /** The source file of the class generated for {@code ir}. */
  public static JavaFile write(NetworkIr ir) {
    return new ModelWriter(ir).build();
  }

  private static String out(LayerNode layer) {
    return layer.name() + "Out";
  }

  private static String delta(LayerNode layer) {
    return layer.name() + "Delta";
  }

  private static String view(LayerNode layer) {
    return layer.name() + "View";
  }

  private static LayerEmitter emitter(LayerNode layer) {
    return LayerKinds.of(layer.decl().kind()).emitter();
  }

  /**
   * Whether layer {@code index} shares its outputs across the threads when a batch is too small to
   * share by rows: its emitter can, and one row of it is worth it ({@link #MIN_COLUMN_SPLIT_FLOPS}).
   */
  private boolean splitsColumns(int index) {
    LayerNode layer = ir.layers().get(index);
    return layer.flops() >= MIN_COLUMN_SPLIT_FLOPS
        && emitter(layer).forwardColumns(layer, context(index)) != null;
  }

  private boolean anySplitsColumns() {
    for (int k = 0; k < ir.layers().size(); k++) {
      if (splitsColumns(k)) {
        return true;
      }
    }
    return false;
  }

  private LayerContext context(int index) {
    LayerNode layer = ir.layers().get(index);
    String in = index == 0 ? INPUT : out(ir.layers().get(index - 1));
    String inDelta = index == 0 ? null : delta(ir.layers().get(index - 1));
    boolean last = index == ir.layers().size() - 1;
    boolean fused = last && ir.loss() != null && LossEmitter.givesPreActivationDelta(ir.loss());
    return new LayerContext(num, in, inDelta, out(layer), delta(layer), fused);
  }

  private JavaFile build() {
    String summary = SummaryTable.render(ir);
    type.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(ir.type())
        .addSuperinterface(ClassName.get(ir.type()))
        .addSuperinterface(ir.trained() ? TRAINABLE : MODEL)
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", PROCESSOR)
            .addMember("comments", "$S", "from " + ir.type().getQualifiedName())
            .build())
        .addJavadoc("The network declared by {@link $T}, specialised to its shapes by Unroll.\n\n", ClassName.get(ir.type()))
        .addJavadoc("<pre>\n$L</pre>\n\n", summary)
        .addJavadoc("Parameters are named and laid out as in PyTorch in {@link #parameters()} and checkpoints;\n"
            + "a dense weight is stored transposed (one array per input) so that its loops vectorise.\n"
            + "Not thread-safe: each instance owns its activation buffers.\n");
    addConstants(summary);
    addParameterFields();
    addActivationFields();
    addBookkeepingFields();
    addConstructors();
    addModelMethods();
    if (ir.trained()) {
      addTrainingMethods();
    }
    addLayerAccessors();
    addPassMethods();
    return JavaFile.builder(ir.packageName(), type.build())
        .addFileComment("Generated by Unroll from $L. Do not edit: change the interface and recompile.",
            ir.type().getQualifiedName())
        .skipJavaLangImports(true)
        .build();
  }

  private static FieldSpec.Builder constant(TypeName t, String name, String doc) {
    return FieldSpec.builder(t, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL).addJavadoc("$L\n", doc);
  }

  private void addConstants(String summary) {
    type.addField(constant(TypeName.INT, "MAX_BATCH", "The largest batch one call takes.")
        .initializer("$L", ir.maxBatch()).build());
    type.addField(constant(TypeName.INT, "INPUT_SIZE", "Floats per input sample: " + ir.input() + ".")
        .initializer("$L", ir.input().size()).build());
    type.addField(constant(TypeName.INT, "OUTPUT_SIZE", "Outputs per sample.")
        .initializer("$L", ir.last().output().size()).build());
    type.addField(constant(TypeName.LONG, "SEED", "The declared seed of the initial parameters.")
        .initializer("$LL", ir.seed()).build());
    long perSample = Math.max(1, ir.flops());
    type.addField(FieldSpec.builder(TypeName.INT, "MIN_ROWS_PER_THREAD", Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("Batches of fewer rows per thread run on the calling thread: $L FLOPs per sample forward.\n",
            ir.flops())
        .initializer("$L", (MIN_PARALLEL_FLOPS + perSample - 1) / perSample)
        .build());
    type.addField(FieldSpec.builder(String.class, "SUMMARY", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$S", summary).build());
    if (ir.trained()) {
      type.addField(FieldSpec.builder(LOSS_KIND, "LOSS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.$L", LOSS_KIND, ir.loss().name()).build());
      type.addFields(optimizer().constants());
      type.addField(FieldSpec.builder(TypeName.BOOLEAN, "PARALLEL_OPTIMIZER", Modifier.PRIVATE, Modifier.STATIC,
              Modifier.FINAL)
          .addJavadoc("Whether the optimizer step is split across threads ($L parameters).\n", ir.parameterCount())
          .initializer("$L", ir.parameterCount() >= MIN_PARALLEL_PARAMETERS)
          .build());
    }
    for (LayerNode layer : ir.layers()) {
      type.addFields(emitter(layer).constants(layer, num));
    }
  }

  private OptimizerEmitter optimizer() {
    return new OptimizerEmitter(ir.optimizer(), num, params);
  }

  private void addParameterFields() {
    for (Param p : params) {
      type.addField(FieldSpec.builder(ParamStorage.type(p, num), p.field(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Parameter $L: $L. Initialised: $L.\n", p.name(), ParamStorage.describe(p), p.init().description())
          .initializer(ParamStorage.allocation(p, num))
          .build());
    }
    if (!ir.trained()) {
      return;
    }
    for (Param p : params) {
      type.addField(FieldSpec.builder(ParamStorage.type(p, num), LayerContext.gradient(p.field()), Modifier.PRIVATE,
              Modifier.FINAL)
          .addJavadoc("Gradient of $L, same layout: $L.\n", p.name(), ParamStorage.describe(p))
          .initializer(ParamStorage.allocation(p, num))
          .build());
    }
  }

  private FieldSpec rowsField(String name, int width, String doc) {
    return FieldSpec.builder(num.matrix(), name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: (MAX_BATCH, $L); rows [0, n) hold the latest batch.\n", doc, width)
        .initializer("new $T[MAX_BATCH][$L]", num.type(), width)
        .build();
  }

  private void addActivationFields() {
    type.addField(rowsField(INPUT, ir.input().size(), "The input samples, flattened"));
    for (LayerNode layer : ir.layers()) {
      type.addField(rowsField(out(layer), layer.output().size(), "Output of " + layer.name() + " " + layer.output()
          + ", kept for the backward pass"));
    }
    if (ir.trained()) {
      for (LayerNode layer : ir.layers()) {
        type.addField(rowsField(delta(layer), layer.output().size(),
            "d loss / d output of " + layer.name() + "; its backward pass overwrites it in place"));
      }
      type.addFields(optimizer().stateFields());
    }
  }

  private void addBookkeepingFields() {
    type.addField(FieldSpec.builder(BATCH_ROWS, "rows", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Samples in the latest forward pass.\n").initializer("new $T()", BATCH_ROWS).build());
    for (LayerNode layer : ir.layers()) {
      type.addField(FieldSpec.builder(TENSOR, view(layer), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Read-only view of $L's latest output.\n", layer.name())
          .initializer("$T.rows($L, rows, $L)", TENSORS, out(layer), layer.output().asList())
          .build());
    }
    type.addField(FieldSpec.builder(WORKERS, "workers", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The threads that share batched work, created once.\n").build());
    type.addField(task(RANGE_TASK, "forwardTask", "forwardRows", "start", "end"));
    for (int k = 0; k < ir.layers().size(); k++) {
      if (splitsColumns(k)) {
        String name = ir.layers().get(k).name();
        type.addField(task(PART_TASK, name + "ColumnsTask", name + "ForwardColumns", "part", "parts"));
      }
    }
    if (ir.trained()) {
      type.addField(task(RANGE_TASK, "backwardTask", "backwardRows", "start", "end"));
      type.addField(task(PART_TASK, "gradientTask", "parameterGradients", "part", "parts"));
      type.addField(task(PART_TASK, "optimizerTask", "optimizerStep", "part", "parts"));
    }
    type.addField(FieldSpec.builder(TENSOR_MAP, "parameters", Modifier.PRIVATE, Modifier.FINAL).build());
    if (ir.trained()) {
      type.addField(FieldSpec.builder(TENSOR_MAP, "gradients", Modifier.PRIVATE, Modifier.FINAL).build());
      type.addField(FieldSpec.builder(TypeName.LONG, "steps", Modifier.PRIVATE)
          .addJavadoc("Optimizer steps applied.\n").build());
    }
  }

  /** A task field: an anonymous class (not a lambda, which would cost a bootstrap at start-up). */
  private static FieldSpec task(ClassName type, String name, String method, String a, String b) {
    TypeSpec body = TypeSpec.anonymousClassBuilder("")
        .addSuperinterface(type)
        .addMethod(MethodSpec.methodBuilder("run").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .addParameter(TypeName.INT, a).addParameter(TypeName.INT, b)
            .addStatement("$L($L, $L)", method, a, b)
            .build())
        .build();
    return FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.FINAL).initializer("$L", body).build();
  }

  private CodeBlock viewOf(Param p, String field) {
    return p.storage() == Param.Storage.VECTOR
        ? CodeBlock.of("$T.vector($L)", TENSORS, field)
        : CodeBlock.of("$T.transposed($L)", TENSORS, field);
  }

  private CodeBlock viewMap(String target, boolean gradients) {
    String local = target + "ByName";
    CodeBlock.Builder code = CodeBlock.builder()
        .addStatement("$T<String, $T> $L = new $T<>()", java.util.LinkedHashMap.class, TENSOR, local,
            java.util.LinkedHashMap.class);
    for (Param p : params) {
      String field = gradients ? LayerContext.gradient(p.field()) : p.field();
      code.addStatement("$L.put($S, $L)", local, p.name(), viewOf(p, field));
    }
    return code.addStatement("this.$L = $T.unmodifiableMap($L)", target, java.util.Collections.class, local).build();
  }

  private void addConstructors() {
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("A model with parameters drawn from the declared seed, {@link #SEED}, using every processor.\n")
        .addStatement("this(SEED)").build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("A model with parameters drawn from {@code seed}, using every processor.\n")
        .addParameter(TypeName.LONG, "seed")
        .addStatement("this(seed, $T.defaultThreads())", WORKERS).build());
    MethodSpec.Builder seeded = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("A model with parameters drawn from {@code seed} that splits batches across {@code threads}\n"
            + "threads (1: the calling thread only). Results are bit-identical for any thread count.\n")
        .addParameter(TypeName.LONG, "seed")
        .addParameter(TypeName.INT, "threads")
        .addStatement("this.workers = $T.of(threads)", WORKERS)
        .addCode(viewMap("parameters", false));
    if (ir.trained()) {
      seeded.addCode(viewMap("gradients", true));
    }
    type.addMethod(seeded.addStatement("initialize(seed)").build());
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
  }

  private void addModelMethods() {
    LayerNode last = ir.last();
    type.addMethod(override("name", ClassName.get(String.class))
        .addStatement("return $S", ir.type().getSimpleName().toString()).build());
    type.addMethod(override("inputShape", TypeName.get(int[].class))
        .addStatement("return new int[] {$L}", ir.input().asList()).build());
    type.addMethod(override("inputSize", TypeName.INT).addStatement("return INPUT_SIZE").build());
    type.addMethod(override("outputSize", TypeName.INT).addStatement("return OUTPUT_SIZE").build());
    type.addMethod(override("maxBatch", TypeName.INT).addStatement("return MAX_BATCH").build());
    type.addMethod(override("summary", ClassName.get(String.class)).addStatement("return SUMMARY").build());
    type.addMethod(override("parameters", TENSOR_MAP).addStatement("return parameters").build());
    type.addMethod(override("parameterCount", TypeName.LONG).addStatement("return $LL", ir.parameterCount()).build());
    type.addMethod(override("output", TENSOR).addStatement("return $L", view(last)).build());

    MethodSpec.Builder predict = override("predict", TypeName.VOID)
        .addParameter(float[].class, "inputs").addParameter(TypeName.INT, "n").addParameter(float[].class, "outputs")
        .addStatement("$T.batchSize(n, MAX_BATCH)", CHECKS)
        .addStatement("$T.length($S, inputs.length, n * INPUT_SIZE, n, INPUT_SIZE)", CHECKS, "inputs")
        .addStatement("$T.length($S, outputs.length, n * OUTPUT_SIZE, n, OUTPUT_SIZE)", CHECKS, "outputs")
        .addStatement("load(inputs, n)")
        .addStatement("forward(n)")
        .beginControlFlow("for (int b = 0; b < n; b++)");
    if (num == Num.FLOAT) {
      predict.addStatement("System.arraycopy($L[b], 0, outputs, b * OUTPUT_SIZE, OUTPUT_SIZE)", out(last));
    } else {
      predict.addStatement("double[] y = $L[b]", out(last))
          .beginControlFlow("for (int j = 0; j < OUTPUT_SIZE; j++)")
          .addStatement("outputs[b * OUTPUT_SIZE + j] = (float) y[j]")
          .endControlFlow();
    }
    type.addMethod(predict.endControlFlow().build());

    type.addMethod(override("predictClass", TypeName.INT)
        .addParameter(float[].class, "input")
        .addStatement("$T.length($S, input.length, INPUT_SIZE, 1, INPUT_SIZE)", CHECKS, "input")
        .addStatement("load(input, 1)")
        .addStatement("forward(1)")
        .addStatement("$T[] y = $L[0]", num.type(), out(last))
        .addStatement("int best = 0")
        .beginControlFlow("for (int j = 1; j < OUTPUT_SIZE; j++)")
        .beginControlFlow("if (y[j] > y[best])")
        .addStatement("best = j")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return best")
        .build());

    MethodSpec.Builder init = override("initialize", TypeName.VOID)
        .addParameter(TypeName.LONG, "seed")
        .addStatement("$T rng = new $T(seed)", RNG, RNG);
    for (Param p : params) {
      InitSpec spec = p.init();
      switch (spec.distribution()) {
        case UNIFORM:
          init.addCode("// $L: $L\n", p.name(), spec.description())
              .addStatement("$T.uniform(parameters.get($S), $L, rng)", INITIALIZERS, p.name(), spec.scale());
          break;
        case NORMAL:
          init.addCode("// $L: $L\n", p.name(), spec.description())
              .addStatement("$T.normal(parameters.get($S), $L, rng)", INITIALIZERS, p.name(), spec.scale());
          break;
        case ZEROS:
          init.addCode(ParamStorage.zero(p, p.field(), num));
          break;
        default:
          throw new AssertionError(spec);
      }
    }
    if (ir.trained()) {
      init.addStatement("zeroGradients()").addCode(optimizer().resetState()).addStatement("steps = 0");
    }
    type.addMethod(init.build());
  }

  private void addTrainingMethods() {
    type.addMethod(override("lossKind", LOSS_KIND).addStatement("return LOSS").build());
    type.addMethod(override("gradients", TENSOR_MAP).addStatement("return gradients").build());
    type.addMethod(override("stepCount", TypeName.LONG).addStatement("return steps").build());
    type.addMethod(MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
        .addJavadoc("Checks the batch against the model, loads it and runs the forward pass; returns its size.\n")
        .addParameter(BATCH, "batch")
        .addStatement("int n = $T.batch(batch, INPUT_SIZE, OUTPUT_SIZE, MAX_BATCH, LOSS)", CHECKS)
        .addStatement("load(batch.features(), n)")
        .addStatement("forward(n)")
        .addStatement("return n")
        .build());
    type.addMethod(override("loss", TypeName.DOUBLE)
        .addParameter(BATCH, "batch")
        .addStatement("int n = forward(batch)")
        .addStatement("return $L(batch, n)", LossEmitter.METHOD)
        .build());
    type.addMethod(override("computeGradients", TypeName.DOUBLE)
        .addParameter(BATCH, "batch")
        .addStatement("int n = forward(batch)")
        .addStatement("double loss = $L(batch, n)", LossEmitter.METHOD)
        .addStatement("backward(n)")
        .addStatement("return loss")
        .build());
    type.addMethod(override("applyGradients", TypeName.VOID)
        .addStatement("steps++")
        .addStatement("workers.runParts(optimizerTask, PARALLEL_OPTIMIZER)")
        .build());
    type.addMethod(MethodSpec.methodBuilder("optimizerStep").addModifiers(Modifier.PRIVATE)
        .addJavadoc("The optimizer step on part {@code part} of {@code parts} of every parameter.\n")
        .addParameter(TypeName.INT, "part").addParameter(TypeName.INT, "parts")
        .addCode(optimizer().applyBody())
        .build());
    type.addMethod(LossEmitter.method(ir.loss(), num, out(ir.last()), delta(ir.last())));
    FieldSpec lossScratch = LossEmitter.scratch(ir.loss());
    if (lossScratch != null) {
      type.addField(lossScratch);
    }
    MethodSpec update = optimizer().updateMethod();
    if (update != null) {
      type.addMethod(update);
    }
    MethodSpec flush = optimizer().flushMethod();
    if (flush != null) {
      type.addMethod(flush);
    }
    MethodSpec.Builder zero = MethodSpec.methodBuilder("zeroGradients").addModifiers(Modifier.PRIVATE);
    for (Param p : params) {
      zero.addCode(ParamStorage.zero(p, LayerContext.gradient(p.field()), num));
    }
    type.addMethod(zero.build());
  }

  private void addLayerAccessors() {
    for (LayerNode layer : ir.layers()) {
      type.addMethod(override(layer.name(), TENSOR)
          .addJavadoc("The latest output of $L, $L per sample.\n", layer.name(), layer.output())
          .addStatement("return $L", view(layer)).build());
    }
  }

  private void addPassMethods() {
    MethodSpec.Builder load = MethodSpec.methodBuilder("load").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Copies {@code n} samples into {@link #$L}.\n", INPUT)
        .addParameter(float[].class, "features").addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int b = 0; b < n; b++)");
    if (num == Num.FLOAT) {
      load.addStatement("System.arraycopy(features, b * INPUT_SIZE, $L[b], 0, INPUT_SIZE)", INPUT);
    } else {
      load.addStatement("double[] x = $L[b]", INPUT)
          .addStatement("int base = b * INPUT_SIZE")
          .beginControlFlow("for (int j = 0; j < INPUT_SIZE; j++)")
          .addStatement("x[j] = features[base + j]")
          .endControlFlow();
    }
    type.addMethod(load.endControlFlow().build());

    List<LayerNode> layers = ir.layers();
    MethodSpec.Builder forward = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
        .addParameter(TypeName.INT, "n")
        .addStatement("rows.set(n)");
    if (!anySplitsColumns()) {
      forward.addJavadoc("The forward pass over rows [0, n), the rows split across the threads.\n")
          .addStatement("workers.run(forwardTask, n, MIN_ROWS_PER_THREAD)");
    } else {
      forward.addJavadoc("The forward pass over rows [0, n): the rows split across the threads when each gets\n"
              + "{@link #MIN_ROWS_PER_THREAD}; otherwise (one sample, say) the wide layers split their outputs.\n")
          .beginControlFlow("if (n >= MIN_ROWS_PER_THREAD * workers.threads())")
          .addStatement("workers.run(forwardTask, n, MIN_ROWS_PER_THREAD)")
          .addStatement("return")
          .endControlFlow();
      for (int k = 0; k < layers.size(); k++) {
        String name = layers.get(k).name();
        if (!splitsColumns(k)) {
          forward.addStatement("$LForward(0, n)", name);
          continue;
        }
        forward.addStatement("workers.runParts($LColumnsTask, true)", name);
        if (!emitter(layers.get(k)).forwardColumnsFinish(layers.get(k), context(k)).isEmpty()) {
          forward.addStatement("$LForwardFinish(0, n)", name);
        }
      }
    }
    type.addMethod(forward.build());
    MethodSpec.Builder forwardRows = MethodSpec.methodBuilder("forwardRows").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Rows [start, end) through every layer, in order: rows are independent.\n")
        .addParameter(TypeName.INT, "start").addParameter(TypeName.INT, "end");
    for (LayerNode layer : layers) {
      forwardRows.addStatement("$LForward(start, end)", layer.name());
    }
    type.addMethod(forwardRows.build());
    if (ir.trained()) {
      type.addMethod(MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
          .addJavadoc("The backward pass: the gradients flowing back, by rows; then the parameter gradients, by\n"
              + "parameter slices; each split across the threads.\n")
          .addParameter(TypeName.INT, "n")
          .addStatement("workers.run(backwardTask, n, MIN_ROWS_PER_THREAD)")
          .addStatement("workers.runParts(gradientTask, n >= 2 * MIN_ROWS_PER_THREAD)")
          .build());
      MethodSpec.Builder backwardRows = MethodSpec.methodBuilder("backwardRows").addModifiers(Modifier.PRIVATE)
          .addJavadoc("Rows [start, end) back through every layer, in reverse order.\n")
          .addParameter(TypeName.INT, "start").addParameter(TypeName.INT, "end");
      for (int k = layers.size() - 1; k >= 0; k--) {
        backwardRows.addStatement("$LBackwardRows(start, end)", layers.get(k).name());
      }
      type.addMethod(backwardRows.build());
      MethodSpec.Builder gradients = MethodSpec.methodBuilder("parameterGradients").addModifiers(Modifier.PRIVATE)
          .addJavadoc("Part {@code part} of {@code parts} of every parameter gradient, over the latest batch.\n")
          .addParameter(TypeName.INT, "part").addParameter(TypeName.INT, "parts")
          .addStatement("int n = rows.getAsInt()");
      for (LayerNode layer : layers) {
        gradients.addStatement("$LParameterGradients(part, parts, n)", layer.name());
      }
      type.addMethod(gradients.build());
    }
    for (int k = 0; k < layers.size(); k++) {
      LayerNode layer = layers.get(k);
      LayerContext ctx = context(k);
      LayerEmitter e = emitter(layer);
      type.addMethod(MethodSpec.methodBuilder(layer.name() + "Forward").addModifiers(Modifier.PRIVATE)
          .addJavadoc("$L\n", e.forwardDoc(layer))
          .addParameter(TypeName.INT, "start").addParameter(TypeName.INT, "end")
          .addCode(e.forward(layer, ctx))
          .build());
      if (splitsColumns(k)) {
        type.addMethod(MethodSpec.methodBuilder(layer.name() + "ForwardColumns").addModifiers(Modifier.PRIVATE)
            .addJavadoc("$L\nThis method: part {@code part} of {@code parts} of the outputs, rows [0, n).\n",
                e.forwardDoc(layer))
            .addParameter(TypeName.INT, "part").addParameter(TypeName.INT, "parts")
            .addStatement("int n = rows.getAsInt()")
            .addCode(e.forwardColumns(layer, ctx))
            .build());
        CodeBlock finish = e.forwardColumnsFinish(layer, ctx);
        if (!finish.isEmpty()) {
          type.addMethod(MethodSpec.methodBuilder(layer.name() + "ForwardFinish").addModifiers(Modifier.PRIVATE)
              .addJavadoc("After {@link #$LForwardColumns}: the rest of the forward pass of rows [start, end).\n",
                  layer.name())
              .addParameter(TypeName.INT, "start").addParameter(TypeName.INT, "end")
              .addCode(finish)
              .build());
        }
      }
      if (ir.trained()) {
        type.addMethod(MethodSpec.methodBuilder(layer.name() + "BackwardRows").addModifiers(Modifier.PRIVATE)
            .addJavadoc("$L\nThis method: the gradients flowing back, rows [start, end).\n", e.backwardDoc(layer, ctx))
            .addParameter(TypeName.INT, "start").addParameter(TypeName.INT, "end")
            .addCode(e.backwardRows(layer, ctx))
            .build());
        type.addMethod(MethodSpec.methodBuilder(layer.name() + "ParameterGradients").addModifiers(Modifier.PRIVATE)
            .addJavadoc("$L\nThis method: part {@code part} of {@code parts} of the parameter gradients, over n rows.\n",
                e.backwardDoc(layer, ctx))
            .addParameter(TypeName.INT, "part").addParameter(TypeName.INT, "parts").addParameter(TypeName.INT, "n")
            .addCode(e.parameterGradients(layer, ctx))
            .build());
      }
    }
  }
}
