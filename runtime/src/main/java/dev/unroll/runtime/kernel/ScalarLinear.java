package dev.unroll.runtime.kernel;

/**
 * The dense-layer kernels of {@link Linear} in plain Java: what runs when the Vector API is not in use.
 *
 * <p>Everything here is written in the loop forms C2 vectorises on its own: an "axpy" {@code y[o] =
 * fma(a, w[o], y[o])} over row arrays, every array indexed by the same {@code o} (C2 turns it into SIMD
 * FMA instructions; an offset between the arrays' indices stops it on JDK 17). The input gradient is a
 * dot product, an ordered float sum C2 does not vectorise: it transposes tiles of the weight into a
 * per-thread buffer to get the axpy form, or, for fewer than 4 samples, runs 8 independent scalar chains
 * so the FMA units stay busy. Register blocking keeps loaded values in use: the forward pass handles 4
 * rows of {@code x} against 2 rows of {@code wT} per sweep over {@code o}, so each loaded weight serves 4
 * samples and each partial sum in {@code y} is loaded and stored once per 2 inputs. A weight too large
 * for the core's L2 is taken in tiles that stay there ({@link #forwardTiled}, {@link #backwardInput}),
 * and wide rows of partial sums are accumulated in per-thread rows {@link #placed} so that storing one
 * does not stall loading the next (the caller's rows are often a multiple of 4 KB apart). The weight
 * gradient of a layer of fewer than {@link #NARROW_OUT} outputs, too narrow for axpy loops over its
 * rows, runs its axpy over the inputs on transposed rows instead.
 *
 * <p>Each output element is one chain of fused multiply-adds (or adds, for the bias) in index order, a
 * fixed function of the element and the shapes (see {@link Linear}); blocking, loop order and row ranges
 * never change it. {@link VectorLinear} performs exactly the same operations, so the two paths agree to
 * the bit.
 */
final class ScalarLinear {
  private ScalarLinear() {}

  /**
   * {@code y[b][o] = bias[o] + sum_i x[b][i] * wT[i][o]} for {@code b} in {@code [rowStart, rowEnd)},
   * summed as {@code y = bias; for i = 0..in-1: y = fma(x[b][i], wT[i][o], y)}.
   */
  static void forward(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart, int rowEnd,
      int in, int out) {
    if (rowEnd - rowStart >= 4 && worthSkipping(zeros(x[rowStart], in), in)) {
      forwardSkipping(x, wT, bias, y, rowStart, rowEnd, in, out);
      return;
    }
    if (rowEnd - rowStart >= TILE_MIN_ROWS
        && (out >= PLACED_MIN_OUT || (long) in * out >= TILE_MIN_FLOATS)) {
      forwardTiled(x, wT, bias, y, rowStart, rowEnd, in, out);
      return;
    }
    int b = forwardBlocks(x, wT, bias, y, rowStart, rowEnd, in, out);
    // Leftover samples one at a time.
    for (; b < rowEnd; b++) {
      forwardColumns(x[b], wT, bias, y[b], in, 0, out);
    }
  }

  /**
   * {@link #forward}'s plain loop over blocks of 4 samples from {@code rowStart}; returns where the
   * blocks end. Its shape is measured, not incidental: the rows start from the bias in a loop ({@link
   * #start4}) rather than through {@code System.arraycopy}, and the blocks are a method of their own
   * rather than part of {@code forward}. Without both, C2 (JDK 17, AVX-512, seen with hsdis) compiled
   * the sweep over {@code o} with two 8-float vectors per iteration, which leaves 16 of a row of 128 to
   * its scalar pre- and post-loops instead of 8, and moved row addresses between general and vector
   * registers inside it. On mnist-mlp's 784 x 128 at batch 32 (same-JVM A/B, GFLOP/s): neither 41-50,
   * own method with arraycopy 42-51, loop start inline 53, both 63-64 (KernelBenchmark.forwardMlp:
   * 45-49 -> 59-61).
   */
  private static int forwardBlocks(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart,
      int rowEnd, int in, int out) {
    int b = rowStart;
    // Blocks of 4 samples: each sweep over o reads 2 weight rows and updates 4 output rows.
    for (; b + 4 <= rowEnd; b += 4) {
      float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
      float[] y0 = y[b], y1 = y[b + 1], y2 = y[b + 2], y3 = y[b + 3];
      start4(y0, y1, y2, y3, bias, 0, out);
      int i = 0;
      for (; i + 2 <= in; i += 2) {
        fma4x2(y0, y1, y2, y3, wT[i], wT[i + 1], x0[i], x0[i + 1], x1[i], x1[i + 1], x2[i], x2[i + 1],
            x3[i], x3[i + 1], 0, out);
      }
      if (i < in) {
        fma4x1(y0, y1, y2, y3, wT[i], x0[i], x1[i], x2[i], x3[i], 0, out);
      }
    }
    return b;
  }

  /**
   * {@link #forward} takes {@link #forwardTiled} for 8 samples or more ({@link #TILE_MIN_ROWS}) with at
   * least this many outputs (where rows of partial sums {@link #placed} apart pay for copying them) ...
   */
  private static final int PLACED_MIN_OUT = 512;

  /** ... or a weight of at least this many floats (1 MB: then the tiles pay). */
  private static final int TILE_MIN_FLOATS = 256 * 1024;

  /** Two blocks of 4 samples or more. */
  private static final int TILE_MIN_ROWS = 8;

  /** Inputs per tile of {@link #forwardTiled}. */
  private static final int TILE_IN = 128;

  /** Outputs per tile of {@link #forwardTiled}: with {@link #TILE_IN}, a 512 KB tile of the weight. */
  private static final int TILE_OUT = 1024;

