package dev.unroll.processor.ir;

import dev.unroll.Activation;
import dev.unroll.processor.diagnostics.Diagnostics;
import dev.unroll.processor.diagnostics.Message;
import java.util.Locale;

/**
 * Checks that need the whole resolved network: that the loss fits the last layer, and that a trained
 * network can differentiate every layer.
 */
final class NetworkChecks {
  private final Diagnostics diagnostics;

  NetworkChecks(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void check(NetworkIr ir) {
    if (ir.trained()) {
      checkLossFitsLastLayer(ir);
      for (LayerNode layer : ir.layers()) {
        if (layer.activation() == Activation.STEP) {
          report(Message.STEP_IN_TRAINED_MODEL, layer, layer.name(), ir.type().getSimpleName());
        }
      }
    }
  }

  private void checkLossFitsLastLayer(NetworkIr ir) {
    LayerNode last = ir.last();
    Activation act = last.activation();
    String has = "has activation " + act;
    switch (ir.loss()) {
      case CROSS_ENTROPY:
        if (act == Activation.SOFTMAX) {
          report(Message.SOFTMAX_TWICE, last, last.name(), last.name());
        } else if (!last.outputsLogits()) {
          report(Message.LOSS_NEEDS_LOGITS, last, "@CrossEntropy", "softmax", last.name(), has, last.name());
        }
        break;
      case BINARY_CROSS_ENTROPY:
        if (act != Activation.SIGMOID) {
          report(Message.BCE_NEEDS_SIGMOID, last, last.name(), has, last.name());
        }
        break;
      case BINARY_CROSS_ENTROPY_WITH_LOGITS:
        if (!last.outputsLogits()) {
          report(Message.LOSS_NEEDS_LOGITS, last, "@BinaryCrossEntropy(fromLogits = true)", "sigmoid", last.name(),
              has, last.name());
        }
        break;
      case MEAN_SQUARED_ERROR:
        break;
      default:
        throw new AssertionError(ir.loss().name().toLowerCase(Locale.ROOT));
    }
  }

  /** Reports on the layer's activation value if the user wrote one, else on its annotation. */
  private void report(Message message, LayerNode layer, Object... args) {
    diagnostics.report(message, layer.decl().method(), layer.decl().values().mirror(), layer.activationValue(), args);
  }
}
