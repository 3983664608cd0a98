package dev.unroll.processor.ir;

import dev.unroll.processor.diagnostics.Diagnostics;
import dev.unroll.processor.emit.LayerEmitter;
import dev.unroll.processor.read.LayerDecl;

/**
 * One kind of layer: the annotation that declares it, the rule that resolves a declaration into an IR
 * node (checking its values and inferring its output shape), and the emitter that writes its code.
 * Adding a layer kind means writing these and listing the kind in {@link LayerKinds}.
 */
public interface LayerKind {
  /** The fully qualified name of the layer annotation, {@code dev.unroll.Dense}. */
  String annotation();

  /**
   * Checks the declaration and infers the output shape. Reports every problem it finds and returns
   * {@code null} if the layer is unusable.
   *
   * @param input the shape flowing in, or {@code null} if an earlier error left it unknown (check the
   *     layer's own values anyway, so that the user sees every error at once)
   */
  LayerNode resolve(LayerDecl decl, Shape input, Diagnostics diagnostics);

  /** Writes the code of the nodes {@link #resolve} makes. */
  LayerEmitter emitter();
}
