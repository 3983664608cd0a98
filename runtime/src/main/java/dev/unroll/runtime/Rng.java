package dev.unroll.runtime;

/**
 * The seeded random generator behind parameter initialisation, shuffling and splitting: SplitMix64,
 * with {@link StrictMath} for the normal draws, so that a seed gives the same numbers on every JVM.
 * Not thread-safe.
 */
public final class Rng {
  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in {@code [low, high)}. */
  public double uniform(double low, double high) {
    return low + (high - low) * nextDouble();
  }

  /**
   * Fills {@code out} with {@link #uniform(double, double)} values, in order: the same numbers as that
   * many calls, in one method the JIT compiles while the loop runs (models draw their initial
   * parameters with it at construction, in a cold JVM).
   */
  public void uniform(double[] out, double low, double high) {
    double range = high - low;
    long s = state;
    for (int i = 0; i < out.length; i++) {
      long z = (s += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      out[i] = low + range * (((z ^ (z >>> 31)) >>> 11) * 0x1.0p-53);
    }
    state = s;
  }

  /** Standard normal, by the Box-Muller transform (one value per two uniforms; deterministic). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // in (0, 1]: log stays finite
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Uniform in {@code [0, bound)}, without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long limit = (0x1_0000_0000L / bound) * bound;
    long bits;
    do {
      bits = nextLong() >>> 32;
    } while (bits >= limit);
    return (int) (bits % bound);
  }

  /** Shuffles {@code a[0..n)} in place (Fisher-Yates). */
  public void shuffle(int[] a, int n) {
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
