package dev.unroll.processor.ir;

import dev.unroll.processor.ir.dense.DenseKind;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every layer kind the processor knows, by annotation name. The one list a new layer kind joins. */
public final class LayerKinds {
  private static final List<LayerKind> ALL = List.of(new DenseKind());
  private static final Map<String, LayerKind> BY_ANNOTATION =
      ALL.stream().collect(Collectors.toUnmodifiableMap(LayerKind::annotation, Function.identity()));

  private LayerKinds() {}

  public static java.util.Set<String> annotations() {
    return BY_ANNOTATION.keySet();
  }

  public static LayerKind of(String annotation) {
    LayerKind kind = BY_ANNOTATION.get(annotation);
    if (kind == null) {
      throw new IllegalArgumentException("no layer kind for " + annotation);
    }
    return kind;
  }
}