  /**
   * {@link #forward} for 8 samples or more with 512 outputs or more, or a weight of 1 MB or more: the
   * weight is taken in tiles of {@link #TILE_IN} inputs x {@link #TILE_OUT} outputs (512 KB, which stays
   * in L2), and every block of 4 samples runs over one tile before the next tile is read, instead of
   * streaming the whole weight from L3 or memory again per block; and a block's 4 partial rows are
   * accumulated in per-thread rows {@link #placed} apart rather than in the caller's rows, which are
   * often a multiple of 4 KB apart. Each element is still one FMA chain in input order: the partial sum
   * passes through {@code y} between tiles unchanged. Measured in a standalone harness (JDK 17, Zen 5,
   * GFLOP/s, untiled loop on rows allocated back to back against this): 256 x 1024 x 1024 40 -> 96-101,
   * 8 x 1024 x 1024 42 -> 105, 32 x 128 x 1024 45 -> 112, 64 x 256 x 512 52 -> 77. Fewer outputs are
   * left to the plain loop: on mnist-mlp's 784 x 128 this was faster in some JVMs and slower in others.
   */
  private static void forwardTiled(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart,
      int rowEnd, int in, int out) {
    float[][] acc = WORKSPACE.get().rows(out);
    float[] a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    int blocksEnd = rowStart + (rowEnd - rowStart) / 4 * 4;
    for (int i0 = 0; i0 < in; i0 += TILE_IN) {
      int i1 = Math.min(in, i0 + TILE_IN);
      for (int o0 = 0; o0 < out; o0 += TILE_OUT) {
        int o1 = Math.min(out, o0 + TILE_OUT);
        for (int b = rowStart; b < blocksEnd; b += 4) {
          float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
          if (i0 == 0) {
            startRange(a0, bias, o0, o1);
            startRange(a1, bias, o0, o1);
            startRange(a2, bias, o0, o1);
            startRange(a3, bias, o0, o1);
          } else {
            System.arraycopy(y[b], o0, a0, o0, o1 - o0);
            System.arraycopy(y[b + 1], o0, a1, o0, o1 - o0);
            System.arraycopy(y[b + 2], o0, a2, o0, o1 - o0);
            System.arraycopy(y[b + 3], o0, a3, o0, o1 - o0);
          }
          int i = i0;
          for (; i + 2 <= i1; i += 2) {
            fma4x2(a0, a1, a2, a3, wT[i], wT[i + 1], x0[i], x0[i + 1], x1[i], x1[i + 1], x2[i],
                x2[i + 1], x3[i], x3[i + 1], o0, o1);
          }
          if (i < i1) {
            fma4x1(a0, a1, a2, a3, wT[i], x0[i], x1[i], x2[i], x3[i], o0, o1);
          }
          System.arraycopy(a0, o0, y[b], o0, o1 - o0);
          System.arraycopy(a1, o0, y[b + 1], o0, o1 - o0);
          System.arraycopy(a2, o0, y[b + 2], o0, o1 - o0);
          System.arraycopy(a3, o0, y[b + 3], o0, o1 - o0);
        }
      }
    }
    for (int b = blocksEnd; b < rowEnd; b++) {
      forwardColumns(x[b], wT, bias, y[b], in, 0, out);
    }
  }

  /**
   * {@link #forward} when the first sample has at least a quarter zero inputs: each block of 4 samples
   * whose shared zero inputs are a quarter or more ({@link #blockNonzero}) sweeps over the others only,
   * any other block runs {@link #forwardBlocks}' plain sweep. Until 2026-12-06 such a block swept a list
   * of all its inputs instead, which costs more: on ReLU-like inputs (half zero in each sample, rarely in
   * all four; 32 samples, standalone harness, JDK 17, Zen 5, medians of 5 JVMs) 256 -> 128 took 44.1 us
   * that way against 35.1 now (32.6 on inputs without zeros), 128 -> 10 7.7 against 7.3. Sweeping a
   * whole call without skipping through one {@code forwardBlocks} call when no block skips measured
   * slower still (46-49 us). A method of its own, and chosen once per call, so that {@code forward}'s
   * dense sweep compiles as it did before: with the check per block inside it, a generated 1024 x 1024
   * layer on inputs without zeros lost its faster JIT outcome (12-14.7 ms a batch of 256 in 6 of 6 forks,
   * against 8.4-8.8 in 4 of 6 and 15.6 in 2 before).
   */
  private static void forwardSkipping(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart,
      int rowEnd, int in, int out) {
    Workspace ws = WORKSPACE.get();
    int[] index = ws.nonzero(in);
    int b = rowStart;
    for (; b + 4 <= rowEnd; b += 4) {
      int count = blockNonzero(x, b, in, index, 0, ws.magnitude(in));
      if (count < 0) {
        forwardBlocks(x, wT, bias, y, b, b + 4, in, out);
        continue;
      }
      float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
      float[] y0 = y[b], y1 = y[b + 1], y2 = y[b + 2], y3 = y[b + 3];
      start4(y0, y1, y2, y3, bias, 0, out);
      forwardBlock(x0, x1, x2, x3, y0, y1, y2, y3, wT, index, count, out);
    }
    for (; b < rowEnd; b++) {
      forwardColumns(x[b], wT, bias, y[b], in, 0, out);
    }
  }

  /** One block of {@link #forwardSkipping} over the inputs {@code index[0..count)}, in order. */
  private static void forwardBlock(float[] x0, float[] x1, float[] x2, float[] x3, float[] y0, float[] y1,
      float[] y2, float[] y3, float[][] wT, int[] index, int count, int out) {
    int k = 0;
    for (; k + 2 <= count; k += 2) {
      int i = index[k], j = index[k + 1];
      fma4x2(y0, y1, y2, y3, wT[i], wT[j], x0[i], x0[j], x1[i], x1[j], x2[i], x2[j], x3[i], x3[j], 0,
          out);
    }
    if (k < count) {
      int i = index[k];
      fma4x1(y0, y1, y2, y3, wT[i], x0[i], x1[i], x2[i], x3[i], 0, out);
    }
  }

