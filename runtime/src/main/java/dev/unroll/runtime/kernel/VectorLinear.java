package dev.unroll.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense-layer kernels of {@link Linear} written with the incubating Vector API. Only loaded when
 * {@link VectorSupport#ENABLED}: this class fails to load without {@code jdk.incubator.vector}.
 *
 * <h2>Register blocking</h2>
 *
 * <p>Every product is computed by micro-kernels that hold a block of results in vector registers for the
 * whole summation and write each result once. With {@code L} lanes per vector ({@link
 * FloatVector#SPECIES_PREFERRED}: 16 floats with AVX-512, 8 with AVX2):
 *
 * <ul>
 *   <li>{@link #forward}: 4 samples x 4 vectors of outputs (4 x 4L results, 16 accumulators). Per input
 *       {@code i} it loads 4 vectors of {@code wT[i]} and broadcasts 4 values of {@code x}: 8 loads for 16
 *       FMAs. A single sample (batch 1) uses 8 vectors, so 8 independent FMA chains hide the FMA latency.
 *       Wide layers with many samples first copy each panel of 4 vectors of {@code wT} into a
 *       contiguous per-thread buffer, so that the micro-kernel streams one array.
 *   <li>{@link #backwardWeight}: the same product with the roles exchanged: 4 rows of {@code dwT} x 4
 *       vectors, summing over the samples; a {@code dz} too large for the cache is packed by panels the
 *       same way.
 *   <li>{@link #backwardInput}: a dot product over {@code o} for each (sample, input). Rather than
 *       sum in lanes over {@code o} and reduce each result horizontally, the lanes run over samples: a
 *       tile of {@code dz} is transposed into a per-thread buffer and 8 inputs x 2 vectors of samples
 *       are accumulated with one broadcast of {@code wT[i][o]} per input and step.
 *   <li>Layers narrower than one vector ({@code out < L}, a classifier's output): the forward pass
 *       copies {@code wT} into rows of one whole vector (zeros past {@code out}) and keeps one vector per
 *       sample for blocks of 8 samples ({@link #forwardNarrow}); the weight gradient runs its lanes over
 *       weight rows, 8 outputs x 2 vectors of rows at a time ({@link #backwardWeightNarrow}).
 * </ul>
 *
 * <p>Columns are walked in "vector positions": position {@code p} starts at column {@code p * L}; when
 * {@code out} is not a multiple of {@code L}, the last position starts at {@code out - L} and overlaps the
 * one before it (see {@link #at}). No masked loads or stores are used (slow on JDK 17); where the overlap
 * would count a column twice, a blend discards it. Where vectors do not fit (fewer than 4 samples in the
 * forward pass of a narrow layer or in the input gradient, a narrow weight gradient with fewer than
 * {@code L} rows or its last rows) the scalar kernels run; since they perform the same operations, which
 * kernel computes an element never shows in the result.
 *
 * <h2>No helpers that pass vectors</h2>
 *
 * <p>Every vector lives inside one method: no helper takes or returns a {@code FloatVector}. When C2
 * does not inline such a helper (it depends on what else it has inlined into the caller), the vectors
 * crossing the call are boxed on the heap: a helper that started the accumulators from the bias cost
 * 768 bytes per batch-1 prediction of mnist-mlp once the kernel was inlined one level deeper. Nor do
 * vectors merge from two branches (see {@link #zeros}). {@code AllocationTest} in the samples checks
 * the steady state allocates nothing.
 *
 * <h2>One species</h2>
 *
 * <p>Every kernel uses {@link #S}. Half-width vectors ({@code SPECIES_256}) for layers narrower than one
 * preferred vector were tried: with both species in use, every kernel of the class, the old ones
 * included, ran 5-10x slower on JDK 17 (a 128 -> 10 forward on 32 samples: 6 -> 35-88 us; its input
 * gradient, which only uses {@link #S}: 3 -> 28 us), apparently because the JDK's shared Vector API code
 * is then compiled for two shapes. Narrow layers use {@link #S} with the layouts above instead.
 *
 * <h2>Summation order</h2>
 *
 * <p>Every output element is one FMA (or add) chain, in index order, exactly as in {@link ScalarLinear}:
 * every lane, whichever block or overlapping position computes it, performs the same operations, so the
 * two paths give identical results, independent of the vector width. No horizontal reduction is used
 * anywhere. (Besides its cost, {@code reduceLanes(ADD)} has no fixed order: on JDK 25 its compiled form
 * adds in a different order from its interpreted form, so a result would change when the JIT compiles
 * the caller.)
 */
final class VectorLinear {
  private VectorLinear() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Lanes per vector. */
  private static final int L = S.length();

  /**
   * Floats of a packed operand per thread (256 KB): the panels of the weight ({@link #forward}) and of
   * {@code dz} ({@link #backwardWeight}), and the transposed tile of samples of {@link #backwardInput}
   * (more only for layers over 1,024 wide).
   */
  private static final int PACK_FLOATS = 64 * 1024;

  /** All lanes. */
  private static final VectorMask<Float> ALL = S.maskAll(true);

  /**
   * {@code FRESH[r]}, for {@code 0 < r < L}: the last {@code r} lanes. In the overlapping vector at
   * {@code out - L} these hold the {@code r = out % L} columns no earlier position covers.
   */
  private static final VectorMask<Float>[] FRESH;

  static {
    @SuppressWarnings("unchecked")
    VectorMask<Float>[] fresh = (VectorMask<Float>[]) new VectorMask<?>[L];
    for (int r = 1; r < L; r++) {
      fresh[r] = S.indexInRange(r - L, r); // lane j is set when 0 <= j + r - L < r
    }
    FRESH = fresh;
  }

  /**
   * The column where vector position {@code p} starts. Positions {@code 0..last} cover {@code [0, out)}:
   * {@code p * L}, except that the last (and any {@code p} past it) starts at {@code out - L}, overlapping
   * its neighbour when {@code L} does not divide {@code out}. Requires {@code out >= L}.
   */
  private static int at(int p, int last, int out) {
    return p >= last ? out - L : p * L;
  }

  /** At least {@code n} zeros, shared by all threads and never written: the bias of a layer without one. */
  private static volatile float[] zeros = new float[1024];

  /**
   * {@link #zeros} grown to {@code n} if needed. The forward kernels start every sum by loading the
   * bias, from this array when there is none, rather than choosing between a loaded vector and {@code
   * FloatVector.zero}: C2 sometimes boxed the 16 accumulators merged from the two (24 KB per batch of
   * 32 on mnist-mlp's first layer).
   */
  private static float[] zeros(int n) {
    float[] z = zeros;
    if (z.length < n) {
      z = new float[n];
      zeros = z;
    }
    return z;
  }

  /** {@link #at(int, int, int)} for the columns {@code [c0, c1)}: positions counted from {@code c0}. */
  private static int at(int p, int last, int c0, int c1) {
    return p >= last ? c1 - L : c0 + p * L;
  }

  // ------------------------------------------------------------------------------------------------
  // forward

  /** Samples (in whole blocks of 4) from which {@link #forward} packs the weight, with {@link #PACK_MIN_OUT}. */
  private static final int PACK_MIN_ROWS = 32;

  /**
   * Outputs from which {@link #forward} copies panels of the weight into contiguous memory (see {@link
   * #forwardPacked}), given {@link #PACK_MIN_ROWS} samples. The copy costs about one pass over the
   * weight, and it pays only where a panel is scattered across long rows and many samples reuse it. Measured (AVX-512, median of 4,000 calls, packed vs
   * not): 784 -> 128 is the same or slower at every batch size (8 samples: 23 vs 15 us); 1024 -> 256
   * and 1024 -> 512 lose at 8-16 samples, break even at 32, win from 64 (102 vs 91 GFLOP/s); 1024 ->
   * 1024 gains 5% at 32 samples and 25-40% at 128-256.
   */
  private static final int PACK_MIN_OUT = 256;

  /** See {@link Linear#forward}. */
  static void forward(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart, int rowEnd,
      int in, int out) {
    if (out < L) {
      if (rowEnd - rowStart < MIN_ROWS || in == 0 || !NARROW_FORWARD.ready()) {
        ScalarLinear.forward(x, wT, bias, y, rowStart, rowEnd, in, out);
      } else {
        forwardNarrow(x, wT, bias != null ? bias : zeros(out), y, rowStart, rowEnd, in, out);
      }
      return;
    }
    bias = bias != null ? bias : zeros(out);
    int last = (out + L - 1) / L - 1;
    int end4 = rowStart + ((rowEnd - rowStart) & ~3);
    if (end4 - rowStart >= PACK_MIN_ROWS && out >= PACK_MIN_OUT && in > 0) {
      forwardPacked(x, wT, bias, y, rowStart, end4, in, out, last);
    } else if (end4 > rowStart
        && ScalarLinear.worthSkipping(ScalarLinear.zeros(x[rowStart], in), in)) {
      // The scalar count on purpose: this method is small enough for C2 to inline into its callers, and
      // the vector count's loop, inlined with it into Workers.claimParts (2-thread batch prediction),
      // sometimes boxed its vector on every iteration (49 x 96 bytes a call on mnist-mlp, in about 1 of
      // 60 JVMs). The scalar count costs about a third of a microsecond for 784 inputs.
      forwardSkipping(x, wT, bias, y, rowStart, end4, in, out, last);
    } else {
      // Panels of 4 positions outside, blocks of 4 samples inside: the panel's 4L columns of wT stay in
      // cache while every block of samples passes over them. A position past `last` repeats the last
      // one; repeating work is harmless here because the results are overwritten with identical values.
      for (int p = 0; p <= last; p += 4) {
        if (last - p >= 2) {
          int o0 = at(p, last, out), o1 = at(p + 1, last, out);
          int o2 = at(p + 2, last, out), o3 = at(p + 3, last, out);
          for (int b = rowStart; b < end4; b += 4) {
            forward4x4(x, wT, bias, y, b, in, o0, o1, o2, o3);
          }
        } else {
          forward4x1Panels(x, wT, bias, y, rowStart, end4, in, out, p, last);
        }
      }
    }
    // Leftover samples (and batch 1).
    for (int b = end4; b < rowEnd; b++) {
      forwardColumns(x[b], wT, bias, y[b], in, 0, out);
    }
  }

  /**
   * See {@link Linear#forwardColumns}: one sample, outputs {@code [c0, c1)}, 8 vectors at a time, then
   * 4. Positions are counted from {@code c0}; the last starts at {@code c1 - L}.
   */
  static void forwardColumns(float[] xb, float[][] wT, float[] bias, float[] yb, int in, int c0, int c1) {
    int width = c1 - c0;
    if (width < L) {
      ScalarLinear.forwardColumns(xb, wT, bias, yb, in, c0, c1);
      return;
    }
    bias = bias != null ? bias : zeros(c1);
    // Mostly-zero inputs (image pixels, ReLU outputs): sum over the nonzero ones only.
    int[] nz = null;
    int count = in;
    if (ScalarLinear.worthSkipping(zeros(xb, in), in)) {
      nz = WORKSPACE.get().nonzero(in);
      count = ScalarLinear.nonzero(xb, in, nz);
    }
    int last = (width + L - 1) / L - 1;
    int p = 0;
    for (; last - p >= 7; p += 8) {
      int o0 = c0 + p * L, o1 = at(p + 1, last, c0, c1), o2 = at(p + 2, last, c0, c1);
      int o3 = at(p + 3, last, c0, c1), o4 = at(p + 4, last, c0, c1), o5 = at(p + 5, last, c0, c1);
      int o6 = at(p + 6, last, c0, c1), o7 = at(p + 7, last, c0, c1);
      if (nz == null) {
        forward1x8(xb, in, wT, bias, yb, o0, o1, o2, o3, o4, o5, o6, o7);
      } else {
        forward1x8(xb, nz, count, wT, bias, yb, o0, o1, o2, o3, o4, o5, o6, o7);
      }
    }
    for (; p <= last; p += 4) {
      int o0 = at(p, last, c0, c1), o1 = at(p + 1, last, c0, c1), o2 = at(p + 2, last, c0, c1);
      int o3 = at(p + 3, last, c0, c1);
      if (nz == null) {
        forward1x4(xb, in, wT, bias, yb, o0, o1, o2, o3);
      } else {
        forward1x4(xb, nz, count, wT, bias, yb, o0, o1, o2, o3);
      }
    }
  }

  /** How many of {@code x[0..n)} are zero (either sign; NaN is not), a vector at a time. */
  private static int zeros(float[] x, int n) {
    int zeros = 0;
    int i = 0;
    for (; i + L <= n; i += L) {
      zeros += FloatVector.fromArray(S, x, i).compare(VectorOperators.EQ, 0f).trueCount();
    }
    for (; i < n; i++) {
      zeros += x[i] == 0f ? 1 : 0;
    }
    return zeros;
  }

  /**
   * {@link #forward}'s panels for samples {@code rowStart..end4} when the first sample has at least a
   * quarter zero inputs: a block of 4 samples whose shared zero inputs are a quarter or more ({@link
   * ScalarLinear#blockNonzero}) sums over the others only. A method of its own, chosen once per call, so
   * that the dense loop in {@code forward} compiles as before: with the choice per block inside it,
   * {@code KernelBenchmark.forwardMlp} (inputs without zeros) fell from 116 to 96 GFLOP/s.
   */
  private static void forwardSkipping(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart,
      int end4, int in, int out, int last) {
    Workspace ws = WORKSPACE.get();
    int[] index = ws.blockIndex((end4 - rowStart) / 4 * in);
    int[] counts = ws.blockCounts((end4 - rowStart) / 4);
    for (int b = rowStart, k = 0; b < end4; b += 4, k++) {
      counts[k] = ScalarLinear.blockNonzero(x, b, in, index, k * in, ws.magnitude(in));
    }
    for (int p = 0; p <= last; p += 4) {
      if (last - p < 2) {
        forward4x1Panels(x, wT, bias, y, rowStart, end4, in, out, p, last);
        continue;
      }
      int o0 = at(p, last, out), o1 = at(p + 1, last, out);
      int o2 = at(p + 2, last, out), o3 = at(p + 3, last, out);
      for (int b = rowStart, k = 0; b < end4; b += 4, k++) {
        if (counts[k] < 0) {
          forward4x4(x, wT, bias, y, b, in, o0, o1, o2, o3);
        } else {
          forward4x4(x, wT, bias, y, b, index, k * in, counts[k], o0, o1, o2, o3);
        }
      }
    }
  }

  /** Positions {@code p..last} (at most 2) for samples {@code rowStart..end4}, one vector at a time. */
  private static void forward4x1Panels(float[][] x, float[][] wT, float[] bias, float[][] y,
      int rowStart, int end4, int in, int out, int p, int last) {
    for (int q = p; q <= last; q++) {
      int o = at(q, last, out);
      for (int b = rowStart; b < end4; b += 4) {
        forward4x1(x, wT, bias, y, b, in, o);
      }
    }
  }

  /**
   * The most weight rows {@link #forwardPacked} packs into one panel ({@code 4L} columns): {@link
   * #PACK_FLOATS} floats, 256 KB.
   */
  private static final int PACK_ROWS = PACK_FLOATS / (4 * L);

  /**
   * Floats of the samples' inputs {@link #forwardPacked} keeps in cache across all panels of one block
   * of inputs (512 KB, half the 1 MB L2 of current x86 cores): the block's length is this over the
   * number of samples, at least {@link #PACK_MIN_K}.
   */
  private static final int X_BLOCK_FLOATS = 128 * 1024;

  /** The shortest block of inputs {@link #forwardPacked} uses below the whole input. */
  private static final int PACK_MIN_K = 256;

  /**
   * {@link #forward} for samples {@code rowStart..end4} (a multiple of 4) with the weight packed, in
   * blocks of inputs. For each block of inputs {@code i0..i1}, each panel of 4 vector positions is
   * copied into {@code pack[i][0..4L)}, contiguous in the order the micro-kernel reads it, and every
   * block of 4 samples runs over that copy: one stream of sequential loads instead of one row array per
   * input (measured 1.3-1.4x on 256 x 1024 x 1024). The blocks of inputs are the outer loop so that the
   * samples' slice of inputs {@code x[b][i0..i1)} stays in L2 while all panels pass over it; with the
   * panels outside, every panel streamed all of {@code x} (1 MB at 256 x 1024) from L3 again
   * ({@code KernelBenchmark.forward1024}, AVX-512, JDK 17, two alternating runs each: 143-153 GFLOP/s
   * with the panels outside, 175-177 with blocks of 512 inputs outside; blocks of 128 to 512 inputs
   * were within noise of each other in a standalone harness). The first block of
   * inputs starts each result from the bias, later ones from the partial sum stored in {@code y};
   * storing and reloading a float changes nothing, so each result is still the one FMA chain of {@link
   * Linear#forward}. Positions that overlap (the last one when {@code L} does not divide {@code out})
   * are in the same panel and so read their start in the same call; the last one or two positions,
   * when alone, run over all inputs at once ({@link #forward4x1Panels}).
   */
  private static void forwardPacked(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart,
      int end4, int in, int out, int last) {
    int kc = Math.min(in, Math.min(PACK_ROWS, Math.max(PACK_MIN_K, X_BLOCK_FLOATS / (end4 - rowStart))));
    float[] pack = WORKSPACE.get().panel(kc * 4 * L);
    for (int i0 = 0; i0 < in; i0 += kc) {
      int i1 = Math.min(in, i0 + kc);
      for (int p = 0; last - p >= 2; p += 4) {
        int o0 = at(p, last, out), o1 = at(p + 1, last, out);
        int o2 = at(p + 2, last, out), o3 = at(p + 3, last, out);
        packPanel(wT, i0, i1, o0, o1, o2, o3, pack);
        for (int b = rowStart; b < end4; b += 4) {
          forwardPacked4x4(x, pack, i0 == 0, bias, y, b, i0, i1, o0, o1, o2, o3);
        }
      }
    }
    int p = (last + 1) / 4 * 4; // the first position of the last, partial panel
    if (p <= last && last - p < 2) {
      forward4x1Panels(x, wT, bias, y, rowStart, end4, in, out, p, last);
    }
  }

  /**
   * {@code pack[(r - r0) * 4L + k * L + j] = m[r][ok + j]} for rows {@code r0..r1} of {@code m} and the 4
   * positions {@code ok}: a panel of the weight ({@link #forwardPacked}) or of {@code dz} ({@link
   * #backwardWeightPacked}).
   */
  private static void packPanel(float[][] m, int i0, int i1, int o0, int o1, int o2, int o3,
      float[] pack) {
    for (int i = i0, q = 0; i < i1; i++, q += 4 * L) {
      float[] w = m[i];
      FloatVector.fromArray(S, w, o0).intoArray(pack, q);
      FloatVector.fromArray(S, w, o1).intoArray(pack, q + L);
      FloatVector.fromArray(S, w, o2).intoArray(pack, q + 2 * L);
      FloatVector.fromArray(S, w, o3).intoArray(pack, q + 3 * L);
    }
  }

  /**
   * Samples {@code b..b+3} at columns {@code o0..o3} (+ L each), inputs {@code i0..i1} from the packed
   * panel; the sums start from the bias when {@code first}, else from {@code y}.
   */
  private static void forwardPacked4x4(float[][] x, float[] pack, boolean first, float[] bias,
      float[][] y, int b, int i0, int i1, int o0, int o1, int o2, int o3) {
    float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
    float[] y0 = y[b], y1 = y[b + 1], y2 = y[b + 2], y3 = y[b + 3];
    // Where the sums start: the bias, or the partial sums of the earlier blocks of inputs. The arrays
    // are chosen, not the vectors (see zeros).
    float[] s0 = first ? bias : y0, s1 = first ? bias : y1, s2 = first ? bias : y2, s3 = first ? bias : y3;
    FloatVector c00 = FloatVector.fromArray(S, s0, o0), c01 = FloatVector.fromArray(S, s0, o1);
    FloatVector c02 = FloatVector.fromArray(S, s0, o2), c03 = FloatVector.fromArray(S, s0, o3);
    FloatVector c10 = FloatVector.fromArray(S, s1, o0), c11 = FloatVector.fromArray(S, s1, o1);
    FloatVector c12 = FloatVector.fromArray(S, s1, o2), c13 = FloatVector.fromArray(S, s1, o3);
    FloatVector c20 = FloatVector.fromArray(S, s2, o0), c21 = FloatVector.fromArray(S, s2, o1);
    FloatVector c22 = FloatVector.fromArray(S, s2, o2), c23 = FloatVector.fromArray(S, s2, o3);
    FloatVector c30 = FloatVector.fromArray(S, s3, o0), c31 = FloatVector.fromArray(S, s3, o1);
    FloatVector c32 = FloatVector.fromArray(S, s3, o2), c33 = FloatVector.fromArray(S, s3, o3);
    for (int i = i0, q = 0; i < i1; i++, q += 4 * L) {
      FloatVector w0 = FloatVector.fromArray(S, pack, q), w1 = FloatVector.fromArray(S, pack, q + L);
      FloatVector w2 = FloatVector.fromArray(S, pack, q + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, pack, q + 3 * L);
      FloatVector a = FloatVector.broadcast(S, x0[i]);
      c00 = w0.fma(a, c00);
      c01 = w1.fma(a, c01);
      c02 = w2.fma(a, c02);
      c03 = w3.fma(a, c03);
      a = FloatVector.broadcast(S, x1[i]);
      c10 = w0.fma(a, c10);
      c11 = w1.fma(a, c11);
      c12 = w2.fma(a, c12);
      c13 = w3.fma(a, c13);
      a = FloatVector.broadcast(S, x2[i]);
      c20 = w0.fma(a, c20);
      c21 = w1.fma(a, c21);
      c22 = w2.fma(a, c22);
      c23 = w3.fma(a, c23);
      a = FloatVector.broadcast(S, x3[i]);
      c30 = w0.fma(a, c30);
      c31 = w1.fma(a, c31);
      c32 = w2.fma(a, c32);
      c33 = w3.fma(a, c33);
    }
    c00.intoArray(y0, o0);
    c01.intoArray(y0, o1);
    c02.intoArray(y0, o2);
    c03.intoArray(y0, o3);
    c10.intoArray(y1, o0);
    c11.intoArray(y1, o1);
    c12.intoArray(y1, o2);
    c13.intoArray(y1, o3);
    c20.intoArray(y2, o0);
    c21.intoArray(y2, o1);
    c22.intoArray(y2, o2);
    c23.intoArray(y2, o3);
    c30.intoArray(y3, o0);
    c31.intoArray(y3, o1);
    c32.intoArray(y3, o2);
    c33.intoArray(y3, o3);
  }

  /** Samples {@code b..b+3} at columns {@code o0..o3} (+ L each). */
  private static void forward4x4(float[][] x, float[][] wT, float[] bias, float[][] y, int b, int in,
      int o0, int o1, int o2, int o3) {
    float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
    FloatVector c00 = FloatVector.fromArray(S, bias, o0);
    FloatVector c01 = FloatVector.fromArray(S, bias, o1);
    FloatVector c02 = FloatVector.fromArray(S, bias, o2);
    FloatVector c03 = FloatVector.fromArray(S, bias, o3);
    FloatVector c10 = c00, c11 = c01, c12 = c02, c13 = c03;
    FloatVector c20 = c00, c21 = c01, c22 = c02, c23 = c03;
    FloatVector c30 = c00, c31 = c01, c32 = c02, c33 = c03;
    for (int i = 0; i < in; i++) {
      float[] w = wT[i];
      FloatVector w0 = FloatVector.fromArray(S, w, o0), w1 = FloatVector.fromArray(S, w, o1);
      FloatVector w2 = FloatVector.fromArray(S, w, o2), w3 = FloatVector.fromArray(S, w, o3);
      FloatVector a = FloatVector.broadcast(S, x0[i]);
      c00 = w0.fma(a, c00);
      c01 = w1.fma(a, c01);
      c02 = w2.fma(a, c02);
      c03 = w3.fma(a, c03);
      a = FloatVector.broadcast(S, x1[i]);
      c10 = w0.fma(a, c10);
      c11 = w1.fma(a, c11);
      c12 = w2.fma(a, c12);
      c13 = w3.fma(a, c13);
      a = FloatVector.broadcast(S, x2[i]);
      c20 = w0.fma(a, c20);
      c21 = w1.fma(a, c21);
      c22 = w2.fma(a, c22);
      c23 = w3.fma(a, c23);
      a = FloatVector.broadcast(S, x3[i]);
      c30 = w0.fma(a, c30);
      c31 = w1.fma(a, c31);
      c32 = w2.fma(a, c32);
      c33 = w3.fma(a, c33);
    }
    float[] y0 = y[b], y1 = y[b + 1], y2 = y[b + 2], y3 = y[b + 3];
    c00.intoArray(y0, o0);
    c01.intoArray(y0, o1);
    c02.intoArray(y0, o2);
    c03.intoArray(y0, o3);
    c10.intoArray(y1, o0);
    c11.intoArray(y1, o1);
    c12.intoArray(y1, o2);
    c13.intoArray(y1, o3);
    c20.intoArray(y2, o0);
    c21.intoArray(y2, o1);
    c22.intoArray(y2, o2);
    c23.intoArray(y2, o3);
    c30.intoArray(y3, o0);
    c31.intoArray(y3, o1);
    c32.intoArray(y3, o2);
    c33.intoArray(y3, o3);
  }
  /**
   * {@link #forward4x4} over the inputs {@code index[from..from+count)} only, in increasing order: those
   * that are nonzero in at least one of the four samples.
   */
  private static void forward4x4(float[][] x, float[][] wT, float[] bias, float[][] y, int b, int[] index,
      int from, int count, int o0, int o1, int o2, int o3) {
    float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
    FloatVector c00 = FloatVector.fromArray(S, bias, o0);
    FloatVector c01 = FloatVector.fromArray(S, bias, o1);
    FloatVector c02 = FloatVector.fromArray(S, bias, o2);
    FloatVector c03 = FloatVector.fromArray(S, bias, o3);
    FloatVector c10 = c00, c11 = c01, c12 = c02, c13 = c03;
    FloatVector c20 = c00, c21 = c01, c22 = c02, c23 = c03;
    FloatVector c30 = c00, c31 = c01, c32 = c02, c33 = c03;
    for (int k = from, end = from + count; k < end; k++) {
      int i = index[k];
      float[] w = wT[i];
      FloatVector w0 = FloatVector.fromArray(S, w, o0), w1 = FloatVector.fromArray(S, w, o1);
      FloatVector w2 = FloatVector.fromArray(S, w, o2), w3 = FloatVector.fromArray(S, w, o3);
      FloatVector a = FloatVector.broadcast(S, x0[i]);
      c00 = w0.fma(a, c00);
      c01 = w1.fma(a, c01);
      c02 = w2.fma(a, c02);
      c03 = w3.fma(a, c03);
      a = FloatVector.broadcast(S, x1[i]);
      c10 = w0.fma(a, c10);
      c11 = w1.fma(a, c11);
      c12 = w2.fma(a, c12);
      c13 = w3.fma(a, c13);
      a = FloatVector.broadcast(S, x2[i]);
      c20 = w0.fma(a, c20);
      c21 = w1.fma(a, c21);
      c22 = w2.fma(a, c22);
      c23 = w3.fma(a, c23);
      a = FloatVector.broadcast(S, x3[i]);
      c30 = w0.fma(a, c30);
      c31 = w1.fma(a, c31);
      c32 = w2.fma(a, c32);
      c33 = w3.fma(a, c33);
    }
    float[] y0 = y[b], y1 = y[b + 1], y2 = y[b + 2], y3 = y[b + 3];
    c00.intoArray(y0, o0);
    c01.intoArray(y0, o1);
    c02.intoArray(y0, o2);
    c03.intoArray(y0, o3);
    c10.intoArray(y1, o0);
    c11.intoArray(y1, o1);
    c12.intoArray(y1, o2);
    c13.intoArray(y1, o3);
    c20.intoArray(y2, o0);
    c21.intoArray(y2, o1);
    c22.intoArray(y2, o2);
    c23.intoArray(y2, o3);
    c30.intoArray(y3, o0);
    c31.intoArray(y3, o1);
    c32.intoArray(y3, o2);
    c33.intoArray(y3, o3);
  }

  /** Samples {@code b..b+3} at columns {@code o..o+L}. */
  private static void forward4x1(float[][] x, float[][] wT, float[] bias, float[][] y, int b, int in,
      int o) {
    float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
    FloatVector c0 = FloatVector.fromArray(S, bias, o);
    FloatVector c1 = c0, c2 = c0, c3 = c0;
    for (int i = 0; i < in; i++) {
      FloatVector w = FloatVector.fromArray(S, wT[i], o);
      c0 = w.fma(FloatVector.broadcast(S, x0[i]), c0);
      c1 = w.fma(FloatVector.broadcast(S, x1[i]), c1);
      c2 = w.fma(FloatVector.broadcast(S, x2[i]), c2);
      c3 = w.fma(FloatVector.broadcast(S, x3[i]), c3);
    }
    c0.intoArray(y[b], o);
    c1.intoArray(y[b + 1], o);
    c2.intoArray(y[b + 2], o);
    c3.intoArray(y[b + 3], o);
  }

  /** One sample at columns {@code o0..o7} (+ L each): 8 independent chains over all {@code in} inputs. */
  private static void forward1x8(float[] xb, int in, float[][] wT, float[] bias, float[] yb,
      int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7) {
    FloatVector c0 = FloatVector.fromArray(S, bias, o0);
    FloatVector c1 = FloatVector.fromArray(S, bias, o1);
    FloatVector c2 = FloatVector.fromArray(S, bias, o2);
    FloatVector c3 = FloatVector.fromArray(S, bias, o3);
    FloatVector c4 = FloatVector.fromArray(S, bias, o4);
    FloatVector c5 = FloatVector.fromArray(S, bias, o5);
    FloatVector c6 = FloatVector.fromArray(S, bias, o6);
    FloatVector c7 = FloatVector.fromArray(S, bias, o7);
    for (int i = 0; i < in; i++) {
      float[] w = wT[i];
      FloatVector a = FloatVector.broadcast(S, xb[i]);
      c0 = FloatVector.fromArray(S, w, o0).fma(a, c0);
      c1 = FloatVector.fromArray(S, w, o1).fma(a, c1);
      c2 = FloatVector.fromArray(S, w, o2).fma(a, c2);
      c3 = FloatVector.fromArray(S, w, o3).fma(a, c3);
      c4 = FloatVector.fromArray(S, w, o4).fma(a, c4);
      c5 = FloatVector.fromArray(S, w, o5).fma(a, c5);
      c6 = FloatVector.fromArray(S, w, o6).fma(a, c6);
      c7 = FloatVector.fromArray(S, w, o7).fma(a, c7);
    }
    c0.intoArray(yb, o0);
    c1.intoArray(yb, o1);
    c2.intoArray(yb, o2);
    c3.intoArray(yb, o3);
    c4.intoArray(yb, o4);
    c5.intoArray(yb, o5);
    c6.intoArray(yb, o6);
    c7.intoArray(yb, o7);
  }

  /** One sample at columns {@code o0..o3} (+ L each), over all {@code in} inputs. */
  private static void forward1x4(float[] xb, int in, float[][] wT, float[] bias, float[] yb,
      int o0, int o1, int o2, int o3) {
    FloatVector c0 = FloatVector.fromArray(S, bias, o0);
    FloatVector c1 = FloatVector.fromArray(S, bias, o1);
    FloatVector c2 = FloatVector.fromArray(S, bias, o2);
    FloatVector c3 = FloatVector.fromArray(S, bias, o3);
    for (int i = 0; i < in; i++) {
      float[] w = wT[i];
      FloatVector a = FloatVector.broadcast(S, xb[i]);
      c0 = FloatVector.fromArray(S, w, o0).fma(a, c0);
      c1 = FloatVector.fromArray(S, w, o1).fma(a, c1);
      c2 = FloatVector.fromArray(S, w, o2).fma(a, c2);
      c3 = FloatVector.fromArray(S, w, o3).fma(a, c3);
    }
    c0.intoArray(yb, o0);
    c1.intoArray(yb, o1);
    c2.intoArray(yb, o2);
    c3.intoArray(yb, o3);
  }


  /**
   * As {@link #forward1x8(float[], int, float[][], float[], float[], int, int, int, int, int, int, int,
   * int)} over the inputs {@code nz[0..count)} only (the nonzero ones, see {@link ScalarLinear#nonzero}).
   */
  private static void forward1x8(float[] xb, int[] nz, int count, float[][] wT, float[] bias, float[] yb,
      int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7) {
    FloatVector c0 = FloatVector.fromArray(S, bias, o0);
    FloatVector c1 = FloatVector.fromArray(S, bias, o1);
    FloatVector c2 = FloatVector.fromArray(S, bias, o2);
    FloatVector c3 = FloatVector.fromArray(S, bias, o3);
    FloatVector c4 = FloatVector.fromArray(S, bias, o4);
    FloatVector c5 = FloatVector.fromArray(S, bias, o5);
    FloatVector c6 = FloatVector.fromArray(S, bias, o6);
    FloatVector c7 = FloatVector.fromArray(S, bias, o7);
    for (int k = 0; k < count; k++) {
      int i = nz[k];
      float[] w = wT[i];
      FloatVector a = FloatVector.broadcast(S, xb[i]);
      c0 = FloatVector.fromArray(S, w, o0).fma(a, c0);
      c1 = FloatVector.fromArray(S, w, o1).fma(a, c1);
      c2 = FloatVector.fromArray(S, w, o2).fma(a, c2);
      c3 = FloatVector.fromArray(S, w, o3).fma(a, c3);
      c4 = FloatVector.fromArray(S, w, o4).fma(a, c4);
      c5 = FloatVector.fromArray(S, w, o5).fma(a, c5);
      c6 = FloatVector.fromArray(S, w, o6).fma(a, c6);
      c7 = FloatVector.fromArray(S, w, o7).fma(a, c7);
    }
    c0.intoArray(yb, o0);
    c1.intoArray(yb, o1);
    c2.intoArray(yb, o2);
    c3.intoArray(yb, o3);
    c4.intoArray(yb, o4);
    c5.intoArray(yb, o5);
    c6.intoArray(yb, o6);
    c7.intoArray(yb, o7);
  }

  /** One sample at columns {@code o0..o3} (+ L each), over the inputs {@code nz[0..count)}. */
  private static void forward1x4(float[] xb, int[] nz, int count, float[][] wT, float[] bias, float[] yb,
      int o0, int o1, int o2, int o3) {
    FloatVector c0 = FloatVector.fromArray(S, bias, o0);
    FloatVector c1 = FloatVector.fromArray(S, bias, o1);
    FloatVector c2 = FloatVector.fromArray(S, bias, o2);
    FloatVector c3 = FloatVector.fromArray(S, bias, o3);
    for (int k = 0; k < count; k++) {
      int i = nz[k];
      float[] w = wT[i];
      FloatVector a = FloatVector.broadcast(S, xb[i]);
      c0 = FloatVector.fromArray(S, w, o0).fma(a, c0);
      c1 = FloatVector.fromArray(S, w, o1).fma(a, c1);
      c2 = FloatVector.fromArray(S, w, o2).fma(a, c2);
      c3 = FloatVector.fromArray(S, w, o3).fma(a, c3);
    }
    c0.intoArray(yb, o0);
    c1.intoArray(yb, o1);
    c2.intoArray(yb, o2);
    c3.intoArray(yb, o3);
  }

  // Warm-up of the narrow kernels (see VectorWarmup): until each is ready the scalar kernels run (for
  // fewer than 16 outputs, ScalarLinear's transposed weight gradient), while a thread runs the vector
  // one on a scratch problem of zeros: 9 samples (a block of 8 and one more), 3L + 2 inputs (both vector
  // widths and a scalar remainder of rows), L - 1 outputs.

  /** Runs of each narrow kernel's scratch problem on its warm-up thread. */
  static final int NARROW_WARMUP_CALLS = 4_000;

  static final VectorWarmup.Kernel NARROW_FORWARD =
      new VectorWarmup.Kernel(VectorWarmup.NARROW_FORWARD, NARROW_WARMUP_CALLS);
  static final VectorWarmup.Kernel NARROW_WEIGHT =
      new VectorWarmup.Kernel(VectorWarmup.NARROW_WEIGHT, NARROW_WARMUP_CALLS);

  private static final int WARM_N = 9;
  private static final int WARM_IN = 3 * L + 2;
  private static final int WARM_OUT = Math.max(1, L - 1);
  private static final float[][] WARM_X = new float[WARM_N][WARM_IN];
  private static final float[][] WARM_W = new float[WARM_IN][WARM_OUT];
  private static final float[] WARM_B = new float[WARM_OUT];
  private static final float[][] WARM_Y = new float[WARM_N][WARM_OUT];

  /** The narrow forward kernel on zeros. */
  static void warmUpNarrowForward() {
    forwardNarrow(WARM_X, WARM_W, WARM_B, WARM_Y, 0, WARM_N, WARM_IN, WARM_OUT);
  }

  /** The narrow weight gradient on zeros: dz = WARM_Y, the gradient WARM_W; zeros times zeros leave zeros. */
  static void warmUpNarrowWeight() {
    backwardWeightNarrow(WARM_X, WARM_Y, WARM_W, WARM_N, 0, WARM_IN, WARM_OUT);
  }

  /**
   * {@link #forward} for a layer narrower than one vector ({@code out < L}: a classifier's last layer), on
   * {@link #MIN_ROWS} samples or more. The rows of {@code wT}, {@code out} floats each, are copied into a
   * per-thread buffer as rows of one whole vector ({@code L} floats, zeros past {@code out}), and the bias
   * after them; then blocks of 8 samples each keep one vector of outputs per sample, summed over {@code
   * i} with one load of the weight row and 8 broadcasts of inputs per step, from the bias, in order of
   * {@code i}: the chains of {@link Linear#forward}. The lanes past {@code out} compute zeros nobody reads.
   * Left-over samples run one at a time the same way. On mnist-mlp's 128 -> 10 at 32 samples this
   * replaced the scalar kernel's loops of 10: {@code KernelBenchmark.forwardOut} 16 -> 34-42 GFLOP/s;
   * inside a training step ({@code TrainPhasesProbe}'s model, timed by phase) about 12 -> 2.5 us.
   * (Lanes over samples, as in {@link #backwardInput}, reached 23 GFLOP/s: transposing the inputs cost
   * more than the products.)
   */
  private static void forwardNarrow(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart,
      int rowEnd, int in, int out) {
    Workspace ws = WORKSPACE.get();
    float[] pack = ws.pack((in + 1) * L);
    // Plain loops, not System.arraycopy and Arrays.fill: the rows are a few floats long (the two forms
    // measured the same in KernelBenchmark.forwardOut, 34-42 GFLOP/s).
    for (int i = 0; i <= in; i++) {
      float[] w = i < in ? wT[i] : bias;
      int p = i * L;
      for (int o = 0; o < out; o++) {
        pack[p + o] = w[o];
      }
      for (int o = out; o < L; o++) {
        pack[p + o] = 0f;
      }
    }
    float[] t = ws.lanes;
    int b = rowStart;
    for (; b + 8 <= rowEnd; b += 8) {
      forwardNarrow8(x, pack, y, b, in, out, t);
    }
    for (; b < rowEnd; b++) {
      forwardNarrow1(x[b], pack, y[b], in, out, t);
    }
  }

  /** Samples {@code b..b+7} of {@link #forwardNarrow}: 8 chains, enough to hide the FMA latency. */
  private static void forwardNarrow8(float[][] x, float[] pack, float[][] y, int b, int in, int out,
      float[] t) {
    float[] x0 = x[b], x1 = x[b + 1], x2 = x[b + 2], x3 = x[b + 3];
    float[] x4 = x[b + 4], x5 = x[b + 5], x6 = x[b + 6], x7 = x[b + 7];
    FloatVector c0 = FloatVector.fromArray(S, pack, in * L), c1 = c0, c2 = c0, c3 = c0;
    FloatVector c4 = c0, c5 = c0, c6 = c0, c7 = c0;
    for (int i = 0, p = 0; i < in; i++, p += L) {
      FloatVector w = FloatVector.fromArray(S, pack, p);
      c0 = w.fma(FloatVector.broadcast(S, x0[i]), c0);
      c1 = w.fma(FloatVector.broadcast(S, x1[i]), c1);
      c2 = w.fma(FloatVector.broadcast(S, x2[i]), c2);
      c3 = w.fma(FloatVector.broadcast(S, x3[i]), c3);
      c4 = w.fma(FloatVector.broadcast(S, x4[i]), c4);
      c5 = w.fma(FloatVector.broadcast(S, x5[i]), c5);
      c6 = w.fma(FloatVector.broadcast(S, x6[i]), c6);
      c7 = w.fma(FloatVector.broadcast(S, x7[i]), c7);
    }
    c0.intoArray(t, 0);
    c1.intoArray(t, L);
    c2.intoArray(t, 2 * L);
    c3.intoArray(t, 3 * L);
    c4.intoArray(t, 4 * L);
    c5.intoArray(t, 5 * L);
    c6.intoArray(t, 6 * L);
    c7.intoArray(t, 7 * L);
    for (int k = 0; k < 8; k++) {
      float[] r = y[b + k];
      for (int o = 0, p = k * L; o < out; o++, p++) {
        r[o] = t[p];
      }
    }
  }

  /** One sample of {@link #forwardNarrow}. */
  private static void forwardNarrow1(float[] x, float[] pack, float[] y, int in, int out, float[] t) {
    FloatVector c = FloatVector.fromArray(S, pack, in * L);
    for (int i = 0, p = 0; i < in; i++, p += L) {
      c = FloatVector.fromArray(S, pack, p).fma(FloatVector.broadcast(S, x[i]), c);
    }
    c.intoArray(t, 0);
    for (int o = 0; o < out; o++) {
      y[o] = t[o];
    }
  }

  // ------------------------------------------------------------------------------------------------
  // backwardWeight

  /** Floats of {@code dz} (64 KB) up to which {@link #backwardWeight} treats it as cached. */
  private static final int SMALL_DZ = 16 * 1024;

  /** See {@link Linear#backwardWeight}. */
  static void backwardWeight(float[][] x, float[][] dz, float[][] dwT, int n, int inStart, int inEnd,
      int out) {
    if (n < 2 || (out < L && inEnd - inStart < L)) {
      // One sample: a pure streaming update, where C2's own vector loop measured a little faster; or a
      // narrow layer with too few rows for one vector. The operations are the same.
      ScalarLinear.backwardWeight(x, dz, dwT, n, inStart, inEnd, out);
      return;
    }
    if (out < L) {
      if (NARROW_WEIGHT.ready()) {
        backwardWeightNarrow(x, dz, dwT, n, inStart, inEnd, out);
      } else {
        ScalarLinear.backwardWeight(x, dz, dwT, n, inStart, inEnd, out);
      }
      return;
    }
    int full = out / L;
    int rem = out - full * L;
    int end4 = inStart + ((inEnd - inStart) & ~3);
    // Loop order: when dz is small enough to stay in cache anyway, each block of 4 rows of dwT is
    // finished before the next (one pass over dwT); otherwise panels of 4 vectors go outside and blocks of
    // rows inside, so that the panel of dz stays in cache while every row passes. The order of the
    // blocks changes no result.
    int tile = (long) n * out <= SMALL_DZ ? 4 : Math.max(4, end4 - inStart);
    if (tile == 4 && ScalarLinear.mayBeWorthSkipping(x, inStart, inEnd)
        && backwardWeightSkipping(x, dz, dwT, n, inStart, inEnd, full, rem)) {
      return;
    }
    for (int it = inStart; it < end4; it += tile) {
      int itEnd = Math.min(end4, it + tile);
      // The columns past the last whole vector: the vector at out - L, of which only the last `rem`
      // lanes are new. Its other lanes are written back as they were read, so they are unchanged
      // whether the panels below have run yet or not (each call reads and writes its own registers).
      if (rem != 0) {
        VectorMask<Float> fresh = FRESH[rem];
        for (int i = it; i < itEnd; i += 4) {
          backwardWeight4x1(x, dz, dwT, n, i, i + 1, i + 2, i + 3, out - L, fresh);
        }
      }
      // A repeated position (past full - 1) recomputes the same lanes from the same values in the same
      // call, so both copies store the same result.
      for (int p = 0; p < full; p += 4) {
        if (full - p >= 3) {
          int o0 = p * L, o1 = Math.min(p + 1, full - 1) * L;
          int o2 = Math.min(p + 2, full - 1) * L, o3 = Math.min(p + 3, full - 1) * L;
          if (tile > 4) {
            backwardWeightPacked(x, dz, dwT, n, it, itEnd, o0, o1, o2, o3);
          } else {
            for (int i = it; i < itEnd; i += 4) {
              backwardWeight4x4(x, dz, dwT, n, i, i + 1, i + 2, i + 3, o0, o1, o2, o3);
            }
          }
        } else {
          for (int q = p; q < full; q++) {
            for (int i = it; i < itEnd; i += 4) {
              backwardWeight4x1(x, dz, dwT, n, i, i + 1, i + 2, i + 3, q * L, ALL);
            }
          }
        }
      }
    }
    for (int i = end4; i < inEnd; i++) {
      float[] g = dwT[i];
      for (int p = 0; p < full; p += 4) {
        backwardWeight1x4(x, dz, g, n, i, p * L, Math.min(p + 1, full - 1) * L,
            Math.min(p + 2, full - 1) * L, Math.min(p + 3, full - 1) * L);
      }
      if (rem != 0) {
        backwardWeight1x1(x, dz, g, n, i, out - L, FRESH[rem]);
      }
    }
  }

  /**
   * {@link #backwardWeight} (with {@code dz} small enough to stay in cache) over the rows {@link
   * ScalarLinear#batchNonzero} keeps, 4 at a time in order, the last group padded by repeating its last
   * row; false, having done nothing, when fewer than a quarter are left out. A method of its own, chosen
   * once per call, so that the dense loop compiles as before.
   */
  private static boolean backwardWeightSkipping(float[][] x, float[][] dz, float[][] dwT, int n,
      int inStart, int inEnd, int full, int rem) {
    Workspace ws = WORKSPACE.get();
    int[] index = ws.nonzero(inEnd - inStart);
    int count = ScalarLinear.batchNonzero(x, n, inStart, inEnd, ws.magnitude(inEnd), index);
    if (count < 0) {
      return false;
    }
    int out = full * L + rem;
    for (int k = 0; k < count; k += 4) {
      int i0 = index[k], i1 = index[Math.min(k + 1, count - 1)];
      int i2 = index[Math.min(k + 2, count - 1)], i3 = index[Math.min(k + 3, count - 1)];
      if (rem != 0) {
        backwardWeight4x1(x, dz, dwT, n, i0, i1, i2, i3, out - L, FRESH[rem]);
      }
      for (int p = 0; p < full; p += 4) {
        if (full - p >= 3) {
          backwardWeight4x4(x, dz, dwT, n, i0, i1, i2, i3, p * L, Math.min(p + 1, full - 1) * L,
              Math.min(p + 2, full - 1) * L, Math.min(p + 3, full - 1) * L);
        } else {
          for (int q = p; q < full; q++) {
            backwardWeight4x1(x, dz, dwT, n, i0, i1, i2, i3, q * L, ALL);
          }
        }
      }
    }
    return true;
  }

  /**
   * The panel at columns {@code o0..o3} (+ L each) for rows {@code i0..i1} (a multiple of 4 apart) of
   * {@code dwT}, when {@code dz} is too large to stay in cache: blocks of up to {@link #PACK_ROWS}
   * samples of the panel of {@code dz} are copied into a contiguous per-thread buffer, as {@link
   * #forwardPacked} copies the weight, and every block of 4 rows runs over the copy, each block of
   * samples adding onto what the previous one stored (so each result is still one chain over the
   * samples in order). Measured on 256 x 1024 x 1024: see {@code KernelBenchmark}.
   */
  private static void backwardWeightPacked(float[][] x, float[][] dz, float[][] dwT, int n, int i0, int i1,
      int o0, int o1, int o2, int o3) {
    float[] pack = WORKSPACE.get().panel(Math.min(n, PACK_ROWS) * 4 * L);
    for (int b0 = 0; b0 < n; b0 += PACK_ROWS) {
      int b1 = Math.min(n, b0 + PACK_ROWS);
      packPanel(dz, b0, b1, o0, o1, o2, o3, pack);
      for (int i = i0; i < i1; i += 4) {
        backwardWeightPacked4x4(x, pack, dwT, b0, b1, i, o0, o1, o2, o3);
      }
    }
  }

  /** As {@link #backwardWeight4x4} for samples {@code b0..b1}, {@code dz} read from the packed panel. */
  private static void backwardWeightPacked4x4(float[][] x, float[] pack, float[][] dwT, int b0, int b1, int i,
      int o0, int o1, int o2, int o3) {
    float[] g0 = dwT[i], g1 = dwT[i + 1], g2 = dwT[i + 2], g3 = dwT[i + 3];
    FloatVector c00 = FloatVector.fromArray(S, g0, o0), c01 = FloatVector.fromArray(S, g0, o1);
    FloatVector c02 = FloatVector.fromArray(S, g0, o2), c03 = FloatVector.fromArray(S, g0, o3);
    FloatVector c10 = FloatVector.fromArray(S, g1, o0), c11 = FloatVector.fromArray(S, g1, o1);
    FloatVector c12 = FloatVector.fromArray(S, g1, o2), c13 = FloatVector.fromArray(S, g1, o3);
    FloatVector c20 = FloatVector.fromArray(S, g2, o0), c21 = FloatVector.fromArray(S, g2, o1);
    FloatVector c22 = FloatVector.fromArray(S, g2, o2), c23 = FloatVector.fromArray(S, g2, o3);
    FloatVector c30 = FloatVector.fromArray(S, g3, o0), c31 = FloatVector.fromArray(S, g3, o1);
    FloatVector c32 = FloatVector.fromArray(S, g3, o2), c33 = FloatVector.fromArray(S, g3, o3);
    for (int b = b0, q = 0; b < b1; b++, q += 4 * L) {
      float[] xb = x[b];
      FloatVector d0 = FloatVector.fromArray(S, pack, q), d1 = FloatVector.fromArray(S, pack, q + L);
      FloatVector d2 = FloatVector.fromArray(S, pack, q + 2 * L);
      FloatVector d3 = FloatVector.fromArray(S, pack, q + 3 * L);
      FloatVector a = FloatVector.broadcast(S, xb[i]);
      c00 = d0.fma(a, c00);
      c01 = d1.fma(a, c01);
      c02 = d2.fma(a, c02);
      c03 = d3.fma(a, c03);
      a = FloatVector.broadcast(S, xb[i + 1]);
      c10 = d0.fma(a, c10);
      c11 = d1.fma(a, c11);
      c12 = d2.fma(a, c12);
      c13 = d3.fma(a, c13);
      a = FloatVector.broadcast(S, xb[i + 2]);
      c20 = d0.fma(a, c20);
      c21 = d1.fma(a, c21);
      c22 = d2.fma(a, c22);
      c23 = d3.fma(a, c23);
      a = FloatVector.broadcast(S, xb[i + 3]);
      c30 = d0.fma(a, c30);
      c31 = d1.fma(a, c31);
      c32 = d2.fma(a, c32);
      c33 = d3.fma(a, c33);
    }
    c00.intoArray(g0, o0);
    c01.intoArray(g0, o1);
    c02.intoArray(g0, o2);
    c03.intoArray(g0, o3);
    c10.intoArray(g1, o0);
    c11.intoArray(g1, o1);
    c12.intoArray(g1, o2);
    c13.intoArray(g1, o3);
    c20.intoArray(g2, o0);
    c21.intoArray(g2, o1);
    c22.intoArray(g2, o2);
    c23.intoArray(g2, o3);
    c30.intoArray(g3, o0);
    c31.intoArray(g3, o1);
    c32.intoArray(g3, o2);
    c33.intoArray(g3, o3);
  }

  /**
   * Rows {@code i0..i3} of {@code dwT} at columns {@code o0..o3} (+ L each). A repeated row computes the
   * same values from the same start twice and stores them twice.
   */
  private static void backwardWeight4x4(float[][] x, float[][] dz, float[][] dwT, int n, int i0, int i1,
      int i2, int i3, int o0, int o1, int o2, int o3) {
    float[] g0 = dwT[i0], g1 = dwT[i1], g2 = dwT[i2], g3 = dwT[i3];
    FloatVector c00 = FloatVector.fromArray(S, g0, o0), c01 = FloatVector.fromArray(S, g0, o1);
    FloatVector c02 = FloatVector.fromArray(S, g0, o2), c03 = FloatVector.fromArray(S, g0, o3);
    FloatVector c10 = FloatVector.fromArray(S, g1, o0), c11 = FloatVector.fromArray(S, g1, o1);
    FloatVector c12 = FloatVector.fromArray(S, g1, o2), c13 = FloatVector.fromArray(S, g1, o3);
    FloatVector c20 = FloatVector.fromArray(S, g2, o0), c21 = FloatVector.fromArray(S, g2, o1);
    FloatVector c22 = FloatVector.fromArray(S, g2, o2), c23 = FloatVector.fromArray(S, g2, o3);
    FloatVector c30 = FloatVector.fromArray(S, g3, o0), c31 = FloatVector.fromArray(S, g3, o1);
    FloatVector c32 = FloatVector.fromArray(S, g3, o2), c33 = FloatVector.fromArray(S, g3, o3);
    for (int b = 0; b < n; b++) {
      float[] xb = x[b], d = dz[b];
      FloatVector d0 = FloatVector.fromArray(S, d, o0), d1 = FloatVector.fromArray(S, d, o1);
      FloatVector d2 = FloatVector.fromArray(S, d, o2), d3 = FloatVector.fromArray(S, d, o3);
      FloatVector a = FloatVector.broadcast(S, xb[i0]);
      c00 = d0.fma(a, c00);
      c01 = d1.fma(a, c01);
      c02 = d2.fma(a, c02);
      c03 = d3.fma(a, c03);
      a = FloatVector.broadcast(S, xb[i1]);
      c10 = d0.fma(a, c10);
      c11 = d1.fma(a, c11);
      c12 = d2.fma(a, c12);
      c13 = d3.fma(a, c13);
      a = FloatVector.broadcast(S, xb[i2]);
      c20 = d0.fma(a, c20);
      c21 = d1.fma(a, c21);
      c22 = d2.fma(a, c22);
      c23 = d3.fma(a, c23);
      a = FloatVector.broadcast(S, xb[i3]);
      c30 = d0.fma(a, c30);
      c31 = d1.fma(a, c31);
      c32 = d2.fma(a, c32);
      c33 = d3.fma(a, c33);
    }
    c00.intoArray(g0, o0);
    c01.intoArray(g0, o1);
    c02.intoArray(g0, o2);
    c03.intoArray(g0, o3);
    c10.intoArray(g1, o0);
    c11.intoArray(g1, o1);
    c12.intoArray(g1, o2);
    c13.intoArray(g1, o3);
    c20.intoArray(g2, o0);
    c21.intoArray(g2, o1);
    c22.intoArray(g2, o2);
    c23.intoArray(g2, o3);
    c30.intoArray(g3, o0);
    c31.intoArray(g3, o1);
    c32.intoArray(g3, o2);
    c33.intoArray(g3, o3);
  }

  /**
   * Rows {@code i0..i3} of {@code dwT} at columns {@code o..o+L}, changing only the lanes in {@code
   * fresh}; the others are stored back as loaded.
   */
  private static void backwardWeight4x1(float[][] x, float[][] dz, float[][] dwT, int n, int i0, int i1,
      int i2, int i3, int o, VectorMask<Float> fresh) {
    float[] g0 = dwT[i0], g1 = dwT[i1], g2 = dwT[i2], g3 = dwT[i3];
    FloatVector k0 = FloatVector.fromArray(S, g0, o), k1 = FloatVector.fromArray(S, g1, o);
    FloatVector k2 = FloatVector.fromArray(S, g2, o), k3 = FloatVector.fromArray(S, g3, o);
    FloatVector c0 = k0, c1 = k1, c2 = k2, c3 = k3;
    for (int b = 0; b < n; b++) {
      float[] xb = x[b];
      FloatVector d = FloatVector.fromArray(S, dz[b], o);
      c0 = d.fma(FloatVector.broadcast(S, xb[i0]), c0);
      c1 = d.fma(FloatVector.broadcast(S, xb[i1]), c1);
      c2 = d.fma(FloatVector.broadcast(S, xb[i2]), c2);
      c3 = d.fma(FloatVector.broadcast(S, xb[i3]), c3);
    }
    k0.blend(c0, fresh).intoArray(g0, o);
    k1.blend(c1, fresh).intoArray(g1, o);
    k2.blend(c2, fresh).intoArray(g2, o);
    k3.blend(c3, fresh).intoArray(g3, o);
  }

  /** Row {@code g = dwT[i]} at columns {@code o0..o3} (+ L each). */
  private static void backwardWeight1x4(float[][] x, float[][] dz, float[] g, int n, int i, int o0,
      int o1, int o2, int o3) {
    FloatVector c0 = FloatVector.fromArray(S, g, o0), c1 = FloatVector.fromArray(S, g, o1);
    FloatVector c2 = FloatVector.fromArray(S, g, o2), c3 = FloatVector.fromArray(S, g, o3);
    for (int b = 0; b < n; b++) {
      float[] d = dz[b];
      FloatVector a = FloatVector.broadcast(S, x[b][i]);
      c0 = FloatVector.fromArray(S, d, o0).fma(a, c0);
      c1 = FloatVector.fromArray(S, d, o1).fma(a, c1);
      c2 = FloatVector.fromArray(S, d, o2).fma(a, c2);
      c3 = FloatVector.fromArray(S, d, o3).fma(a, c3);
    }
    c0.intoArray(g, o0);
    c1.intoArray(g, o1);
    c2.intoArray(g, o2);
    c3.intoArray(g, o3);
  }

  /** Row {@code g = dwT[i]} at columns {@code o..o+L}, changing only the lanes in {@code fresh}. */
  private static void backwardWeight1x1(float[][] x, float[][] dz, float[] g, int n, int i, int o,
      VectorMask<Float> fresh) {
    FloatVector k = FloatVector.fromArray(S, g, o);
    FloatVector c = k;
    for (int b = 0; b < n; b++) {
      c = FloatVector.fromArray(S, dz[b], o).fma(FloatVector.broadcast(S, x[b][i]), c);
    }
    k.blend(c, fresh).intoArray(g, o);
  }

  /**
   * {@link #backwardWeight} for a layer narrower than one vector ({@code out < L}): lanes over weight rows
   * rather than outputs. Blocks of 8 outputs x 2 vectors of rows {@code i} start from the existing values
   * of {@code dwT} (gathered through a per-thread buffer) and add {@code x[b][i..] * dz[b][o]} in order of
   * the samples, each row's inputs read straight from {@code x[b]}; the rows past the last whole vector
   * run the scalar kernel. Same chains as {@link Linear#backwardWeight}, every row in full (this form
   * leaves out no zero rows, which changes no value; see "Determinism" there). mnist-mlp's 128 -> 10 at 32
   * samples: {@code KernelBenchmark.backwardWeightOut} 14.5 GFLOP/s in the scalar kernel's loops of 10,
   * 33-35 here; inside a training step about 6 -> 3 us.
   */
  private static void backwardWeightNarrow(float[][] x, float[][] dz, float[][] dwT, int n, int inStart,
      int inEnd, int out) {
    float[] t = WORKSPACE.get().lanes;
    int i = inStart;
    for (; i + 2 * L <= inEnd; i += 2 * L) {
      for (int o = 0; o < out; o += 8) {
        backwardWeightNarrow8x2(x, dz, dwT, n, i, o, out, t);
      }
    }
    if (i + L <= inEnd) {
      for (int o = 0; o < out; o += 8) {
        backwardWeightNarrow8x1(x, dz, dwT, n, i, o, out, t);
      }
      i += L;
    }
    if (i < inEnd) {
      ScalarLinear.backwardWeight(x, dz, dwT, n, i, inEnd, out);
    }
  }

  /**
   * Outputs {@code o..o+7} (clamped to {@code out - 1}, a repeated output computing the same value from
   * the same start) of the weight rows {@code i..i+2L}.
   */
  private static void backwardWeightNarrow8x2(float[][] x, float[][] dz, float[][] dwT, int n, int i, int o,
      int out, float[] t) {
    int m = out - 1;
    int o1 = Math.min(o + 1, m), o2 = Math.min(o + 2, m), o3 = Math.min(o + 3, m);
    int o4 = Math.min(o + 4, m), o5 = Math.min(o + 5, m), o6 = Math.min(o + 6, m), o7 = Math.min(o + 7, m);
    int l2 = 2 * L;
    // Output k of row i + j starts at t[2kL + j].
    for (int j = 0; j < l2; j++) {
      float[] g = dwT[i + j];
      t[j] = g[o];
      t[l2 + j] = g[o1];
      t[2 * l2 + j] = g[o2];
      t[3 * l2 + j] = g[o3];
      t[4 * l2 + j] = g[o4];
      t[5 * l2 + j] = g[o5];
      t[6 * l2 + j] = g[o6];
      t[7 * l2 + j] = g[o7];
    }
    FloatVector c00 = FloatVector.fromArray(S, t, 0), c01 = FloatVector.fromArray(S, t, L);
    FloatVector c10 = FloatVector.fromArray(S, t, 2 * L), c11 = FloatVector.fromArray(S, t, 3 * L);
    FloatVector c20 = FloatVector.fromArray(S, t, 4 * L), c21 = FloatVector.fromArray(S, t, 5 * L);
    FloatVector c30 = FloatVector.fromArray(S, t, 6 * L), c31 = FloatVector.fromArray(S, t, 7 * L);
    FloatVector c40 = FloatVector.fromArray(S, t, 8 * L), c41 = FloatVector.fromArray(S, t, 9 * L);
    FloatVector c50 = FloatVector.fromArray(S, t, 10 * L), c51 = FloatVector.fromArray(S, t, 11 * L);
    FloatVector c60 = FloatVector.fromArray(S, t, 12 * L), c61 = FloatVector.fromArray(S, t, 13 * L);
    FloatVector c70 = FloatVector.fromArray(S, t, 14 * L), c71 = FloatVector.fromArray(S, t, 15 * L);
    for (int b = 0; b < n; b++) {
      float[] xb = x[b];
      float[] d = dz[b];
      FloatVector x0 = FloatVector.fromArray(S, xb, i), x1 = FloatVector.fromArray(S, xb, i + L);
      FloatVector a = FloatVector.broadcast(S, d[o]);
      c00 = x0.fma(a, c00);
      c01 = x1.fma(a, c01);
      a = FloatVector.broadcast(S, d[o1]);
      c10 = x0.fma(a, c10);
      c11 = x1.fma(a, c11);
      a = FloatVector.broadcast(S, d[o2]);
      c20 = x0.fma(a, c20);
      c21 = x1.fma(a, c21);
      a = FloatVector.broadcast(S, d[o3]);
      c30 = x0.fma(a, c30);
      c31 = x1.fma(a, c31);
      a = FloatVector.broadcast(S, d[o4]);
      c40 = x0.fma(a, c40);
      c41 = x1.fma(a, c41);
      a = FloatVector.broadcast(S, d[o5]);
      c50 = x0.fma(a, c50);
      c51 = x1.fma(a, c51);
      a = FloatVector.broadcast(S, d[o6]);
      c60 = x0.fma(a, c60);
      c61 = x1.fma(a, c61);
      a = FloatVector.broadcast(S, d[o7]);
      c70 = x0.fma(a, c70);
      c71 = x1.fma(a, c71);
    }
    c00.intoArray(t, 0);
    c01.intoArray(t, L);
    c10.intoArray(t, 2 * L);
    c11.intoArray(t, 3 * L);
    c20.intoArray(t, 4 * L);
    c21.intoArray(t, 5 * L);
    c30.intoArray(t, 6 * L);
    c31.intoArray(t, 7 * L);
    c40.intoArray(t, 8 * L);
    c41.intoArray(t, 9 * L);
    c50.intoArray(t, 10 * L);
    c51.intoArray(t, 11 * L);
    c60.intoArray(t, 12 * L);
    c61.intoArray(t, 13 * L);
    c70.intoArray(t, 14 * L);
    c71.intoArray(t, 15 * L);
    for (int j = 0; j < l2; j++) {
      float[] g = dwT[i + j];
      g[o7] = t[7 * l2 + j];
      g[o6] = t[6 * l2 + j];
      g[o5] = t[5 * l2 + j];
      g[o4] = t[4 * l2 + j];
      g[o3] = t[3 * l2 + j];
      g[o2] = t[2 * l2 + j];
      g[o1] = t[l2 + j];
      g[o] = t[j];
    }
  }

  /** As {@link #backwardWeightNarrow8x2} for one vector of rows. */
  private static void backwardWeightNarrow8x1(float[][] x, float[][] dz, float[][] dwT, int n, int i, int o,
      int out, float[] t) {
    int m = out - 1;
    int o1 = Math.min(o + 1, m), o2 = Math.min(o + 2, m), o3 = Math.min(o + 3, m);
    int o4 = Math.min(o + 4, m), o5 = Math.min(o + 5, m), o6 = Math.min(o + 6, m), o7 = Math.min(o + 7, m);
    // Output k of row i + j starts at t[kL + j].
    for (int j = 0; j < L; j++) {
      float[] g = dwT[i + j];
      t[j] = g[o];
      t[L + j] = g[o1];
      t[2 * L + j] = g[o2];
      t[3 * L + j] = g[o3];
      t[4 * L + j] = g[o4];
      t[5 * L + j] = g[o5];
      t[6 * L + j] = g[o6];
      t[7 * L + j] = g[o7];
    }
    FloatVector c0 = FloatVector.fromArray(S, t, 0), c1 = FloatVector.fromArray(S, t, L);
    FloatVector c2 = FloatVector.fromArray(S, t, 2 * L), c3 = FloatVector.fromArray(S, t, 3 * L);
    FloatVector c4 = FloatVector.fromArray(S, t, 4 * L), c5 = FloatVector.fromArray(S, t, 5 * L);
    FloatVector c6 = FloatVector.fromArray(S, t, 6 * L), c7 = FloatVector.fromArray(S, t, 7 * L);
    for (int b = 0; b < n; b++) {
      float[] d = dz[b];
      FloatVector xv = FloatVector.fromArray(S, x[b], i);
      c0 = xv.fma(FloatVector.broadcast(S, d[o]), c0);
      c1 = xv.fma(FloatVector.broadcast(S, d[o1]), c1);
      c2 = xv.fma(FloatVector.broadcast(S, d[o2]), c2);
      c3 = xv.fma(FloatVector.broadcast(S, d[o3]), c3);
      c4 = xv.fma(FloatVector.broadcast(S, d[o4]), c4);
      c5 = xv.fma(FloatVector.broadcast(S, d[o5]), c5);
      c6 = xv.fma(FloatVector.broadcast(S, d[o6]), c6);
      c7 = xv.fma(FloatVector.broadcast(S, d[o7]), c7);
    }
    c0.intoArray(t, 0);
    c1.intoArray(t, L);
    c2.intoArray(t, 2 * L);
    c3.intoArray(t, 3 * L);
    c4.intoArray(t, 4 * L);
    c5.intoArray(t, 5 * L);
    c6.intoArray(t, 6 * L);
    c7.intoArray(t, 7 * L);
    for (int j = 0; j < L; j++) {
      float[] g = dwT[i + j];
      g[o7] = t[7 * L + j];
      g[o6] = t[6 * L + j];
      g[o5] = t[5 * L + j];
      g[o4] = t[4 * L + j];
      g[o3] = t[3 * L + j];
      g[o2] = t[2 * L + j];
      g[o1] = t[L + j];
      g[o] = t[j];
    }
  }

  // ------------------------------------------------------------------------------------------------
  // backwardInput

  /**
   * Calls with fewer samples run {@link ScalarLinear#backwardInput}, which performs the same operations:
   * the lanes here run over samples, and a handful of samples would leave most of them idle.
   */
  private static final int MIN_ROWS = 4;


  /** What {@link #forward} and {@link #backwardInput} keep per thread. */
  private static final class Workspace {
    /** {@code dz} of one tile of samples, transposed: grows to the largest tile seen, then stays. */
    float[] pack = new float[0];
    /** The accumulators of one block on their way to {@code dx}. */
    final float[] lanes = new float[16 * L];
    /** Panels of the weight or of {@code dz} ({@link #packPanel}): at most {@link #PACK_FLOATS}. */
    float[] panel = new float[0];
    /**
     * The indices of one sample's nonzero inputs ({@link #forwardColumns}) or of one batch's ({@link
     * #backwardWeightSkipping}).
     */
    int[] nonzero = new int[0];
    /** {@link ScalarLinear#batchNonzero}'s sums, indexed by input. */
    float[] magnitude = new float[0];
    /** For each block of 4 samples in {@link #forward}, the inputs nonzero in any of them. */
    int[] blockIndex = new int[0];
    /** For each block of 4 samples in {@link #forward}, how many, or -1 for all. */
    int[] blockCounts = new int[0];

    int[] blockIndex(int size) {
      if (blockIndex.length < size) {
        blockIndex = new int[size];
      }
      return blockIndex;
    }

    int[] blockCounts(int size) {
      if (blockCounts.length < size) {
        blockCounts = new int[size];
      }
      return blockCounts;
    }

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

    float[] panel(int size) {
      if (panel.length < size) {
        panel = new float[size];
      }
      return panel;
    }

    float[] pack(int size) {
      if (pack.length < size) {
        pack = new float[size];
      }
      return pack;
    }
  }

  /**
   * Created on a thread's first call and fetched once per call. A {@link ThreadLocal} rather than a
   * parameter because the buffer's size is an implementation detail callers should not have to know.
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
   * See {@link Linear#backwardInput}. {@code dx[b][i]} is a dot product over {@code o}; summing it in
   * lanes over {@code o} would need a horizontal reduction per result, which costs as much as the dot
   * product itself when {@code out} is ~100, and whose order would depend on the vector width. Instead
   * the lanes run over samples: a tile of up to {@code 4L} samples has its rows of {@code dz} transposed
   * into {@code pack[o][sample]}, and then {@code dx^T = wT dz^T} is an ordinary register-blocked product
   * (8 inputs x 2 vectors of samples, one broadcast of {@code wT[i][o]} per input and step {@code o}).
   * Each result is the single chain {@code s = fma(wT[i][o], dz[b][o], s)} over {@code o = 0..out-1},
   * exactly as in {@link ScalarLinear#backwardInput}, so both paths give the same bits on every machine.
   */
  static void backwardInput(float[][] dz, float[][] wT, float[][] dx, int rowStart, int rowEnd, int in,
      int out) {
    if (rowEnd - rowStart < MIN_ROWS || in == 0 || out == 0) {
      ScalarLinear.backwardInput(dz, wT, dx, rowStart, rowEnd, in, out);
      return;
    }
    Workspace ws = WORKSPACE.get();
    float[] t = ws.lanes;
    int tileVectors = (int) Math.max(1, Math.min(4, PACK_FLOATS / ((long) out * L)));
    for (int bt = rowStart; bt < rowEnd; bt += tileVectors * L) {
      int count = Math.min(tileVectors * L, rowEnd - bt);
      int vectors = (count + L - 1) / L;
      int width = vectors * L;
      float[] pack = ws.pack(out * width);
      transpose(dz, bt, count, width, out, pack);
      // Blocks of 8 inputs (an index past in - 1 repeats the last, storing the same value twice) by
      // 2 vectors of samples, then 1 for an odd vector out.
      for (int i = 0; i < in; i += 8) {
        int v = 0;
        for (; v + 2 <= vectors; v += 2) {
          backwardInput8x2(wT, pack, width, v * L, i, in, out, dx, bt + v * L,
              Math.min(2 * L, count - v * L), t);
        }
        if (v < vectors) {
          backwardInput8x1(wT, pack, width, v * L, i, in, out, dx, bt + v * L, count - v * L, t);
        }
      }
    }
  }

  /** {@code pack[o * width + k] = dz[b0 + k][o]} for {@code k < count}; 0 for the lanes up to width. */
  private static void transpose(float[][] dz, int b0, int count, int width, int out, float[] pack) {
    for (int k = 0; k < count; k++) {
      float[] d = dz[b0 + k];
      for (int o = 0, p = k; o < out; o++, p += width) {
        pack[p] = d[o];
      }
    }
    for (int k = count; k < width; k++) {
      for (int o = 0, p = k; o < out; o++, p += width) {
        pack[p] = 0f;
      }
    }
  }

  /**
   * Inputs {@code i..i+7} (clamped to {@code in - 1}) for the 2L samples in lanes {@code col..col+2L}
   * of {@code pack}, which are samples {@code b0..b0+valid} (the lanes past {@code valid} are padding).
   */
  private static void backwardInput8x2(float[][] wT, float[] pack, int width, int col, int i, int in,
      int out, float[][] dx, int b0, int valid, float[] t) {
    int m = in - 1;
    int i1 = Math.min(i + 1, m), i2 = Math.min(i + 2, m), i3 = Math.min(i + 3, m);
    int i4 = Math.min(i + 4, m), i5 = Math.min(i + 5, m), i6 = Math.min(i + 6, m), i7 = Math.min(i + 7, m);
    float[] w0 = wT[i], w1 = wT[i1], w2 = wT[i2], w3 = wT[i3];
    float[] w4 = wT[i4], w5 = wT[i5], w6 = wT[i6], w7 = wT[i7];
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    for (int o = 0, p = col; o < out; o++, p += width) {
      FloatVector d0 = FloatVector.fromArray(S, pack, p), d1 = FloatVector.fromArray(S, pack, p + L);
      FloatVector a = FloatVector.broadcast(S, w0[o]);
      c00 = d0.fma(a, c00);
      c01 = d1.fma(a, c01);
      a = FloatVector.broadcast(S, w1[o]);
      c10 = d0.fma(a, c10);
      c11 = d1.fma(a, c11);
      a = FloatVector.broadcast(S, w2[o]);
      c20 = d0.fma(a, c20);
      c21 = d1.fma(a, c21);
      a = FloatVector.broadcast(S, w3[o]);
      c30 = d0.fma(a, c30);
      c31 = d1.fma(a, c31);
      a = FloatVector.broadcast(S, w4[o]);
      c40 = d0.fma(a, c40);
      c41 = d1.fma(a, c41);
      a = FloatVector.broadcast(S, w5[o]);
      c50 = d0.fma(a, c50);
      c51 = d1.fma(a, c51);
      a = FloatVector.broadcast(S, w6[o]);
      c60 = d0.fma(a, c60);
      c61 = d1.fma(a, c61);
      a = FloatVector.broadcast(S, w7[o]);
      c70 = d0.fma(a, c70);
      c71 = d1.fma(a, c71);
    }
    // Input k's result for sample b0 + s lands at t[2kL + s].
    c00.intoArray(t, 0);
    c01.intoArray(t, L);
    c10.intoArray(t, 2 * L);
    c11.intoArray(t, 3 * L);
    c20.intoArray(t, 4 * L);
    c21.intoArray(t, 5 * L);
    c30.intoArray(t, 6 * L);
    c31.intoArray(t, 7 * L);
    c40.intoArray(t, 8 * L);
    c41.intoArray(t, 9 * L);
    c50.intoArray(t, 10 * L);
    c51.intoArray(t, 11 * L);
    c60.intoArray(t, 12 * L);
    c61.intoArray(t, 13 * L);
    c70.intoArray(t, 14 * L);
    c71.intoArray(t, 15 * L);
    int l2 = 2 * L;
    for (int s = 0; s < valid; s++) {
      float[] r = dx[b0 + s];
      r[i7] = t[7 * l2 + s];
      r[i6] = t[6 * l2 + s];
      r[i5] = t[5 * l2 + s];
      r[i4] = t[4 * l2 + s];
      r[i3] = t[3 * l2 + s];
      r[i2] = t[2 * l2 + s];
      r[i1] = t[l2 + s];
      r[i] = t[s];
    }
  }

  /** As {@link #backwardInput8x2} for one vector of samples. */
  private static void backwardInput8x1(float[][] wT, float[] pack, int width, int col, int i, int in,
      int out, float[][] dx, int b0, int valid, float[] t) {
    int m = in - 1;
    int i1 = Math.min(i + 1, m), i2 = Math.min(i + 2, m), i3 = Math.min(i + 3, m);
    int i4 = Math.min(i + 4, m), i5 = Math.min(i + 5, m), i6 = Math.min(i + 6, m), i7 = Math.min(i + 7, m);
    float[] w0 = wT[i], w1 = wT[i1], w2 = wT[i2], w3 = wT[i3];
    float[] w4 = wT[i4], w5 = wT[i5], w6 = wT[i6], w7 = wT[i7];
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
    for (int o = 0, p = col; o < out; o++, p += width) {
      FloatVector d = FloatVector.fromArray(S, pack, p);
      c0 = d.fma(FloatVector.broadcast(S, w0[o]), c0);
      c1 = d.fma(FloatVector.broadcast(S, w1[o]), c1);
      c2 = d.fma(FloatVector.broadcast(S, w2[o]), c2);
      c3 = d.fma(FloatVector.broadcast(S, w3[o]), c3);
      c4 = d.fma(FloatVector.broadcast(S, w4[o]), c4);
      c5 = d.fma(FloatVector.broadcast(S, w5[o]), c5);
      c6 = d.fma(FloatVector.broadcast(S, w6[o]), c6);
      c7 = d.fma(FloatVector.broadcast(S, w7[o]), c7);
    }
    // Input k's result for sample b0 + s lands at t[kL + s].
    c0.intoArray(t, 0);
    c1.intoArray(t, L);
    c2.intoArray(t, 2 * L);
    c3.intoArray(t, 3 * L);
    c4.intoArray(t, 4 * L);
    c5.intoArray(t, 5 * L);
    c6.intoArray(t, 6 * L);
    c7.intoArray(t, 7 * L);
    for (int s = 0; s < valid; s++) {
      float[] r = dx[b0 + s];
      r[i7] = t[7 * L + s];
      r[i6] = t[6 * L + s];
      r[i5] = t[5 * L + s];
      r[i4] = t[4 * L + s];
      r[i3] = t[3 * L + s];
      r[i2] = t[2 * L + s];
      r[i1] = t[L + s];
      r[i] = t[s];
    }
  }
}
