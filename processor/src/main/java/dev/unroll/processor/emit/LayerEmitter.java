package dev.unroll.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.unroll.processor.ir.LayerNode;
import java.util.List;

/**
 * Writes one layer kind's code. The writer calls it in three phases, each of which may run split across
 * threads, so each body works on its own part only and computes every output element in a fixed order:
 *
 * <ol>
 *   <li>{@link #forward}: rows {@code [start, end)} of the batch, input to output;
 *   <li>{@link #backwardRows}: rows {@code [start, end)}, turning the gradient with respect to the output
 *       into the gradient with respect to the pre-activation and the input;
 *   <li>{@link #parameterGradients}: part {@code part} of {@code parts} of the parameter gradients, over
 *       the {@code n} rows of the batch, replacing what that part held.
 * </ol>
 *
 * The writer supplies the fields and the method signatures; the bodies use {@code start}, {@code end},
 * {@code part}, {@code parts} and {@code n}.
 */
public interface LayerEmitter {
  /** Named constants ({@code private static final}) the bodies refer to. */
  List<FieldSpec> constants(LayerNode node, Num num);

  /** The Javadoc of the forward method: the formula and the shapes. */
  String forwardDoc(LayerNode node);

  /** Reads rows {@code [start, end)} of {@code ctx.in()} and writes them in {@code ctx.out()}. */
  CodeBlock forward(LayerNode node, LayerContext ctx);

  /**
   * Optionally, the forward pass split by outputs instead of rows, for batches too small to split by
   * rows (a single sample, say): the part of rows {@code [0, n)} that part {@code part} of {@code parts}
   * of the outputs covers, up to what needs a whole output row. {@link #forwardColumnsFinish} then
   * completes rows {@code [start, end)} on one thread. Returns {@code null} (the default) when the layer
   * does not split this way; it then runs {@link #forward} on the calling thread.
   */
  default CodeBlock forwardColumns(LayerNode node, LayerContext ctx) {
    return null;
  }

  /** After {@link #forwardColumns}: what remains of the forward pass of rows {@code [start, end)}. */
  default CodeBlock forwardColumnsFinish(LayerNode node, LayerContext ctx) {
    return CodeBlock.of("");
  }

  /** The Javadoc of the backward methods. */
  String backwardDoc(LayerNode node, LayerContext ctx);

  /**
   * For rows {@code [start, end)}: turns {@code ctx.outDelta()} into the gradient with respect to the
   * pre-activation, in place, and writes {@code ctx.inDelta()} if it is not {@code null}.
   */
  CodeBlock backwardRows(LayerNode node, LayerContext ctx);

  /**
   * Part {@code part} of {@code parts} of the gradients of the layer's parameters over {@code n} rows: sets
   * the part's slice of each gradient to zero, then adds the batch's contributions. The parts' slices
   * together cover every gradient element (nothing else zeroes them before a backward pass), and each
   * part clears only its own, on the thread that then writes it.
   */
  CodeBlock parameterGradients(LayerNode node, LayerContext ctx);
}