  /**
   * One sample, outputs {@code [c0, c1)}, 4 weight rows per sweep: {@code y[o] = bias[o] + sum_i x[i] *
   * wT[i][o]}, summed as in {@link #forward} but over the nonzero inputs only when {@link #worthSkipping}.
   */
  static void forwardColumns(float[] xb, float[][] wT, float[] bias, float[] yb, int in, int c0, int c1) {
    if (bias == null) {
      java.util.Arrays.fill(yb, c0, c1, 0f);
    } else {
      System.arraycopy(bias, c0, yb, c0, c1 - c0);
    }
    int[] nz = WORKSPACE.get().nonzero(in);
    int count = nonzero(xb, in, nz);
    if (!worthSkipping(in - count, in)) {
      int i = 0;
      for (; i + 4 <= in; i += 4) {
        fma1x4(yb, wT[i], wT[i + 1], wT[i + 2], wT[i + 3], xb[i], xb[i + 1], xb[i + 2], xb[i + 3], c0, c1);
      }
      for (; i < in; i++) {
        fma1x1(yb, wT[i], xb[i], c0, c1);
      }
      return;
    }
    int k = 0;
    for (; k + 4 <= count; k += 4) {
      int i0 = nz[k], i1 = nz[k + 1], i2 = nz[k + 2], i3 = nz[k + 3];
      fma1x4(yb, wT[i0], wT[i1], wT[i2], wT[i3], xb[i0], xb[i1], xb[i2], xb[i3], c0, c1);
    }
    for (; k < count; k++) {
      fma1x1(yb, wT[nz[k]], xb[nz[k]], c0, c1);
    }
  }

  /**
   * Whether a sample with {@code zeros} zero inputs of {@code in} is summed over its nonzero inputs only
   * ({@link #nonzero}): when at least a quarter are zero. Measured on a 784x128 layer with the vector
   * kernel: the indexed sweep costs about 1.13 times a plain one per input (5.3 against 4.7 us for all
   * 784) and finding the indices 0.5 to 0.6 us, so skipping pays from about a fifth zeros.
   */
  static boolean worthSkipping(int zeros, int in) {
    return zeros >= in / 4;
  }

  /**
   * For the block of 4 samples {@code x[b..b+3]}: writes the inputs {@code i < n} that are nonzero (NaN
   * included) in at least one of them to {@code index[offset..]}, in order, and returns how many; or
   * returns -1, leaving the count unused, when fewer than a quarter are zero in all four ({@link
   * #worthSkipping}). The batched forward passes then sum over those inputs only: a product with an input
   * that is zero in all four samples adds an exact zero to each of their sums, so leaving it out changes
   * no value, with the exceptions {@link Linear} lists. An MNIST digit's border (about half its pixels)
   * is zero in every digit, and a block of four shares more.
   *
   * <p>Two passes: {@code magnitude[i] = |x0[i]| + |x1[i]| + |x2[i]| + |x3[i]|}, a loop C2 vectorises,
   * zero only if all four are (NaN stays NaN, overflow gives infinity); then {@link #compact} over those
   * sums. The one-pass form ({@code x0[i] != 0f | x1[i] != 0f | ...} per input) took 10-18 us for the 8
   * blocks of a batch of 32 MNIST digits, the two passes 5-9 (standalone harness, JDK 17, Zen 5).
   */
  static int blockNonzero(float[][] x, int b, int n, int[] index, int offset, float[] magnitude) {
    float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
    for (int i = 0; i < n; i++) {
      magnitude[i] = Math.abs(x0[i]) + Math.abs(x1[i]) + Math.abs(x2[i]) + Math.abs(x3[i]);
    }
    int count = compact(magnitude, 0, n, index, offset);
    return worthSkipping(n - count, n) ? count : -1;
  }

  /**
   * Writes the {@code i} in {@code [from, to)} with {@code x[i]} nonzero (NaN included, either zero
   * excluded) to {@code index[offset..]}, in order, and returns how many. The test is integer arithmetic
   * on the bits, {@code ((bits & 0x7fffffff) + 0x7fffffff) >>> 31} being 1 for any nonzero magnitude,
   * with no branch for a pattern of zeros to mispredict; against {@code count += x[i] != 0f ? 1 : 0}
   * (standalone harness, 784 MNIST pixels, JDK 17, Zen 5) it measured 0.59-0.84 us against 0.65-1.0.
   */
  static int compact(float[] x, int from, int to, int[] index, int offset) {
    int count = offset;
    for (int i = from; i < to; i++) {
      index[count] = i;
      count += ((Float.floatToRawIntBits(x[i]) & 0x7fffffff) + 0x7fffffff) >>> 31;
    }
    return count - offset;
  }

