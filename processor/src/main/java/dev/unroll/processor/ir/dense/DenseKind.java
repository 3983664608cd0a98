package dev.unroll.processor.ir.dense;

import dev.unroll.Activation;
import dev.unroll.BiasInit;
import dev.unroll.Init;
import dev.unroll.processor.diagnostics.Diagnostics;
import dev.unroll.processor.diagnostics.Message;
import dev.unroll.processor.emit.LayerEmitter;
import dev.unroll.processor.emit.dense.DenseEmitter;
import dev.unroll.processor.ir.InitSpec;
import dev.unroll.processor.ir.InitSpec.Distribution;
import dev.unroll.processor.ir.LayerKind;
import dev.unroll.processor.ir.LayerNode;
import dev.unroll.processor.ir.Param;
import dev.unroll.processor.ir.Param.Storage;
import dev.unroll.processor.ir.Shape;
import dev.unroll.processor.read.AnnotationValues;
import dev.unroll.processor.read.LayerDecl;
import java.util.ArrayList;
import java.util.List;

/** The {@code @Dense} layer kind: checks its values, infers {@code (units)}, plans W and b. */
public final class DenseKind implements LayerKind {
  private static final DenseEmitter EMITTER = new DenseEmitter();

  @Override
  public String annotation() {
    return "dev.unroll.Dense";
  }

  @Override
  public LayerEmitter emitter() {
    return EMITTER;
  }

  @Override
  public LayerNode resolve(LayerDecl decl, Shape input, Diagnostics diagnostics) {
    AnnotationValues v = decl.values();
    var method = decl.method();
    boolean ok = true;
    int units = v.getInt("units");
    if (units <= 0) {
      diagnostics.report(Message.NON_POSITIVE_UNITS, method, v.mirror(), v.explicit("units"), decl.name(), units);
      ok = false;
    }
    Activation activation = Activation.valueOf(v.getEnum("activation"));
    double slope = v.getDouble("negativeSlope");
    if (v.isExplicit("negativeSlope")) {
      if (activation != Activation.LEAKY_RELU) {
        diagnostics.report(Message.SLOPE_WITHOUT_LEAKY_RELU, method, v.mirror(), v.explicit("negativeSlope"),
            decl.name(), activation);
        ok = false;
      } else if (!(slope >= 0 && slope < 1)) {
        diagnostics.report(Message.BAD_SLOPE, method, v.mirror(), v.explicit("negativeSlope"), decl.name(), slope);
        ok = false;
      }
    }
    boolean hasBias = v.getBoolean("bias");
    if (!hasBias && v.isExplicit("biasInit")) {
      diagnostics.report(Message.BIAS_INIT_WITHOUT_BIAS, method, v.mirror(), v.explicit("biasInit"), decl.name());
      ok = false;
    }
    if (!ok || input == null) {
      return null;
    }

    int in = input.size();
    List<Param> params = new ArrayList<>();
    String field = decl.name();
    Init init = Init.valueOf(v.getEnum("init"));
    params.add(new Param(decl.name() + ".weight", field + "Weight", new int[] {units, in}, Storage.TRANSPOSED,
        weightInit(init, activation, in, units)));
    if (hasBias) {
      InitSpec biasInit = BiasInit.valueOf(v.getEnum("biasInit")) == BiasInit.PYTORCH
          ? new InitSpec(Distribution.UNIFORM, 1 / Math.sqrt(in), "PyTorch default: 1 / sqrt(" + in + ")")
          : InitSpec.zeros();
      params.add(new Param(decl.name() + ".bias", field + "Bias", new int[] {units}, Storage.VECTOR, biasInit));
    }
    return new DenseNode(decl, input, units, activation, slope, params);
  }

  /** The weight distribution for an initialiser, with fanIn = in and fanOut = units. */
  static InitSpec weightInit(Init init, Activation activation, int fanIn, int fanOut) {
    if (init == Init.AUTO) {
      init = activation == Activation.RELU || activation == Activation.LEAKY_RELU ? Init.HE_UNIFORM : Init.XAVIER_UNIFORM;
    }
    String sum = "(" + fanIn + " + " + fanOut + ")";
    switch (init) {
      case LECUN_NORMAL:
        return new InitSpec(Distribution.NORMAL, Math.sqrt(1.0 / fanIn), "LeCun normal: sqrt(1 / " + fanIn + ")");
      case LECUN_UNIFORM:
        return new InitSpec(Distribution.UNIFORM, Math.sqrt(3.0 / fanIn), "LeCun uniform: sqrt(3 / " + fanIn + ")");
      case XAVIER_NORMAL:
        return new InitSpec(Distribution.NORMAL, Math.sqrt(2.0 / (fanIn + fanOut)), "Xavier normal: sqrt(2 / " + sum + ")");
      case XAVIER_UNIFORM:
        return new InitSpec(Distribution.UNIFORM, Math.sqrt(6.0 / (fanIn + fanOut)), "Xavier uniform: sqrt(6 / " + sum + ")");
      case HE_NORMAL:
        return new InitSpec(Distribution.NORMAL, Math.sqrt(2.0 / fanIn), "He normal: sqrt(2 / " + fanIn + ")");
      case HE_UNIFORM:
        return new InitSpec(Distribution.UNIFORM, Math.sqrt(6.0 / fanIn), "He uniform: sqrt(6 / " + fanIn + ")");
      case PYTORCH:
        return new InitSpec(Distribution.UNIFORM, 1 / Math.sqrt(fanIn), "PyTorch default: 1 / sqrt(" + fanIn + ")");
      default:
        throw new AssertionError(init);
    }
  }
}
