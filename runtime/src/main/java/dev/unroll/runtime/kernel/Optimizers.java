package dev.unroll.runtime.kernel;

import java.util.Objects;

/**
 * The element-wise optimizer updates of float parameters, over one array's elements {@code [from, to)}.
 * Generated models call these for every row of every parameter (the hyper-parameters are their
 * {@code static final} constants, so after inlining the JIT folds them).
 *
 * <p>Each method performs, element by element, exactly the float operations its Javadoc shows, in that
 * order, each with one rounding ({@code *}, {@code +}, {@code -}, {@code /} and {@link Math#sqrt} are
 * correctly rounded, and no fused multiply-add is used), so the results are the same bits on the scalar
 * path and with the Vector API (see {@link VectorSupport}), on any vector width, and however a caller
 * splits the elements into ranges.
 *
 * <p>Why a kernel and not a loop in the generated class: C2 vectorises such a loop by itself, but each call
 * over a short row (a weight stored as {@code in} rows of {@code out} floats) also runs a scalar pre-loop
 * and post-loop, and with Adam's square root and two divisions those scalar elements are dear. Measured on
 * {@code mnist-mlp} (784 x 128 + 128 x 10 weights, Zen 5, JDK 17, {@code TrainPhasesProbe 1 mnist}, three
 * alternating pairs): Adam took 64-65 us a step as a generated loop, 41-44 us with the Vector API form
 * here, which runs whole vectors from {@code from} and only the last {@code (to - from) mod L} elements
 * scalar. The scalar path runs the generated loop's form, at the generated loop's speed.
 *
 * <p>The ranges are checked ({@link IndexOutOfBoundsException}) against every array before anything is
 * written. Nothing is allocated (once the JIT has compiled the Vector API code).
 *
 * <p>With the Vector API, each method runs its scalar form until its vector form has been warmed up on a
 * thread of its own (see {@link VectorWarmup}).
 */
public final class Optimizers {
  private Optimizers() {}

  /** Runs of each form's scratch problem on its warm-up thread: C2 has compiled it well before. */
  static final int WARMUP_CALLS = 20_000;

  static final VectorWarmup.Kernel ADAM = new VectorWarmup.Kernel(VectorWarmup.ADAM, WARMUP_CALLS);
  static final VectorWarmup.Kernel SGD = new VectorWarmup.Kernel(VectorWarmup.SGD, WARMUP_CALLS);
  static final VectorWarmup.Kernel MOMENTUM = new VectorWarmup.Kernel(VectorWarmup.MOMENTUM, WARMUP_CALLS);

  /**
   * Adam (PyTorch's {@code torch.optim.Adam} without weight decay and {@code amsgrad}), for {@code j} in
   * {@code [from, to)}:
   *
   * <pre>
   * m[j] = beta1 * m[j] + oneMinusBeta1 * g[j]
   * v[j] = beta2 * v[j] + oneMinusBeta2 * g[j] * g[j]
   * p[j] = p[j] - stepSize * m[j] / (sqrt(v[j]) / correction2 + epsilon)</pre>
   *
   * <p>where the caller passes {@code stepSize = lr / (1 - beta1^t)} and {@code correction2 = sqrt(1 -
   * beta2^t)} for step {@code t}, and {@code oneMinusBeta1}, {@code oneMinusBeta2} rounded once from the
   * exact differences. Products and quotients are evaluated left to right as written.
   */
  public static void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float beta1,
      float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float correction2,
      float epsilon) {
    checkRange(from, to, p, g);
    checkRange(from, to, m, v);
    int j = VectorSupport.ENABLED && ADAM.ready()
        ? VectorOptimizers.adam(p, g, m, v, from, to, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize,
            correction2, epsilon)
        : from;
    for (; j < to; j++) {
      float gj = g[j];
      m[j] = beta1 * m[j] + oneMinusBeta1 * gj;
      v[j] = beta2 * v[j] + oneMinusBeta2 * gj * gj;
      p[j] -= stepSize * m[j] / ((float) Math.sqrt(v[j]) / correction2 + epsilon);
    }
  }

  /** Plain SGD, for {@code j} in {@code [from, to)}: {@code p[j] = p[j] - learningRate * g[j]}. */
  public static void sgd(float[] p, float[] g, int from, int to, float learningRate) {
    checkRange(from, to, p, g);
    int j = VectorSupport.ENABLED && SGD.ready() ? VectorOptimizers.sgd(p, g, from, to, learningRate) : from;
    for (; j < to; j++) {
      p[j] -= learningRate * g[j];
    }
  }

  /**
   * SGD with momentum (PyTorch's, dampening 0, from a zero buffer), for {@code j} in {@code [from, to)}:
   *
   * <pre>
   * buf[j] = momentum * buf[j] + g[j]
   * p[j] = p[j] - learningRate * buf[j]</pre>
   *
   * <p>and with {@code nesterov}, {@code p[j] = p[j] - learningRate * (g[j] + momentum * buf[j])} instead.
   */
  public static void momentum(float[] p, float[] g, float[] buf, int from, int to, float learningRate,
      float momentum, boolean nesterov) {
    checkRange(from, to, p, g);
    Objects.checkFromToIndex(from, to, buf.length);
    int j = VectorSupport.ENABLED && MOMENTUM.ready()
        ? VectorOptimizers.momentum(p, g, buf, from, to, learningRate, momentum, nesterov)
        : from;
    for (; j < to; j++) {
      buf[j] = momentum * buf[j] + g[j];
      p[j] -= nesterov ? learningRate * (g[j] + momentum * buf[j]) : learningRate * buf[j];
    }
  }

  private static void checkRange(int from, int to, float[] a, float[] b) {
    Objects.checkFromToIndex(from, to, Math.min(a.length, b.length));
  }
}
