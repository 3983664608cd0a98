package dev.unroll.runtime.kernel;

import java.util.Objects;

/**
 * The matrix products of a dense (fully connected) layer {@code z = x W^T + b}, forward and backward, in
 * float. Generated models call these for every {@code Linear} layer.
 *
 * <h2>Layout</h2>
 *
 * <ul>
 *   <li>Activations and their gradients are {@code float[][]} with one row per sample: {@code x[b]} has
 *       at least {@code in} elements, {@code y[b]}, {@code dz[b]} at least {@code out}, {@code dx[b]} at
 *       least {@code in}. Elements past those lengths are neither read nor written.
 *   <li>A weight is stored <em>transposed</em>: {@code wT[i][o] = W[o][i]} where {@code W} is PyTorch's
 *       {@code [out, in]} weight; {@code wT} has {@code in} rows of length {@code out}. Its gradient
 *       {@code dwT} has the same layout.
 *   <li>The bias and its gradient are {@code float[]} of at least {@code out} elements; a {@code null}
 *       bias means the layer has none.
 * </ul>
 *
 * <p>Outputs must not share arrays with inputs (for example {@code y[b] == x[b]}). The ranges are
 * checked ({@link IndexOutOfBoundsException}); the rows' lengths are left to the array accesses, which
 * throw the same exception, possibly after part of the output has been written.
 *
 * <h2>Ranges and threads</h2>
 *
 * <p>Each method takes the part of its output to compute ({@code rowStart..rowEnd} samples, {@code
 * inStart..inEnd} weight rows, {@code outStart..outEnd} bias elements), so a caller may split one call
 * into pieces and run them on different threads; pieces that write disjoint ranges may run concurrently.
 * The methods allocate nothing, with these exceptions, all per-thread buffers created on a thread's first
 * such call and grown when a wider layer comes along: {@link #backwardInput} with 4 or more samples
 * transposes a block of its operands (a tile of 128 rows of 1,100 floats, 550 KB, on the scalar path, at
 * most {@code out x 64} (256 KB for {@code out <= 1024}) with the Vector API), the scalar batched forward
 * pass (8 samples or more, with 512 outputs or more or a weight of 1 MB or more) and weight gradient (16
 * samples or more, 512 outputs or more) keep four rows of partial sums ({@code out} floats and up to
 * 1,023 more each), the one-sample forward pass ({@link
 * #forwardColumns}) lists a sample's nonzero inputs ({@code in} ints), and the batched forward pass on
 * inputs with zeros lists each block's ({@code in} ints per block of 4 samples with the Vector API,
 * {@code in} in all on the scalar path), and the Vector API forward pass of a layer narrower than one
 * vector, 4 samples or more, copies the weight and bias into rows of one vector ({@code (in + 1) x 16}
 * floats with AVX-512); the tests for inputs zero in a block or batch sum magnitudes per input ({@code
 * in} floats), and the scalar weight gradient of a layer of fewer than 16 outputs transposes its rows
 * into 16 rows ({@code inEnd} floats and up to 1,023 more each). Before the JIT compiles the vector
 * kernels the Vector API also boxes vectors on the heap.
 *
 * <h2>Determinism</h2>
 *
 * <p>Every output element is one chain of float operations in index order: {@code y = fma(x, w, y)}
 * over {@code i} starting from the bias (forward), over {@code o} starting from 0 ({@link
 * #backwardInput}), over the samples starting from the existing value ({@link #backwardWeight}), and
 * plain adds over the samples ({@link #backwardBias}); each method's Javadoc states its chain. Neither
 * the range an element was computed in, nor how a call was split, nor the thread, nor the blocking of
 * the kernels changes it. So the same inputs give bit-identical outputs however a caller splits the
 * work, and a training run repeats exactly for the same seed and thread count.
 *
 * <p>One refinement: the one-sample forward pass ({@link #forwardColumns}, which {@link #forward} also
 * uses for the samples left over after its blocks of 4) leaves out the zero inputs of a sample when at
 * least a quarter of them are zero, as image pixels and ReLU outputs are; and {@link #forward}'s blocks
 * of 4 samples leave out the inputs that are zero in all four, when at least a quarter are (an MNIST
 * digit's border is zero in every digit: a batch of digits runs about 1.5x faster with the Vector API
 * and 1.9x with the scalar kernels; the packed kernel for wide layers, 256 outputs and more at 32
 * samples and more, and the Vector API kernel for layers narrower than a vector do not skip); {@link
 * #backwardWeight} leaves out the rows whose input is zero in every sample, when at
 * least a quarter are (not in the kernels for layers narrower than a vector with the Vector API, or of
 * fewer than 16 outputs without it). Adding an exact zero product leaves a float sum's value unchanged,
 * so this changes no output's value, with two exceptions: a sum that is {@code -0.0} up to that point
 * (a bias of exactly {@code -0.0}, or a product that underflows to it) stays {@code -0.0} where the full
 * chain gives {@code +0.0}, and an
 * infinite or NaN weight (or {@code dz}) times a zero input, NaN in the full chain, is left out. Within those limits
 * outputs are still the same however the work is split and on either kernel path; bit for bit they are
 * the same for a fixed split and path, so the determinism of training runs is untouched. One caveat: with
 * the Vector API, a layer narrower than one vector runs the scalar kernels until its vector kernels have
 * warmed up on a background thread (see {@code VectorWarmup}), a point that depends on timing; only in
 * those two exceptional cases can a run's bits then differ from another's.
 *
 * <p>Which kernels run (see {@link VectorSupport}) is fixed for the life of the JVM, apart from that
 * warm-up: with the Vector API ({@code --add-modules jdk.incubator.vector}) the kernels use {@code
 * FloatVector.SPECIES_PREFERRED} vectors, otherwise loops C2 vectorises by itself. Both perform the same chains, and {@link Math#fma}
 * is correctly rounded by specification, so the results are also the same with or without the Vector
 * API and on any vector width (AVX2, AVX-512, NEON), up to the exceptions above. No horizontal
 * reduction is used.
 *
 * <h2>Cost</h2>
 *
 * <p>{@link Math#fma} is used throughout. It is a single instruction on every x86 processor since 2013
 * and on every 64-bit ARM one; on a processor without FMA it falls back to a slow software emulation.
 */
