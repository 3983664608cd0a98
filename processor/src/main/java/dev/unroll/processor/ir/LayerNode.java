package dev.unroll.processor.ir;

import dev.unroll.Activation;
import dev.unroll.processor.read.LayerDecl;
import java.util.List;
import javax.lang.model.element.AnnotationValue;

/**
 * A layer with every shape known: the IR node of one layer kind. It says what the layer takes and
 * gives, which parameters it owns and what it costs; its kind's emitter writes its code.
 */
public abstract class LayerNode {
  private final LayerDecl decl;
  private final Shape input;
  private final Shape output;

  protected LayerNode(LayerDecl decl, Shape input, Shape output) {
    this.decl = decl;
    this.input = input;
    this.output = output;
  }

  public final LayerDecl decl() {
    return decl;
  }

  /** The layer's name: its method's name. */
  public final String name() {
    return decl.name();
  }

  public final Shape input() {
    return input;
  }

  public final Shape output() {
    return output;
  }

  /** The parameters, in PyTorch's order (weight before bias). */
  public abstract List<Param> params();

  /** Floating-point operations of the forward pass for one sample (a multiply-add counts 2). */
  public abstract long flops();

  /** A short description for the model summary: {@code Dense 784->128, relu}. */
  public abstract String describe();

  /** The activation the layer ends with; {@link Activation#IDENTITY} if it has none. */
  public abstract Activation activation();

  /** The annotation value that set the activation, to point diagnostics at; {@code null} if defaulted. */
  public abstract AnnotationValue activationValue();

  /** Whether the layer's output is a plain affine map of its input, i.e. logits. */
  public abstract boolean outputsLogits();

  public final long parameterCount() {
    long n = 0;
    for (Param p : params()) {
      n += p.size();
    }
    return n;
  }
}