  /**
   * How many of {@code x[0..n)} are zero (either sign; NaN is not). Integer arithmetic on the bits (the
   * magnitude's bits minus 1 is negative only for a zero): 0.32 us for 784 inputs, against 0.55 for
   * {@code x[i] == 0f ? 1 : 0}; C2 vectorises neither.
   */
  static int zeros(float[] x, int n) {
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      zeros += ((Float.floatToRawIntBits(x[i]) & 0x7fffffff) - 1) >>> 31;
    }
    return zeros;
  }

  /**
   * Writes the indices {@code i < n} with {@code x[i] != 0} (NaN included) to {@code index}, in order,
   * and returns how many there are; {@code index} must have room for {@code n} ({@link #compact}).
   *
   * <p>One sample's forward pass ({@link #forwardColumns}) sums over these inputs only: a zero input adds
   * an exact zero product, which leaves the sum's value unchanged (see {@link Linear#forwardColumns} for
   * the two exceptions). MNIST digits are about 80% zero pixels and a ReLU layer's outputs about half
   * zero, so a layer reading them streams that much less of its weight.
   */
  static int nonzero(float[] x, int n, int[] index) {
    return compact(x, 0, n, index, 0);
  }

  /**
   * {@code dx[b][i] = sum_o wT[i][o] * dz[b][o]} for {@code b} in {@code [rowStart, rowEnd)}, summed as
   * {@code s = 0; for o = 0..out-1: s = fma(wT[i][o], dz[b][o], s)}: one sequential chain per output.
   *
   * <p>C2 does not vectorise such a sum. With enough samples the chains are instead run side by side in
   * the axpy form, as {@link #forwardTiled} runs the forward pass: the weight is taken in tiles of
   * {@link #TILE_IN} outputs x {@link #TILE_OUT} inputs, each transposed once per call into per-thread
   * rows {@code pack[k][j] = wT[i0 + j][o0 + k]} (550 KB with its padding, so it stays in L2), and for each block
   * of 4 samples {@code acc[j] = fma(dz[b][o0 + k], pack[k][j], acc[j])} runs over {@code j}, which C2
   * vectorises, for {@code k} in order. The partial sums pass through {@code dx} between tiles of
   * outputs, so each element is still its one chain. Samples after the last block of 4 run over the
   * same tile one at a time. Fewer than 4 samples run {@link #backwardInputChains}.
   */
  static void backwardInput(float[][] dz, float[][] wT, float[][] dx, int rowStart, int rowEnd, int in,
      int out) {
    if (rowEnd - rowStart < TRANSPOSE_MIN_ROWS || in == 0 || out == 0) {
      backwardInputChains(dz, wT, dx, rowStart, rowEnd, in, out);
      return;
    }
    Workspace ws = WORKSPACE.get();
    float[][] pack = ws.tile();
    float[][] acc = ws.rows(Math.min(in, TILE_OUT));
    float[] a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    int blocksEnd = rowStart + (rowEnd - rowStart) / 4 * 4;
    for (int o0 = 0; o0 < out; o0 += TILE_IN) {
      int o1 = Math.min(out, o0 + TILE_IN);
      for (int i0 = 0; i0 < in; i0 += TILE_OUT) {
        int width = Math.min(in, i0 + TILE_OUT) - i0;
        transpose(wT, i0, width, o0, o1, pack);
        for (int b = rowStart; b < blocksEnd; b += 4) {
          float[] d0 = dz[b], d1 = dz[b + 1], d2 = dz[b + 2], d3 = dz[b + 3];
          if (o0 == 0) {
            java.util.Arrays.fill(a0, 0, width, 0f);
            java.util.Arrays.fill(a1, 0, width, 0f);
            java.util.Arrays.fill(a2, 0, width, 0f);
            java.util.Arrays.fill(a3, 0, width, 0f);
          } else {
            System.arraycopy(dx[b], i0, a0, 0, width);
            System.arraycopy(dx[b + 1], i0, a1, 0, width);
            System.arraycopy(dx[b + 2], i0, a2, 0, width);
            System.arraycopy(dx[b + 3], i0, a3, 0, width);
          }
          int o = o0;
          for (; o + 2 <= o1; o += 2) {
            fma4x2(a0, a1, a2, a3, pack[o - o0], pack[o - o0 + 1], d0[o], d0[o + 1], d1[o], d1[o + 1],
                d2[o], d2[o + 1], d3[o], d3[o + 1], 0, width);
          }
          if (o < o1) {
            fma4x1(a0, a1, a2, a3, pack[o - o0], d0[o], d1[o], d2[o], d3[o], 0, width);
          }
          System.arraycopy(a0, 0, dx[b], i0, width);
          System.arraycopy(a1, 0, dx[b + 1], i0, width);
          System.arraycopy(a2, 0, dx[b + 2], i0, width);
          System.arraycopy(a3, 0, dx[b + 3], i0, width);
        }
        for (int b = blocksEnd; b < rowEnd; b++) {
          float[] d = dz[b];
          if (o0 == 0) {
            java.util.Arrays.fill(a0, 0, width, 0f);
          } else {
            System.arraycopy(dx[b], i0, a0, 0, width);
          }
          int o = o0;
          for (; o + 4 <= o1; o += 4) {
            fma1x4(a0, pack[o - o0], pack[o - o0 + 1], pack[o - o0 + 2], pack[o - o0 + 3], d[o], d[o + 1],
                d[o + 2], d[o + 3], 0, width);
          }
          for (; o < o1; o++) {
            fma1x1(a0, pack[o - o0], d[o], 0, width);
          }
          System.arraycopy(a0, 0, dx[b], i0, width);
        }
      }
    }
  }

  /**
   * {@code pack[k][j] = wT[i0 + j][o0 + k]} for {@code j < width}, {@code k < o1 - o0}: four rows of
   * {@code wT} per pass.
   */
  private static void transpose(float[][] wT, int i0, int width, int o0, int o1, float[][] pack) {
    int j = 0;
    for (; j + 4 <= width; j += 4) {
      float[] w0 = wT[i0 + j], w1 = wT[i0 + j + 1], w2 = wT[i0 + j + 2], w3 = wT[i0 + j + 3];
      for (int o = o0; o < o1; o++) {
        float[] p = pack[o - o0];
        p[j] = w0[o];
        p[j + 1] = w1[o];
        p[j + 2] = w2[o];
        p[j + 3] = w3[o];
      }
    }
    for (; j < width; j++) {
      float[] w = wT[i0 + j];
      for (int o = o0; o < o1; o++) {
        pack[o - o0][j] = w[o];
      }
    }
  }

  /** Calls with at least this many samples use the transposed form of {@link #backwardInput}. */
  private static final int TRANSPOSE_MIN_ROWS = 4;

  /** What the kernels keep per thread: index lists, rows of partial sums, a transposed tile. */
  private static final class Workspace {
    /** {@link #backwardInput}'s transposed tile of the weight, created on first use. */
    private float[][] tile;
    /**
     * The indices of one sample's nonzero inputs ({@link #forwardColumns}), of one block's ({@link
     * #forwardSkipping}) or of one batch's ({@link #backwardWeightSkipping}).
     */
    private int[] nonzero = new int[0];
    /** {@link #batchNonzero}'s sums, indexed by input. */
    private float[] magnitude = new float[0];

    float[] magnitude(int size) {
      if (magnitude.length < size) {
        magnitude = new float[size];
      }
      return magnitude;
    }

    int[] nonzero(int size) {
      if (nonzero.length < size) {
        nonzero = new int[size];
      }
      return nonzero;
    }

    /**
     * Four rows of partial sums for {@link #forwardTiled}, {@link #backwardInput} and {@link
     * #backwardWeightPlaced}, one call at a time; see {@link #rows(int)}.
     */
    private float[][] rows = new float[4][0];

    /** Four rows of at least {@code out} floats, allocated one after another ({@link #placed}). */
    float[][] rows(int out) {
      if (rows[0].length < out) {
        rows = placed(4, out);
      }
      return rows;
    }

    /** {@link #backwardWeightNarrow}'s transposed rows, created on first use. */
    private float[][] transposed = new float[NARROW_OUT][0];

    /** {@link #NARROW_OUT} rows of at least {@code length} floats, {@link #placed}. */
    float[][] transposed(int length) {
      if (transposed[0].length < length) {
        transposed = placed(NARROW_OUT, length);
      }
      return transposed;
    }

    /** {@link #TILE_IN} rows of at least {@link #TILE_OUT} floats (550 KB), {@link #placed}. */
    float[][] tile() {
      if (tile == null) {
        tile = placed(TILE_IN, TILE_OUT);
      }
      return tile;
    }
  }

  /**
   * {@code count} rows of at least {@code length} floats, allocated one after another with a length
   * chosen so that, as long as they stay in that order, consecutive rows start 320 bytes apart modulo 4
   * KB (with 16-byte array headers). Rows of a power-of-two length, as the caller's activations often
   * are, lie a multiple of 4 KB apart plus a few bytes; a load from one row then looks to the processor
   * like it may depend on the store just made to the next (the two addresses agree in the low 12 bits
   * it compares first: 4K aliasing), and the kernels' axpy loops, which store one row and load the
   * next, run at half speed or less. Measured in a standalone harness (256 x 1024 x 1024, JDK 17, Zen
   * 5): the forward pass's 4 x 2 loop ran 40 GFLOP/s on rows of 1,024 floats allocated back to back, 86
   * on rows of 1,100, and 96-101 tiled with its partial sums in rows placed 320 or 576 bytes apart (85-89
   * at 1,040 apart, 71-73 at 2,064, where every second row is 32 bytes from the one before).
   */
  private static float[][] placed(int count, int length) {
    int placed = length + Math.floorMod((320 - 16) / 4 - length, 1024);
    float[][] rows = new float[count][];
    for (int r = 0; r < count; r++) {
      rows[r] = new float[placed];
    }
    return rows;
  }

  /**
   * Created on a thread's first call. A {@link ThreadLocal} rather than a parameter: the buffer is an
   * implementation detail callers should not have to size.
   */
  private static final ThreadLocal<Workspace> WORKSPACE = new ThreadLocal<>() {
    // A subclass rather than withInitial(Workspace::new): a method reference's first use bootstraps
    // the lambda machinery, several milliseconds of a cold JVM's start-up.
    @Override
    protected Workspace initialValue() {
      return new Workspace();
    }
  };

  /**
   * {@link #backwardInput} as independent scalar chains: blocks of 4 samples x 2 inputs (or 1 x 8) run 8
   * chains side by side, each over {@code o} in order.
   */
  static void backwardInputChains(float[][] dz, float[][] wT, float[][] dx, int rowStart, int rowEnd,
      int in, int out) {
    int b = rowStart;
    for (; b + 4 <= rowEnd; b += 4) {
      float[] d0 = dz[b], d1 = dz[b + 1], d2 = dz[b + 2], d3 = dz[b + 3];
      float[] r0 = dx[b], r1 = dx[b + 1], r2 = dx[b + 2], r3 = dx[b + 3];
      int i = 0;
      for (; i + 2 <= in; i += 2) {
        float[] u = wT[i], v = wT[i + 1];
        float s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        for (int o = 0; o < out; o++) {
          float uo = u[o], vo = v[o];
          float e0 = d0[o], e1 = d1[o], e2 = d2[o], e3 = d3[o];
          s00 = Math.fma(uo, e0, s00);
          s01 = Math.fma(vo, e0, s01);
          s10 = Math.fma(uo, e1, s10);
          s11 = Math.fma(vo, e1, s11);
          s20 = Math.fma(uo, e2, s20);
          s21 = Math.fma(vo, e2, s21);
          s30 = Math.fma(uo, e3, s30);
          s31 = Math.fma(vo, e3, s31);
        }
        r0[i] = s00;
        r0[i + 1] = s01;
        r1[i] = s10;
        r1[i + 1] = s11;
        r2[i] = s20;
        r2[i + 1] = s21;
        r3[i] = s30;
        r3[i + 1] = s31;
      }
      if (i < in) {
        float[] u = wT[i];
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int o = 0; o < out; o++) {
          float uo = u[o];
          s0 = Math.fma(uo, d0[o], s0);
          s1 = Math.fma(uo, d1[o], s1);
          s2 = Math.fma(uo, d2[o], s2);
          s3 = Math.fma(uo, d3[o], s3);
        }
        r0[i] = s0;
        r1[i] = s1;
        r2[i] = s2;
        r3[i] = s3;
      }
    }
    for (; b < rowEnd; b++) {
      float[] d = dz[b], r = dx[b];
      int i = 0;
      for (; i + 8 <= in; i += 8) {
        float[] w0 = wT[i], w1 = wT[i + 1], w2 = wT[i + 2], w3 = wT[i + 3];
        float[] w4 = wT[i + 4], w5 = wT[i + 5], w6 = wT[i + 6], w7 = wT[i + 7];
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int o = 0; o < out; o++) {
          float e = d[o];
          s0 = Math.fma(w0[o], e, s0);
          s1 = Math.fma(w1[o], e, s1);
          s2 = Math.fma(w2[o], e, s2);
          s3 = Math.fma(w3[o], e, s3);
          s4 = Math.fma(w4[o], e, s4);
          s5 = Math.fma(w5[o], e, s5);
          s6 = Math.fma(w6[o], e, s6);
          s7 = Math.fma(w7[o], e, s7);
        }
        r[i] = s0;
        r[i + 1] = s1;
        r[i + 2] = s2;
        r[i + 3] = s3;
        r[i + 4] = s4;
        r[i + 5] = s5;
        r[i + 6] = s6;
        r[i + 7] = s7;
      }
      for (; i < in; i++) {
        float[] w = wT[i];
        float s = 0;
        for (int o = 0; o < out; o++) {
          s = Math.fma(w[o], d[o], s);
        }
        r[i] = s;
      }
    }
  }

  /**
   * {@code dwT[i][o] += sum_b x[b][i] * dz[b][o]} for {@code i} in {@code [inStart, inEnd)}, accumulated
   * as {@code for b = 0..n-1: dwT[i][o] = fma(x[b][i], dz[b][o], dwT[i][o])}. The same axpy blocks as the
   * forward pass with the roles swapped: 4 rows of {@code dwT} take 2 rows of {@code dz} per sweep. Rows
   * whose input is zero in every sample are left out when they are a quarter or more ({@link
   * #batchNonzero}).
   */
  static void backwardWeight(float[][] x, float[][] dz, float[][] dwT, int n, int inStart, int inEnd,
      int out) {
    if (out < NARROW_OUT && n >= 4 && inEnd - inStart >= NARROW_MIN_ROWS) {
      backwardWeightNarrow(x, dz, dwT, n, inStart, inEnd, out);
      return;
    }
    if (n >= 2 && mayBeWorthSkipping(x, inStart, inEnd)
        && backwardWeightSkipping(x, dz, dwT, n, inStart, inEnd, out)) {
      return;
    }
    if (n >= PLACED_MIN_SAMPLES && out >= PLACED_MIN_OUT) {
      backwardWeightPlaced(x, dz, dwT, n, inStart, inEnd, out);
      return;
    }
    int i = inStart;
    for (; i + 4 <= inEnd; i += 4) {
      float[] g0 = dwT[i], g1 = dwT[i + 1], g2 = dwT[i + 2], g3 = dwT[i + 3];
      int b = 0;
      for (; b + 2 <= n; b += 2) {
        float[] p = x[b], q = x[b + 1];
        fma4x2(g0, g1, g2, g3, dz[b], dz[b + 1], p[i], q[i], p[i + 1], q[i + 1], p[i + 2], q[i + 2],
            p[i + 3], q[i + 3], 0, out);
      }
      if (b < n) {
        float[] p = x[b];
        fma4x1(g0, g1, g2, g3, dz[b], p[i], p[i + 1], p[i + 2], p[i + 3], 0, out);
      }
    }
    for (; i < inEnd; i++) {
      backwardWeightRow(x, dz, dwT[i], n, i, out);
    }
  }

  /**
   * Layers with fewer outputs than this (a classifier's last layer) take {@link #backwardWeightNarrow}:
   * the axpy loops over rows that short spend more time in C2's scalar pre- and post-loops than in
   * vector code.
   */
  static final int NARROW_OUT = 16;

  /** Rows of {@code dwT} from which {@link #backwardWeightNarrow} pays for its two transposes. */
  private static final int NARROW_MIN_ROWS = 16;

  /**
   * {@link #backwardWeight} for a layer of fewer than {@link #NARROW_OUT} outputs: the rows {@code
   * [inStart, inEnd)} of {@code dwT} are transposed into per-thread rows {@code g[o][i]} ({@link
   * #placed}), the sums run as {@code g[o][i] = fma(dz[b][o], x[b][i], g[o][i])} for {@code b} in order,
   * 4 outputs x 2 samples per sweep over {@code i} (an axpy over the layer's inputs, long enough for
   * C2's vector loop, instead of over its few outputs), and the rows are transposed back. The product
   * {@code dz * x} is the same exact product as {@code x * dz} inside a fused multiply-add, so every
   * element is the chain of {@link Linear#backwardWeight}. Rows whose input is zero in every sample are
   * not left out. On mnist-mlp's 128 -> 10 at 32 samples (the same harness) 9.3 -> 3.2 us against the
   * 4 x 2 axpy blocks over rows of 10; on 784 -> 10 with MNIST digits, 28 -> 18 us even without skipping
   * their zero rows. Its loop over samples mirrors {@link #backwardWeight}'s with {@code x} and {@code dz}
   * swapped; one helper for both measured slower where neither call changed, {@code
   * KernelBenchmark.backwardWeight1024} at 70-78 against 100-106 GFLOP/s (2 forks each, twice,
   * alternating, 2026-12-06), so each keeps its own copy.
   */
  private static void backwardWeightNarrow(float[][] x, float[][] dz, float[][] dwT, int n, int inStart,
      int inEnd, int out) {
    float[][] g = WORKSPACE.get().transposed(inEnd);
    for (int i = inStart; i < inEnd; i++) {
      float[] row = dwT[i];
      for (int o = 0; o < out; o++) {
        g[o][i] = row[o];
      }
    }
    int o = 0;
    for (; o + 4 <= out; o += 4) {
      float[] g0 = g[o], g1 = g[o + 1], g2 = g[o + 2], g3 = g[o + 3];
      int b = 0;
      for (; b + 2 <= n; b += 2) {
        float[] p = dz[b], q = dz[b + 1];
        fma4x2(g0, g1, g2, g3, x[b], x[b + 1], p[o], q[o], p[o + 1], q[o + 1], p[o + 2], q[o + 2],
            p[o + 3], q[o + 3], inStart, inEnd);
      }
      if (b < n) {
        float[] p = dz[b];
        fma4x1(g0, g1, g2, g3, x[b], p[o], p[o + 1], p[o + 2], p[o + 3], inStart, inEnd);
      }
    }
    for (; o < out; o++) {
      float[] g0 = g[o];
      int b = 0;
      for (; b + 4 <= n; b += 4) {
        fma1x4(g0, x[b], x[b + 1], x[b + 2], x[b + 3], dz[b][o], dz[b + 1][o], dz[b + 2][o], dz[b + 3][o],
            inStart, inEnd);
      }
      for (; b < n; b++) {
        fma1x1(g0, x[b], dz[b][o], inStart, inEnd);
      }
    }
    for (int i = inStart; i < inEnd; i++) {
      float[] row = dwT[i];
      for (int k = 0; k < out; k++) {
        row[k] = g[k][i];
      }
    }
  }

  /** {@link #backwardWeight} takes {@link #backwardWeightPlaced} from this many samples. */
  private static final int PLACED_MIN_SAMPLES = 16;

  /**
   * {@link #backwardWeight}'s dense loop with each block of 4 rows of {@code dwT} copied into per-thread
   * rows {@link #placed} apart, accumulated over all samples there, and copied back: the caller's rows
   * of {@code dwT} are often a multiple of 4 KB apart. The same operations in the same order. Measured in
   * a standalone harness (JDK 17, Zen 5, GFLOP/s, in place against placed): 256 x 1024 x 1024 65 -> 99,
   * 16 x 1024 x 1024 63 -> 78, 256 x 512 x 512 67 -> 97, 64 x 512 x 256 76 -> 77; rows of 1,100
   * floats, which do not alias, 105 either way; for 128 outputs the copies cost more than they save (65
   * -> 51), hence {@link #PLACED_MIN_OUT}. The loop over samples is written out here as in {@link
   * #backwardWeight} rather than shared through a method: sharing it cost both of them speed in
   * KernelBenchmark (weight gradient 784 x 128: 61-62 -> 51-52 GFLOP/s, 1024 x 1024: 99-100 -> 86-91).
   */
  private static void backwardWeightPlaced(float[][] x, float[][] dz, float[][] dwT, int n, int inStart,
      int inEnd, int out) {
    float[][] acc = WORKSPACE.get().rows(out);
    float[] g0 = acc[0], g1 = acc[1], g2 = acc[2], g3 = acc[3];
    int i = inStart;
    for (; i + 4 <= inEnd; i += 4) {
      System.arraycopy(dwT[i], 0, g0, 0, out);
      System.arraycopy(dwT[i + 1], 0, g1, 0, out);
      System.arraycopy(dwT[i + 2], 0, g2, 0, out);
      System.arraycopy(dwT[i + 3], 0, g3, 0, out);
      int b = 0;
      for (; b + 2 <= n; b += 2) {
        float[] p = x[b], q = x[b + 1];
        fma4x2(g0, g1, g2, g3, dz[b], dz[b + 1], p[i], q[i], p[i + 1], q[i + 1], p[i + 2], q[i + 2],
            p[i + 3], q[i + 3], 0, out);
      }
      if (b < n) {
        float[] p = x[b];
        fma4x1(g0, g1, g2, g3, dz[b], p[i], p[i + 1], p[i + 2], p[i + 3], 0, out);
      }
      System.arraycopy(g0, 0, dwT[i], 0, out);
      System.arraycopy(g1, 0, dwT[i + 1], 0, out);
      System.arraycopy(g2, 0, dwT[i + 2], 0, out);
      System.arraycopy(g3, 0, dwT[i + 3], 0, out);
    }
    for (; i < inEnd; i++) {
      backwardWeightRow(x, dz, dwT[i], n, i, out);
    }
  }

  /**
   * {@link #backwardWeight} over the rows {@link #batchNonzero} keeps, in order, 4 at a time; false,
   * having done nothing, when fewer than a quarter are left out. A method of its own, chosen once per
   * call, so that the dense loop compiles as before (see {@link #forwardSkipping}).
   */
  private static boolean backwardWeightSkipping(float[][] x, float[][] dz, float[][] dwT, int n,
      int inStart, int inEnd, int out) {
    Workspace ws = WORKSPACE.get();
    int[] index = ws.nonzero(inEnd - inStart);
    int count = batchNonzero(x, n, inStart, inEnd, ws.magnitude(inEnd), index);
    if (count < 0) {
      return false;
    }
    int k = 0;
    for (; k + 4 <= count; k += 4) {
      int i0 = index[k], i1 = index[k + 1], i2 = index[k + 2], i3 = index[k + 3];
      float[] g0 = dwT[i0], g1 = dwT[i1], g2 = dwT[i2], g3 = dwT[i3];
      int b = 0;
      for (; b + 2 <= n; b += 2) {
        float[] p = x[b], q = x[b + 1];
        fma4x2(g0, g1, g2, g3, dz[b], dz[b + 1], p[i0], q[i0], p[i1], q[i1], p[i2], q[i2], p[i3], q[i3],
            0, out);
      }
      if (b < n) {
        float[] p = x[b];
        fma4x1(g0, g1, g2, g3, dz[b], p[i0], p[i1], p[i2], p[i3], 0, out);
      }
    }
    for (; k < count; k++) {
      backwardWeightRow(x, dz, dwT[index[k]], n, index[k], out);
    }
    return true;
  }

  /** Row {@code g = dwT[i]} of {@link #backwardWeight}, 4 samples per sweep. */
  private static void backwardWeightRow(float[][] x, float[][] dz, float[] g, int n, int i, int out) {
    int b = 0;
    for (; b + 4 <= n; b += 4) {
      fma1x4(g, dz[b], dz[b + 1], dz[b + 2], dz[b + 3], x[b][i], x[b + 1][i], x[b + 2][i], x[b + 3][i],
          0, out);
    }
    for (; b < n; b++) {
      fma1x1(g, dz[b], x[b][i], 0, out);
    }
  }

  /**
   * Whether at least a quarter of the inputs {@code [inStart, inEnd)} of the first sample are zero: a
   * necessary condition for a quarter of them to be zero in every sample, cheap enough to check on
   * every call.
   */
  static boolean mayBeWorthSkipping(float[][] x, int inStart, int inEnd) {
    float[] x0 = x[0];
    int zeros = 0;
    for (int i = inStart; i < inEnd; i++) {
      zeros += x0[i] == 0f ? 1 : 0;
    }
    return inEnd - inStart >= 4 && worthSkipping(zeros, inEnd - inStart);
  }

  /**
   * For the weight gradient of the inputs {@code [inStart, inEnd)} over samples {@code 0..n-1}: writes
   * the inputs that are nonzero (NaN included) in at least one sample to {@code index[0..]}, in order,
   * and returns how many; or returns -1, leaving the count unused, when fewer than a quarter are zero
   * in all samples ({@link #worthSkipping}). A row of {@code dwT} whose input is zero in every sample
   * only adds exact zero products, so leaving it out changes no value, with the exceptions {@link
   * Linear#backwardWeight} lists. In a batch of 32 MNIST digits about 42% of the pixels are zero in all
   * of them. The test sums {@code |x[b][i]|} over the samples in {@code magnitude[inStart..inEnd)}, a
   * loop C2 vectorises: the sum is zero only if every term is (NaN stays NaN, overflow gives infinity).
   */
  static int batchNonzero(float[][] x, int n, int inStart, int inEnd, float[] magnitude, int[] index) {
    java.util.Arrays.fill(magnitude, inStart, inEnd, 0f);
    for (int b = 0; b < n; b++) {
      float[] xb = x[b];
      for (int i = inStart; i < inEnd; i++) {
        magnitude[i] += Math.abs(xb[i]);
      }
    }
    int count = compact(magnitude, inStart, inEnd, index, 0);
    return worthSkipping(inEnd - inStart - count, inEnd - inStart) ? count : -1;
  }

  /** {@code db[o] += sum_b dz[b][o]} for {@code o} in {@code [outStart, outEnd)}, adding in order of b. */
  static void backwardBias(float[][] dz, float[] db, int n, int outStart, int outEnd) {
    int b = 0;
    for (; b + 4 <= n; b += 4) {
      float[] d0 = dz[b], d1 = dz[b + 1], d2 = dz[b + 2], d3 = dz[b + 3];
      for (int o = outStart; o < outEnd; o++) {
        db[o] = db[o] + d0[o] + d1[o] + d2[o] + d3[o];
      }
    }
    for (; b < n; b++) {
      float[] d = dz[b];
      for (int o = outStart; o < outEnd; o++) {
        db[o] += d[o];
      }
    }
  }

  // ---- axpy blocks. Each loop indexes every array by the same o, the form C2 vectorises. ----

  /**
   * {@code yr[from..to)} for r = 0..3 start as the bias, or as zeros: a loop rather than {@link
   * #startRange}'s {@code System.arraycopy}, which changed how C2 compiled the sweep after it (see
   * {@link #forwardBlocks}).
   */
  private static void start4(float[] y0, float[] y1, float[] y2, float[] y3, float[] bias, int from,
      int to) {
    if (bias == null) {
      for (int o = from; o < to; o++) {
        y0[o] = 0f;
        y1[o] = 0f;
        y2[o] = 0f;
        y3[o] = 0f;
      }
    } else {
      for (int o = from; o < to; o++) {
        float bo = bias[o];
        y0[o] = bo;
        y1[o] = bo;
        y2[o] = bo;
        y3[o] = bo;
      }
    }
  }

  /**
   * {@code y[from..to)} starts as the bias, or as zeros. Left to {@link #forwardTiled}, where {@link
   * #start4} measured no different (256 x 1024 x 1024, within the noise).
   */
  private static void startRange(float[] y, float[] bias, int from, int to) {
    if (bias != null) {
      System.arraycopy(bias, from, y, from, to - from);
    } else {
      java.util.Arrays.fill(y, from, to, 0f);
    }
  }

  /**
   * {@code yr[o] = fma(br, v[o], fma(ar, u[o], yr[o]))} for rows r = 0..3 and {@code o} in {@code [from,
   * to)}: two updates per row.
   */
  private static void fma4x2(float[] y0, float[] y1, float[] y2, float[] y3, float[] u, float[] v,
      float a0, float b0, float a1, float b1, float a2, float b2, float a3, float b3, int from, int to) {
    for (int o = from; o < to; o++) {
      float uo = u[o], vo = v[o];
      y0[o] = Math.fma(b0, vo, Math.fma(a0, uo, y0[o]));
      y1[o] = Math.fma(b1, vo, Math.fma(a1, uo, y1[o]));
      y2[o] = Math.fma(b2, vo, Math.fma(a2, uo, y2[o]));
      y3[o] = Math.fma(b3, vo, Math.fma(a3, uo, y3[o]));
    }
  }

  /** {@code yr[o] = fma(ar, u[o], yr[o])} for rows r = 0..3 and {@code o} in {@code [from, to)}. */
  private static void fma4x1(float[] y0, float[] y1, float[] y2, float[] y3, float[] u, float a0,
      float a1, float a2, float a3, int from, int to) {
    for (int o = from; o < to; o++) {
      float uo = u[o];
      y0[o] = Math.fma(a0, uo, y0[o]);
      y1[o] = Math.fma(a1, uo, y1[o]);
      y2[o] = Math.fma(a2, uo, y2[o]);
      y3[o] = Math.fma(a3, uo, y3[o]);
    }
  }

  /** {@code y[o]} takes four updates in order: {@code w0} with {@code a0} first, {@code w3} last. */
  private static void fma1x4(float[] y, float[] w0, float[] w1, float[] w2, float[] w3, float a0,
      float a1, float a2, float a3, int from, int to) {
    for (int o = from; o < to; o++) {
      y[o] = Math.fma(a3, w3[o], Math.fma(a2, w2[o], Math.fma(a1, w1[o], Math.fma(a0, w0[o], y[o]))));
    }
  }

  /** {@code y[o] = fma(a, w[o], y[o])}. */
  private static void fma1x1(float[] y, float[] w, float a, int from, int to) {
    for (int o = from; o < to; o++) {
      y[o] = Math.fma(a, w[o], y[o]);
    }
  }
}