public final class Linear {
  private Linear() {}

  /**
   * Forward pass: for each sample {@code b} in {@code [rowStart, rowEnd)} and each {@code o < out},
   *
   * <pre>  y[b][o] = bias[o] + sum_{i < in} x[b][i] * wT[i][o]</pre>
   *
   * <p>overwriting {@code y[b][0..out)} (the sum starts at {@code bias[o]}, or 0 when {@code bias} is
   * null, and adds the products in order of {@code i}, each with one rounding).
   *
   * @param x inputs, {@code x[b]} of length at least {@code in}
   * @param wT transposed weight, {@code [in][out]}
   * @param bias bias of length at least {@code out}, or null for none
   * @param y outputs, {@code y[b]} of length at least {@code out}
   * @param rowStart first sample, inclusive
   * @param rowEnd last sample, exclusive
   * @param in input features
   * @param out output features
   */
  public static void forward(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart,
      int rowEnd, int in, int out) {
    Objects.checkFromToIndex(rowStart, rowEnd, Math.min(x.length, y.length));
    Objects.checkFromToIndex(0, in, wT.length);
    checkWidth(out);
    if (VectorSupport.ENABLED) {
      VectorLinear.forward(x, wT, bias, y, rowStart, rowEnd, in, out);
    } else {
      ScalarLinear.forward(x, wT, bias, y, rowStart, rowEnd, in, out);
    }
  }

  /**
   * Outputs are split into column ranges at multiples of this many floats: 64 bytes, a cache line's
   * worth, and whole vectors on every x86 and ARM vector width. (An array's elements start after its
   * header, not on a line boundary, so two threads writing neighbouring ranges of one row may still share
   * the one line the boundary falls in.)
   */
  public static final int COLUMN_ALIGN = 16;

  /**
   * Where part {@code part} of {@code parts} of {@code out} columns starts, for {@link #forwardColumns}:
   * {@code out * part / parts} rounded to a multiple of {@link #COLUMN_ALIGN}, and {@code out} for {@code
   * part == parts}. Consecutive parts are contiguous; a part may be empty when {@code out} is small.
   */
  public static int columnStart(int out, int parts, int part) {
    if (part >= parts) {
      return out;
    }
    long c = (long) out * part / parts;
    return (int) Math.min(out, (c + COLUMN_ALIGN / 2) / COLUMN_ALIGN * COLUMN_ALIGN);
  }

  /**
   * The forward pass of one sample for the outputs {@code [colStart, colEnd)} only:
   *
   * <pre>  y[o] = bias[o] + sum_{i < in} x[i] * wT[i][o]</pre>
   *
   * <p>overwriting {@code y[colStart..colEnd)}, each element the same FMA chain as in {@link #forward},
   * except that when at least a quarter of {@code x[0..in)} are zero (either sign) the zero inputs are
   * left out of every chain: that changes no value, only possibly the sign of a zero result or a NaN
   * from an infinite weight (see "Determinism" above), and it reads only the weight rows of the nonzero
   * inputs: {@code mnist-mlp} predicts an MNIST digit (80% zero pixels) in less than half the time it
   * takes for a dense input. So one sample's outputs may be cut
   * into column ranges (see {@link #columnStart}) and computed on different threads with the same bits as
   * one call for all columns: what a model does when a batch has too few samples to split by rows.
   *
   * @param x one sample's inputs, at least {@code in} long
   * @param wT transposed weight, {@code [in][out]} with {@code out >= colEnd}
   * @param bias bias of length at least {@code colEnd}, or null for none
   * @param y the sample's outputs
   * @param in input features
   * @param colStart first output, inclusive
   * @param colEnd last output, exclusive
   */
  public static void forwardColumns(float[] x, float[][] wT, float[] bias, float[] y, int in, int colStart,
      int colEnd) {
    Objects.checkFromToIndex(colStart, colEnd, y.length);
    Objects.checkFromToIndex(0, in, Math.min(x.length, wT.length));
    if (VectorSupport.ENABLED) {
      VectorLinear.forwardColumns(x, wT, bias, y, in, colStart, colEnd);
    } else {
      ScalarLinear.forwardColumns(x, wT, bias, y, in, colStart, colEnd);
    }
  }

