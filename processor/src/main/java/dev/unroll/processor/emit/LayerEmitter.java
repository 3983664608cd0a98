package dev.unroll.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.unroll.processor.ir.LayerNode;
import java.util.List;

/**
 * Writes one layer kind's code: the bodies of its forward and backward methods over the rows
 * {@code [0, n)} of the batch, and the named constants they use. The writer supplies the fields.
 */
public interface LayerEmitter {
  /** Named constants ({@code private static final}) the bodies refer to. */
  List<FieldSpec> constants(LayerNode node, Num num);

  /** The Javadoc of the forward method: the formula and the shapes. */
  String forwardDoc(LayerNode node);

  /** Reads {@code ctx.in()} and writes {@code ctx.out()}, rows {@code [0, n)}. */
  CodeBlock forward(LayerNode node, LayerContext ctx);

  /** The Javadoc of the backward method. */
  String backwardDoc(LayerNode node, LayerContext ctx);

  /**
   * Reads {@code ctx.outDelta()}, adds to the parameter gradients and writes {@code ctx.inDelta()} if not
   * {@code null}, rows {@code [0, n)}.
   */
  CodeBlock backward(LayerNode node, LayerContext ctx);
}
