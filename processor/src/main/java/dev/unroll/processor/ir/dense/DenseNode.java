package dev.unroll.processor.ir.dense;

import dev.unroll.Activation;
import dev.unroll.processor.ir.LayerNode;
import dev.unroll.processor.ir.Param;
import dev.unroll.processor.ir.Shape;
import dev.unroll.processor.read.LayerDecl;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.AnnotationValue;

/**
 * A resolved {@code @Dense} layer: {@code y = activation(flatten(x) W^T + b)}, {@code W [units, in]}.
 */
public final class DenseNode extends LayerNode {
  private final int in;
  private final int units;
  private final Activation activation;
  private final double negativeSlope;
  private final List<Param> params;

  DenseNode(LayerDecl decl, Shape input, int units, Activation activation, double negativeSlope, List<Param> params) {
    super(decl, input, Shape.of(units));
    this.in = input.size();
    this.units = units;
    this.activation = activation;
    this.negativeSlope = negativeSlope;
    this.params = params;
  }

  /** Inputs per sample, after flattening. */
  public int in() {
    return in;
  }

  public int units() {
    return units;
  }

  /** The slope of LEAKY_RELU for negative inputs. */
  public double negativeSlope() {
    return negativeSlope;
  }

  public Param weight() {
    return params.get(0);
  }

  /** The bias, or {@code null} if the layer has none. */
  public Param bias() {
    return params.size() > 1 ? params.get(1) : null;
  }

  @Override
  public List<Param> params() {
    return params;
  }

  @Override
  public long flops() {
    return 2L * in * units;
  }

  @Override
  public String describe() {
    String act = activation == Activation.IDENTITY ? "" : ", " + activation.name().toLowerCase(Locale.ROOT);
    return "Dense " + in + "->" + units + act + (bias() == null ? ", no bias" : "");
  }

  @Override
  public Activation activation() {
    return activation;
  }

  @Override
  public AnnotationValue activationValue() {
    return decl().values().explicit("activation");
  }

  @Override
  public boolean outputsLogits() {
    return activation == Activation.IDENTITY;
  }
}
