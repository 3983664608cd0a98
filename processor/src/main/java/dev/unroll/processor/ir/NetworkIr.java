package dev.unroll.processor.ir;

import dev.unroll.Precision;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A network with every layer resolved and every shape known: what the emit stage works from.
 *
 * @param loss {@code null} for an inference-only network
 * @param optimizer {@code null} for an inference-only network
 */
public record NetworkIr(
    TypeElement type,
    String packageName,
    String className,
    Shape input,
    int maxBatch,
    long seed,
    Precision precision,
    Loss loss,
    OptimizerSpec optimizer,
    List<LayerNode> layers) {

  public boolean trained() {
    return optimizer != null;
  }

  public LayerNode last() {
    return layers.get(layers.size() - 1);
  }

  public long parameterCount() {
    return layers.stream().mapToLong(LayerNode::parameterCount).sum();
  }

  public long flops() {
    return layers.stream().mapToLong(LayerNode::flops).sum();
  }
}
