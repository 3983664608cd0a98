package dev.unroll.processor.ir;

import dev.unroll.Precision;
import dev.unroll.processor.diagnostics.Diagnostics;
import dev.unroll.processor.diagnostics.Message;
import dev.unroll.processor.read.AnnotationValues;
import dev.unroll.processor.read.LayerDecl;
import dev.unroll.processor.read.NetworkDecl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The resolve stage: checks the network's own values, wires the layers in declaration order and infers
 * every shape, each layer kind checking its own values. Reports every error it can find and returns
 * {@code null} if there was any.
 */
public final class NetworkResolver {
  /** No-argument methods of the runtime interfaces and Object, which a layer method must not shadow. */
  private static final Set<String> RESERVED = Set.of("name", "inputShape", "inputSize", "outputSize", "maxBatch",
      "output", "parameters", "parameterCount", "summary", "lossKind", "gradients", "stepCount", "applyGradients",
      "hashCode", "toString", "getClass", "clone", "finalize", "notify", "notifyAll", "wait");

  private final Diagnostics diagnostics;

  public NetworkResolver(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  public NetworkIr resolve(NetworkDecl decl) {
    TypeElement type = decl.type();
    AnnotationValues network = decl.network();
    Shape input = inputShape(type, network);
    int batch = network.getInt("batchSize");
    if (batch <= 0) {
      diagnostics.report(Message.BAD_BATCH_SIZE, type, network.mirror(), network.explicit("batchSize"), batch);
    }
    Loss loss = decl.loss() == null ? null : loss(decl.loss());
    OptimizerSpec optimizer = decl.optimizer() == null ? null : optimizer(type, decl.optimizer());
    if (decl.optimizer() != null && decl.loss() == null) {
      diagnostics.report(Message.NO_LOSS, type, decl.optimizer().mirror(), null, type.getSimpleName(),
          decl.optimizer().simpleName());
    }
    if (decl.loss() != null && decl.optimizer() == null) {
      diagnostics.report(Message.NO_OPTIMIZER, type, decl.loss().mirror(), null, type.getSimpleName(),
          decl.loss().simpleName());
    }
    if (decl.layers().isEmpty()) {
      diagnostics.report(Message.NO_LAYERS, type, network.mirror(), null, type.getSimpleName());
    }

    List<LayerNode> layers = new ArrayList<>();
    Shape flowing = input;
    for (LayerDecl layer : decl.layers()) {
      if (RESERVED.contains(layer.name())) {
        diagnostics.report(Message.RESERVED_LAYER_NAME, layer.method(), layer.name());
      }
      LayerNode node = LayerKinds.of(layer.kind()).resolve(layer, flowing, diagnostics);
      flowing = node == null ? null : node.output();
      if (node != null) {
        layers.add(node);
      }
    }
    if (diagnostics.hasErrors() || layers.isEmpty()) {
      return null;
    }
    NetworkIr ir = new NetworkIr(type, packageOf(type), generatedName(type), input, batch,
        network.getLong("seed"), Precision.valueOf(network.getEnum("precision")), loss, optimizer, layers);
    new NetworkChecks(diagnostics).check(ir);
    return diagnostics.hasErrors() ? null : ir;
  }

  private Shape inputShape(TypeElement type, AnnotationValues network) {
    int[] dims = network.getIntArray("input");
    String problem = null;
    if (dims.length == 0) {
      problem = "no dimensions";
    } else {
      for (int d = 0; d < dims.length; d++) {
        if (dims[d] <= 0) {
          problem = (dims[d] == 0 ? "a zero" : "a negative") + " dimension at position " + d;
          break;
        }
      }
    }
    if (problem != null) {
      String shown = "{" + Arrays.toString(dims).replaceAll("[\\[\\]]", "") + "}";
      diagnostics.report(Message.BAD_INPUT_SHAPE, type, network.mirror(), network.explicit("input"), shown, problem);
      return null;
    }
    return Shape.of(dims);
  }

  private static Loss loss(AnnotationValues values) {
    switch (values.simpleName()) {
      case "@MeanSquaredError":
        return Loss.MEAN_SQUARED_ERROR;
      case "@CrossEntropy":
        return Loss.CROSS_ENTROPY;
      case "@BinaryCrossEntropy":
        return values.getBoolean("fromLogits") ? Loss.BINARY_CROSS_ENTROPY_WITH_LOGITS : Loss.BINARY_CROSS_ENTROPY;
      default:
        throw new AssertionError(values.simpleName());
    }
  }

  private OptimizerSpec optimizer(TypeElement type, AnnotationValues v) {
    double lr = v.getDouble("learningRate");
    check(type, v, "learningRate", lr > 0 && Double.isFinite(lr), "positive and finite");
    if (v.simpleName().equals("@SGD")) {
      double momentum = v.getDouble("momentum");
      check(type, v, "momentum", momentum >= 0 && momentum < 1, "in [0, 1)");
      boolean nesterov = v.getBoolean("nesterov");
      if (nesterov && momentum == 0) {
        diagnostics.report(Message.NESTEROV_WITHOUT_MOMENTUM, type, v.mirror(), v.explicit("nesterov"), momentum);
      }
      return new OptimizerSpec.Sgd(lr, momentum, nesterov);
    }
    double beta1 = v.getDouble("beta1");
    double beta2 = v.getDouble("beta2");
    double epsilon = v.getDouble("epsilon");
    check(type, v, "beta1", beta1 >= 0 && beta1 < 1, "in [0, 1)");
    check(type, v, "beta2", beta2 >= 0 && beta2 < 1, "in [0, 1)");
    check(type, v, "epsilon", epsilon > 0 && Double.isFinite(epsilon), "positive and finite");
    return new OptimizerSpec.Adam(lr, beta1, beta2, epsilon);
  }

  private void check(TypeElement type, AnnotationValues v, String name, boolean ok, String rule) {
    if (!ok) {
      diagnostics.report(Message.BAD_HYPERPARAMETER, type, v.mirror(), v.explicit(name),
          v.simpleName().substring(1), name, rule, v.getDouble(name));
    }
  }

  private static String packageOf(TypeElement type) {
    Element e = type;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  /** {@code UnrollMlp} for a top-level {@code Mlp}; {@code UnrollOuter_Mlp} for one nested in {@code Outer}. */
  public static String generatedName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    Element e = type.getEnclosingElement();
    while (e.getKind() != ElementKind.PACKAGE) {
      name.insert(0, e.getSimpleName() + "_");
      e = e.getEnclosingElement();
    }
    return "Unroll" + name;
  }
}