  /**
   * Gradient with respect to the layer's input: for each sample {@code b} in {@code [rowStart, rowEnd)}
   * and each {@code i < in},
   *
   * <pre>  dx[b][i] = sum_{o < out} wT[i][o] * dz[b][o]</pre>
   *
   * <p>overwriting {@code dx[b][0..in)}; that is {@code dx = dz W}, with {@code dz} the gradient with
   * respect to this layer's output {@code z}. The sum starts at 0 and adds the products in order of
   * {@code o}, each with one rounding.
   *
   * @param dz gradient with respect to the output, {@code dz[b]} of length at least {@code out}
   * @param wT transposed weight, {@code [in][out]}
   * @param dx gradient with respect to the input, {@code dx[b]} of length at least {@code in}
   * @param rowStart first sample, inclusive
   * @param rowEnd last sample, exclusive
   * @param in input features
   * @param out output features
   */
  public static void backwardInput(float[][] dz, float[][] wT, float[][] dx, int rowStart, int rowEnd,
      int in, int out) {
    Objects.checkFromToIndex(rowStart, rowEnd, Math.min(dz.length, dx.length));
    Objects.checkFromToIndex(0, in, wT.length);
    checkWidth(out);
    if (VectorSupport.ENABLED) {
      VectorLinear.backwardInput(dz, wT, dx, rowStart, rowEnd, in, out);
    } else {
      ScalarLinear.backwardInput(dz, wT, dx, rowStart, rowEnd, in, out);
    }
  }

  /**
   * Gradient with respect to the weight, accumulated: for each weight row {@code i} in {@code [inStart,
   * inEnd)} and each {@code o < out},
   *
   * <pre>  dwT[i][o] += sum_{b < n} x[b][i] * dz[b][o]</pre>
   *
   * <p>that is {@code dW += dz^T x} in PyTorch's layout, added in order of {@code b} onto the existing
   * value, each product with one rounding. Splitting {@code [0, in)} into ranges splits the work.
   *
   * <p>When at least a quarter of the rows in {@code [inStart, inEnd)} have an input that is zero in
   * every sample (an MNIST batch's shared border), those rows are left out: they would only add exact
   * zero products. The exceptions are as for {@link #forward}: an element that is {@code -0.0} before
   * the call stays {@code -0.0} where the full chain may give {@code +0.0}, and an infinite or NaN
   * {@code dz} times a zero input, NaN in the full chain, is left out. Whether a range skips depends on
   * its own rows, so different splits agree within those exceptions, and one split always gives the
   * same bits.
   *
   * @param x the layer's inputs from the forward pass, {@code x[b]} of length at least {@code inEnd}
   * @param dz gradient with respect to the output, {@code dz[b]} of length at least {@code out}
   * @param dwT transposed weight gradient, {@code [in][out]}, added to
   * @param n samples in the batch
   * @param inStart first weight row, inclusive
   * @param inEnd last weight row, exclusive
   * @param out output features
   */
  public static void backwardWeight(float[][] x, float[][] dz, float[][] dwT, int n, int inStart,
      int inEnd, int out) {
    Objects.checkFromToIndex(0, n, Math.min(x.length, dz.length));
    Objects.checkFromToIndex(inStart, inEnd, dwT.length);
    checkWidth(out);
    if (VectorSupport.ENABLED) {
      VectorLinear.backwardWeight(x, dz, dwT, n, inStart, inEnd, out);
    } else {
      ScalarLinear.backwardWeight(x, dz, dwT, n, inStart, inEnd, out);
    }
  }

  /**
   * Gradient with respect to the bias, accumulated: for each {@code o} in {@code [outStart, outEnd)},
   *
   * <pre>  db[o] += sum_{b < n} dz[b][o]</pre>
   *
   * <p>added in order of {@code b} onto the existing value.
   *
   * @param dz gradient with respect to the output, {@code dz[b]} of length at least {@code outEnd}
   * @param db bias gradient, added to
   * @param n samples in the batch
   * @param outStart first element, inclusive
   * @param outEnd last element, exclusive
   */
  public static void backwardBias(float[][] dz, float[] db, int n, int outStart, int outEnd) {
    Objects.checkFromToIndex(0, n, dz.length);
    Objects.checkFromToIndex(outStart, outEnd, db.length);
    // One path: C2 vectorises these adds by itself, and a Vector API version measured slower (it read
    // dz a panel at a time instead of row after row).
    ScalarLinear.backwardBias(dz, db, n, outStart, outEnd);
  }

  private static void checkWidth(int out) {
    if (out < 0) {
      throw new IllegalArgumentException("out = " + out);
    }
  }
}
