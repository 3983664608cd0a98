package dev.unroll.processor.ir;

import java.util.Locale;

/** The optimizer of a trained network, with its hyper-parameters checked. */
public sealed interface OptimizerSpec {
  double learningRate();

  /** For the model summary. */
  String describe();

  /** SGD with optional (Nesterov) momentum, PyTorch's update with dampening 0. */
  record Sgd(double learningRate, double momentum, boolean nesterov) implements OptimizerSpec {
    public boolean hasMomentum() {
      return momentum != 0;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "SGD(learningRate=%s, momentum=%s, nesterov=%s)", learningRate, momentum,
          nesterov);
    }
  }

  /** Adam, PyTorch's update. */
  record Adam(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerSpec {
    @Override
    public String describe() {
      return String.format(Locale.ROOT, "Adam(learningRate=%s, beta1=%s, beta2=%s, epsilon=%s)", learningRate, beta1,
          beta2, epsilon);
    }
  }
}
