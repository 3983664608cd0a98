package dev.unroll.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Linear} against a double-precision reference, on shapes that fill neither a vector nor a
 * register block, and bit for bit against the documented summation order. The build runs this class
 * twice: without {@code jdk.incubator.vector} (scalar kernels) and with it (vector kernels).
 *
 * <p>Every array row is longer than the kernels may touch. Input padding holds NaN, so reading it would
 * show in the results; output padding and rows outside the requested range hold a marker that must
 * survive bit for bit.
 */
class LinearTest {
  private static final int[] BATCHES = {1, 2, 3, 5, 7, 8, 17, 33};
  private static final int[] WIDTHS = {1, 3, 8, 10, 15, 16, 17, 31, 33, 100, 129};
  private static final int PAD = 3;
  /** A NaN with a payload no arithmetic produces: what untouched output cells hold. */
  private static final float MARK = Float.intBitsToFloat(0x7fc0_1234);
  private static final double TOLERANCE = 1e-5;

  /**
   * The count that decides whether a forward pass skips zero inputs counts both signs of zero and
   * nothing else: not the smallest subnormals, whose bits differ from zero's by one, nor NaN or
   * infinities of either sign. Checked against {@code x == 0f} over every length up to 70 and random
   * mixes.
   */
  @Test
  void zeros_countsBothSignsOfZeroOnly() {
    float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.NaN, Float.intBitsToFloat(0xffc00001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_NORMAL, -Float.MAX_VALUE, 1f, -1f};
    SplittableRandom random = new SplittableRandom(17);
    for (int n = 0; n <= 70; n++) {
      for (int round = 0; round < 20; round++) {
        float[] x = new float[n + 3];
        int expected = 0;
        for (int i = 0; i < x.length; i++) {
          x[i] = special[random.nextInt(special.length)];
          if (i < n && x[i] == 0f) {
            expected++;
          }
        }
        assertEquals(expected, ScalarLinear.zeros(x, n), "n=" + n);
      }
    }
  }

  @Test
  void vectorSupport_pathIsTheExpectedOne() {
    assertEquals(System.getProperty("unroll.expectPath", VectorSupport.path()), VectorSupport.path());
  }

  // ---- against a double-precision reference ----

  @Test
  void forward_allShapes_matchDoubleReference() {
    SplittableRandom random = new SplittableRandom(1);
    for (int n : BATCHES) {
      for (int in : WIDTHS) {
        for (int out : WIDTHS) {
          float[][] x = inputs(random, n, in);
          float[][] wT = inputs(random, in, out);
          float[] bias = random.nextBoolean() ? inputs(random, 1, out)[0] : null;
          float[][] y = marked(n, out);
          Linear.forward(x, wT, bias, y, 0, n, in, out);
          checkForward(x, wT, bias, y, 0, n, in, out, "n=" + n + " in=" + in + " out=" + out);
        }
      }
    }
  }

  @Test
  void forward_withoutBias_matchesDoubleReference() {
    SplittableRandom random = new SplittableRandom(2);
    for (int out : WIDTHS) {
      float[][] x = inputs(random, 9, 37);
      float[][] wT = inputs(random, 37, out);
      float[][] y = marked(9, out);
      Linear.forward(x, wT, null, y, 0, 9, 37, out);
      checkForward(x, wT, null, y, 0, 9, 37, out, "out=" + out);
    }
  }

  @Test
  void forward_subRange_writesOnlyItsRows() {
    SplittableRandom random = new SplittableRandom(3);
    for (int out : WIDTHS) {
      float[][] x = inputs(random, 17, 20);
      float[][] wT = inputs(random, 20, out);
      float[] bias = inputs(random, 1, out)[0];
      float[][] y = marked(17, out);
      Linear.forward(x, wT, bias, y, 3, 14, 20, out);
      checkForward(x, wT, bias, y, 3, 14, 20, out, "out=" + out);
      for (int b : new int[] {0, 1, 2, 14, 15, 16}) {
        assertMarked(y[b], 0, out + PAD, "row " + b + " out=" + out);
      }
    }
  }

  @Test
  void backwardInput_allShapes_matchDoubleReference() {
    SplittableRandom random = new SplittableRandom(4);
    for (int n : BATCHES) {
      for (int in : WIDTHS) {
        for (int out : WIDTHS) {
          float[][] dz = inputs(random, n, out);
          float[][] wT = inputs(random, in, out);
          float[][] dx = marked(n, in);
          Linear.backwardInput(dz, wT, dx, 0, n, in, out);
          checkBackwardInput(dz, wT, dx, 0, n, in, out, "n=" + n + " in=" + in + " out=" + out);
        }
      }
    }
  }

  @Test
  void backwardInput_subRange_writesOnlyItsRows() {
    SplittableRandom random = new SplittableRandom(5);
    for (int out : WIDTHS) {
      float[][] dz = inputs(random, 17, out);
      float[][] wT = inputs(random, 19, out);
      float[][] dx = marked(17, 19);
      Linear.backwardInput(dz, wT, dx, 5, 12, 19, out);
      checkBackwardInput(dz, wT, dx, 5, 12, 19, out, "out=" + out);
      for (int b : new int[] {0, 4, 12, 16}) {
        assertMarked(dx[b], 0, 19 + PAD, "row " + b + " out=" + out);
      }
    }
  }

  @Test
  void backwardInput_manyTilesOfSamples_matchesDoubleReference() {
    // Wide enough that the vector kernels split the 33 samples into several tiles.
    SplittableRandom random = new SplittableRandom(6);
    int n = 33, in = 6, out = 4099;
    float[][] dz = inputs(random, n, out);
    float[][] wT = inputs(random, in, out);
    float[][] dx = marked(n, in);
    Linear.backwardInput(dz, wT, dx, 0, n, in, out);
    checkBackwardInput(dz, wT, dx, 0, n, in, out, "wide");
  }

  @Test
  void backwardWeight_allShapes_accumulateOntoExistingValues() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n : BATCHES) {
      for (int in : WIDTHS) {
        for (int out : WIDTHS) {
          float[][] x = inputs(random, n, in);
          float[][] dz = inputs(random, n, out);
          float[][] dwT = accumulator(random, in, out);
          float[][] before = copy(dwT);
          Linear.backwardWeight(x, dz, dwT, n, 0, in, out);
          checkBackwardWeight(x, dz, before, dwT, n, 0, in, out, "n=" + n + " in=" + in + " out=" + out);
        }
      }
    }
  }

  @Test
  void backwardWeight_subRangeOfRows_writesOnlyThoseRows() {
    SplittableRandom random = new SplittableRandom(8);
    for (int out : WIDTHS) {
      int n = 7, in = 23;
      float[][] x = inputs(random, n, in);
      float[][] dz = inputs(random, n, out);
      float[][] dwT = accumulator(random, in, out);
      float[][] before = copy(dwT);
      Linear.backwardWeight(x, dz, dwT, n, 6, 17, out);
      checkBackwardWeight(x, dz, before, dwT, n, 6, 17, out, "out=" + out);
      for (int i : new int[] {0, 5, 17, 22}) {
        assertSameBits(before[i], dwT[i], "row " + i + " out=" + out);
      }
    }
  }

  @Test
  void backwardWeight_noSamples_leavesGradientAlone() {
    SplittableRandom random = new SplittableRandom(9);
    float[][] dwT = accumulator(random, 5, 40);
    float[][] before = copy(dwT);
    Linear.backwardWeight(new float[0][], new float[0][], dwT, 0, 0, 5, 40);
    for (int i = 0; i < 5; i++) {
      assertSameBits(before[i], dwT[i], "row " + i);
    }
  }

  @Test
  void backwardBias_allShapes_accumulateOntoExistingValues() {
    SplittableRandom random = new SplittableRandom(10);
    for (int n : BATCHES) {
      for (int out : WIDTHS) {
        float[][] dz = inputs(random, n, out);
        float[] db = accumulator(random, 1, out)[0];
        float[] before = db.clone();
        int start = out / 3, end = out - out / 4;
        Linear.backwardBias(dz, db, n, start, end);
        for (int o = 0; o < out + PAD; o++) {
          if (o < start || o >= end) {
            assertEquals(Float.floatToRawIntBits(before[o]), Float.floatToRawIntBits(db[o]), "o=" + o);
            continue;
          }
          double sum = before[o], bound = Math.abs(before[o]);
          for (int b = 0; b < n; b++) {
            sum += dz[b][o];
            bound += Math.abs(dz[b][o]);
          }
          assertClose(sum, bound, db[o], "n=" + n + " out=" + out + " o=" + o);
        }
      }
    }
  }

  @Test
  void forward_noInputs_givesTheBias() {
    float[] bias = {1, -2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
    float[][] y = marked(2, bias.length);
    Linear.forward(new float[2][0], new float[0][], bias, y, 0, 2, 0, bias.length);
    for (float[] row : y) {
      for (int o = 0; o < bias.length; o++) {
        assertEquals(bias[o], row[o]);
      }
      assertMarked(row, bias.length, bias.length + PAD, "padding");
    }
  }

  @Test
  void badRanges_areRefusedBeforeAnyWrite() {
    float[][] rows = marked(5, 20);
    float[][] wT = marked(20, 20);
    assertThrows(IndexOutOfBoundsException.class,
        () -> Linear.forward(rows, wT, null, rows, 4, 2, 20, 20));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Linear.forward(rows, wT, null, rows, 0, 6, 20, 20));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Linear.backwardInput(rows, wT, rows, 0, 5, 21, 20));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Linear.backwardWeight(rows, rows, wT, 6, 0, 20, 20));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Linear.backwardWeight(rows, rows, wT, 5, 3, 1, 20));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Linear.backwardBias(rows, new float[20], 5, 0, 21));
    assertThrows(IllegalArgumentException.class,
        () -> Linear.forward(rows, wT, null, rows, 0, 5, 20, -1));
    for (float[] row : rows) {
      assertMarked(row, 0, row.length, "untouched");
    }
  }

  // ---- splitting a call into ranges changes no bit ----

  @Test
  void forward_splitIntoRanges_bitIdentical() {
    SplittableRandom random = new SplittableRandom(11);
    for (int out : WIDTHS) {
      int n = 33, in = 45;
      float[][] x = inputs(random, n, in);
      float[][] wT = inputs(random, in, out);
      float[] bias = inputs(random, 1, out)[0];
      float[][] whole = marked(n, out);
      Linear.forward(x, wT, bias, whole, 0, n, in, out);
      for (int cut : new int[] {1, 2, 3, 5, 13, 30, 32}) {
        float[][] split = marked(n, out);
        Linear.forward(x, wT, bias, split, 0, cut, in, out);
        Linear.forward(x, wT, bias, split, cut, n, in, out);
        for (int b = 0; b < n; b++) {
          assertSameBits(whole[b], split[b], "out=" + out + " cut=" + cut + " row " + b);
        }
      }
    }
  }

  @Test
  void backwardInput_splitIntoRanges_bitIdentical() {
    SplittableRandom random = new SplittableRandom(12);
    for (int out : WIDTHS) {
      int n = 33, in = 45;
      float[][] dz = inputs(random, n, out);
      float[][] wT = inputs(random, in, out);
      float[][] whole = marked(n, in);
      Linear.backwardInput(dz, wT, whole, 0, n, in, out);
      for (int cut : new int[] {1, 2, 3, 5, 13, 30, 32}) {
        float[][] split = marked(n, in);
        Linear.backwardInput(dz, wT, split, 0, cut, in, out);
        Linear.backwardInput(dz, wT, split, cut, n, in, out);
        for (int b = 0; b < n; b++) {
          assertSameBits(whole[b], split[b], "out=" + out + " cut=" + cut + " row " + b);
        }
      }
    }
  }

  @Test
  void backwardWeight_splitIntoRanges_bitIdentical() {
    SplittableRandom random = new SplittableRandom(13);
    for (int out : WIDTHS) {
      int n = 17, in = 45;
      float[][] x = inputs(random, n, in);
      float[][] dz = inputs(random, n, out);
      float[][] start = accumulator(random, in, out);
      float[][] whole = copy(start);
      Linear.backwardWeight(x, dz, whole, n, 0, in, out);
      for (int cut : new int[] {1, 2, 3, 5, 13, 42, 44}) {
        float[][] split = copy(start);
        Linear.backwardWeight(x, dz, split, n, cut, in, out);
        Linear.backwardWeight(x, dz, split, n, 0, cut, out);
        for (int i = 0; i < in; i++) {
          assertSameBits(whole[i], split[i], "out=" + out + " cut=" + cut + " row " + i);
        }
      }
    }
  }

  @Test
  void backwardBias_splitIntoRanges_bitIdentical() {
    SplittableRandom random = new SplittableRandom(14);
    for (int out : WIDTHS) {
      int n = 17;
      float[][] dz = inputs(random, n, out);
      float[] start = accumulator(random, 1, out)[0];
      float[] whole = start.clone();
      Linear.backwardBias(dz, whole, n, 0, out);
      for (int cut = 0; cut <= out; cut += 7) {
        float[] split = start.clone();
        Linear.backwardBias(dz, split, n, cut, out);
        Linear.backwardBias(dz, split, n, 0, cut);
        assertSameBits(whole, split, "out=" + out + " cut=" + cut);
      }
    }
  }

  // ---- the documented summation order, bit for bit ----

  @Test
  void forward_isOneFmaChainPerElement_onBothPaths() {
    SplittableRandom random = new SplittableRandom(15);
    for (int n : BATCHES) {
      for (int out : WIDTHS) {
        int in = 1 + random.nextInt(70);
        float[][] x = inputs(random, n, in);
        float[][] wT = inputs(random, in, out);
        float[] bias = random.nextBoolean() ? inputs(random, 1, out)[0] : null;
        float[][] y = marked(n, out);
        Linear.forward(x, wT, bias, y, 0, n, in, out);
        for (int b = 0; b < n; b++) {
          for (int o = 0; o < out; o++) {
            float s = forwardChain(bias == null ? 0f : bias[o], x[b], wT, o, in);
            assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(y[b][o]),
                "n=" + n + " in=" + in + " out=" + out + " at " + b + "," + o);
          }
        }
      }
    }
  }

  @Test
  void backwardWeight_isOneFmaChainPerElement_onBothPaths() {
    SplittableRandom random = new SplittableRandom(16);
    for (int n : BATCHES) {
      for (int out : WIDTHS) {
        int in = 1 + random.nextInt(30);
        float[][] x = inputs(random, n, in);
        float[][] dz = inputs(random, n, out);
        float[][] dwT = accumulator(random, in, out);
        float[][] before = copy(dwT);
        Linear.backwardWeight(x, dz, dwT, n, 0, in, out);
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            float s = weightChain(before[i][o], x, dz, i, o, n);
            assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(dwT[i][o]),
                "n=" + n + " in=" + in + " out=" + out + " at " + i + "," + o);
          }
        }
      }
    }
  }

  @Test
  void backwardBias_addsInSampleOrder_onBothPaths() {
    SplittableRandom random = new SplittableRandom(17);
    for (int n : BATCHES) {
      for (int out : WIDTHS) {
        float[][] dz = inputs(random, n, out);
        float[] db = accumulator(random, 1, out)[0];
        float[] before = db.clone();
        Linear.backwardBias(dz, db, n, 0, out);
        for (int o = 0; o < out; o++) {
          float s = before[o];
          for (int b = 0; b < n; b++) {
            s += dz[b][o];
          }
          assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(db[o]), "n=" + n + " o=" + o);
        }
      }
    }
  }

  @Test
  void backwardInput_isOneFmaChainPerElement_onBothPaths() {
    SplittableRandom random = new SplittableRandom(18);
    for (int n : BATCHES) {
      for (int out : WIDTHS) {
        int in = 1 + random.nextInt(40);
        float[][] dz = inputs(random, n, out);
        float[][] wT = inputs(random, in, out);
        float[][] dx = marked(n, in);
        Linear.backwardInput(dz, wT, dx, 0, n, in, out);
        for (int b = 0; b < n; b++) {
          for (int i = 0; i < in; i++) {
            float s = 0;
            for (int o = 0; o < out; o++) {
              s = Math.fma(wT[i][o], dz[b][o], s);
            }
            assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(dx[b][i]),
                "n=" + n + " in=" + in + " out=" + out + " at " + b + "," + i);
          }
        }
      }
    }
  }

  /**
   * Layers narrower than a vector (the vector path runs their forward pass with lanes over samples and
   * their weight gradient with lanes over rows, in blocks of 8 outputs, 1 or 2 vectors of samples or rows
   * and a remainder): bit for bit the chains, for row counts around every block size and sub-ranges of
   * samples and of weight rows; rows outside a range keep their marker.
   */
  @Test
  void narrowLayers_forwardAndWeightGradient_areTheChains_bitForBit() {
    SplittableRandom random = new SplittableRandom(19);
    for (int out : new int[] {1, 3, 8, 9, 10, 15}) {
      for (int in : new int[] {1, 15, 16, 31, 32, 33, 48, 64, 100, 129}) {
        for (int n : new int[] {4, 5, 16, 17, 31, 32, 33, 64, 70}) {
          float[][] x = inputs(random, n, in);
          float[][] wT = inputs(random, in, out);
          float[][] dz = inputs(random, n, out);
          float[] bias = random.nextBoolean() ? inputs(random, 1, out)[0] : null;
          int b0 = n > 8 ? 3 : 0;
          int i0 = in > 20 ? 5 : 0;
          String where = "n=" + n + " in=" + in + " out=" + out;
          float[][] y = marked(n, out);
          Linear.forward(x, wT, bias, y, b0, n, in, out);
          for (int b = 0; b < n; b++) {
            for (int o = 0; o < out + PAD; o++) {
              float expected = MARK;
              if (b >= b0 && o < out) {
                expected = forwardChain(bias == null ? 0f : bias[o], x[b], wT, o, in);
              }
              assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[b][o]),
                  "forward " + where + " at " + b + "," + o);
            }
          }
          float[][] dwT = accumulator(random, in, out);
          float[][] before = copy(dwT);
          Linear.backwardWeight(x, dz, dwT, n, i0, in, out);
          for (int i = 0; i < in; i++) {
            for (int o = 0; o < out + PAD; o++) {
              float expected = before[i][o];
              if (i >= i0 && o < out) {
                expected = weightChain(expected, x, dz, i, o, n);
              }
              assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dwT[i][o]),
                  "backwardWeight " + where + " at " + i + "," + o);
            }
          }
        }
      }
    }
  }

  @Test
  void columnStart_alignedContiguousAndCovering() {
    for (int out : new int[] {1, 10, 15, 16, 17, 100, 128, 1000}) {
      for (int parts = 1; parts <= 5; parts++) {
        assertEquals(0, Linear.columnStart(out, parts, 0));
        assertEquals(out, Linear.columnStart(out, parts, parts));
        for (int p = 0; p < parts; p++) {
          int c0 = Linear.columnStart(out, parts, p), c1 = Linear.columnStart(out, parts, p + 1);
          assertTrue(c0 <= c1, "out=" + out + " parts=" + parts + " part=" + p);
          assertTrue(c1 == out || c1 % Linear.COLUMN_ALIGN == 0, "out=" + out + " end " + c1);
        }
      }
    }
    assertEquals(64, Linear.columnStart(128, 2, 1));
    assertEquals(400, Linear.columnStart(784, 2, 1));
  }

  @Test
  void forwardColumns_anySplit_sameBitsAsForward() {
    SplittableRandom random = new SplittableRandom(30);
    int[] outs = {1, 3, 15, 16, 17, 31, 33, 100, 129, 200, 1000};
    for (int in : new int[] {1, 17, 100}) {
      for (int out : outs) {
        float[][] x = inputs(random, 1, in);
        float[][] wT = inputs(random, in, out);
        float[] bias = random.nextBoolean() ? inputs(random, 1, out)[0] : null;
        float[][] whole = marked(1, out);
        Linear.forward(x, wT, bias, whole, 0, 1, in, out);
        for (int parts = 1; parts <= 5; parts++) {
          float[] y = marked(1, out)[0];
          for (int p = parts - 1; p >= 0; p--) { // any order
            Linear.forwardColumns(x[0], wT, bias, y, in, Linear.columnStart(out, parts, p),
                Linear.columnStart(out, parts, p + 1));
          }
          String what = "in=" + in + " out=" + out + " parts=" + parts;
          for (int o = 0; o < out; o++) {
            assertBits(whole[0][o], y[o], what + " at " + o);
          }
          assertMarked(y, out, out + PAD, what);
        }
        // A range leaves the columns outside it alone.
        if (out >= 3) {
          float[] y = marked(1, out)[0];
          Linear.forwardColumns(x[0], wT, bias, y, in, 1, out - 1);
          assertMarked(y, 0, 1, "left of the range");
          assertMarked(y, out - 1, out + PAD, "right of the range");
          for (int o = 1; o < out - 1; o++) {
            assertBits(whole[0][o], y[o], "range at " + o);
          }
        }
      }
    }
  }

  // ---- one sample's forward pass leaves out zero inputs ----

  @Test
  void forward_mostlyZeroInputs_sameBitsAsTheFullChain() {
    // Below, at and above the quarter of zeros from which forwardColumns skips them, both signs of zero,
    // for one sample (forwardColumns), the leftovers after forward's blocks of 4, and the 8-vector and
    // 4-vector batch-1 kernels.
    SplittableRandom random = new SplittableRandom(40);
    double[] zeroFractions = {0, 0.2, 0.25, 0.5, 0.8, 1};
    int[] ins = {1, 4, 7, 17, 100, 784};
    int[] outs = {3, 16, 33, 129, 300};
    for (double fraction : zeroFractions) {
      for (int in : ins) {
        for (int out : outs) {
          int n = 1 + random.nextInt(7);
          float[][] x = inputs(random, n, in);
          for (float[] row : x) {
            for (int i = 0; i < in; i++) {
              row[i] = random.nextDouble() < fraction ? (random.nextBoolean() ? 0f : -0f) : row[i];
            }
          }
          float[][] wT = inputs(random, in, out);
          float[] bias = random.nextBoolean() ? inputs(random, 1, out)[0] : null;
          float[][] y = marked(n, out);
          Linear.forward(x, wT, bias, y, 0, n, in, out);
          float[] columns = marked(1, out)[0];
          Linear.forwardColumns(x[n - 1], wT, bias, columns, in, 0, out);
          String what = "zeros=" + fraction + " n=" + n + " in=" + in + " out=" + out;
          for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
              float s = forwardChain(bias == null ? 0f : bias[o], x[b], wT, o, in);
              assertBits(s, y[b][o], what + " forward at " + b + "," + o);
              if (b == n - 1) {
                assertBits(s, columns[o], what + " forwardColumns at " + o);
              }
            }
          }
          assertMarked(columns, out, out + PAD, what + " padding");
        }
      }
    }
  }

  /**
   * Batches whose samples share zero inputs (an image border), below, at and above the quarter from
   * which a block of 4 samples skips them, plus zeros of single samples, both signs: every output is the
   * full FMA chain's, on blocks, leftovers and wide (packed) layers.
   */
  @Test
  void forward_sharedZeroInputs_sameBitsAsTheFullChain() {
    SplittableRandom random = new SplittableRandom(41);
    for (double shared : new double[] {0, 0.2, 0.25, 0.3, 0.6, 0.95, 1}) {
      for (int n : new int[] {4, 8, 13, 33}) {
        for (int[] shape : new int[][] {{784, 128}, {100, 10}, {50, 300}, {7, 17}}) {
          int in = shape[0], out = shape[1];
          float[][] x = sharedZeros(random, n, in, shared);
          float[][] wT = inputs(random, in, out);
          float[] bias = random.nextBoolean() ? inputs(random, 1, out)[0] : null;
          float[][] y = marked(n, out);
          Linear.forward(x, wT, bias, y, 0, n, in, out);
          String what = "shared=" + shared + " n=" + n + " in=" + in + " out=" + out;
          for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
              float s = forwardChain(bias == null ? 0f : bias[o], x[b], wT, o, in);
              assertBits(s, y[b][o], what + " at " + b + "," + o);
            }
            assertMarked(y[b], out, out + PAD, what + " padding");
          }
        }
      }
    }
  }

  /**
   * The inputs a skipping pass keeps are found by testing bits: a NaN of either sign, an infinity or the
   * smallest subnormal, alone among zeros at an input every other sample of its block (or batch) has
   * zero, is kept and reaches the outputs, as in the full chain.
   */
  @Test
  void skippingPasses_keepNaNInfinityAndSubnormalsAmongZeros() {
    float[] special = {Float.NaN, Float.intBitsToFloat(0xffc00001), Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f};
    SplittableRandom random = new SplittableRandom(47);
    for (float value : special) {
      for (int n : new int[] {1, 4, 8, 13, 32}) {
        for (int[] shape : new int[][] {{784, 128}, {100, 10}, {50, 300}}) {
          int in = shape[0], out = shape[1];
          float[][] x = sharedZeros(random, n, in, 1);
          int b0 = random.nextInt(n), i0 = random.nextInt(in);
          x[b0][i0] = value;
          float[][] wT = inputs(random, in, out);
          String what = "value=" + value + " n=" + n + " in=" + in + " out=" + out + " at " + b0 + "," + i0;
          float[][] y = marked(n, out);
          if (n == 1) {
            Linear.forwardColumns(x[0], wT, null, y[0], in, 0, out);
          } else {
            Linear.forward(x, wT, null, y, 0, n, in, out);
          }
          for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
              float s = forwardChain(0f, x[b], wT, o, in);
              assertSame(s, y[b][o], what + ", forward output " + b + "," + o);
            }
          }
          float[][] dz = inputs(random, n, out);
          float[][] dwT = accumulator(random, in, out);
          float[][] before = copy(dwT);
          Linear.backwardWeight(x, dz, dwT, n, 0, in, out);
          for (int o = 0; o < out; o++) {
            float s = weightChain(before[i0][o], x, dz, i0, o, n);
            assertSame(s, dwT[i0][o], what + ", weight gradient " + i0 + "," + o);
          }
        }
      }
    }
  }

  /**
   * The same bits, or NaN for NaN (which NaN's payload survives may depend on the instruction), or a zero
   * for a zero: the documented exception of a sum that is {@code -0.0} when zero inputs are left out.
   */
  private static void assertSame(float expected, float actual, String what) {
    if (Float.isNaN(expected)) {
      assertTrue(Float.isNaN(actual), what + ": expected NaN, got " + actual);
    } else if (expected == 0f) {
      assertTrue(actual == 0f, what + ": expected a zero, got " + actual);
    } else {
      assertBits(expected, actual, what);
    }
  }

  @Test
  void backwardWeight_rowsZeroInEverySample_sameBitsAsTheFullChain() {
    // Inputs zero (either sign) in every sample, from none to all of them, so that some calls leave those
    // rows out and some do not; ranges that start inside the layer; out with and without a partial vector.
    SplittableRandom random = new SplittableRandom(43);
    for (double shared : new double[] {0, 0.2, 0.25, 0.3, 0.6, 0.95, 1}) {
      for (int n : new int[] {2, 3, 8, 32, 33}) {
        for (int[] shape : new int[][] {{784, 128}, {100, 10}, {50, 300}, {7, 17}, {61, 83}}) {
          int in = shape[0], out = shape[1];
          float[][] x = sharedZeros(random, n, in, shared);
          float[][] dz = inputs(random, n, out);
          for (int[] range : new int[][] {{0, in}, {in / 3, in}, {1, in - 1}}) {
            int inStart = range[0], inEnd = range[1];
            float[][] dwT = accumulator(random, in, out);
            float[][] before = copy(dwT);
            Linear.backwardWeight(x, dz, dwT, n, inStart, inEnd, out);
            String what = "shared=" + shared + " n=" + n + " in=" + in + " out=" + out + " rows "
                + inStart + ".." + inEnd;
            for (int i = 0; i < in; i++) {
              for (int o = 0; o < out + PAD; o++) {
                float s = before[i][o];
                if (i >= inStart && i < inEnd && o < out) {
                  s = weightChain(s, x, dz, i, o, n);
                }
                assertBits(s, dwT[i][o], what + " at " + i + "," + o);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void backwardWeight_skippedRows_documentedExceptionsOnly() {
    // Half the inputs zero in every sample: their rows are left out. An infinite dz does not reach them
    // (the full chain would make them NaN); a NaN input is not zero, and its row is computed.
    int n = 8, in = 40, out = 33;
    SplittableRandom random = new SplittableRandom(44);
    float[][] x = inputs(random, n, in);
    for (float[] row : x) {
      for (int i = 0; i < in; i += 2) {
        row[i] = 0f;
      }
      row[1] = 0.5f;
    }
    x[5][2] = Float.NaN;
    float[][] dz = inputs(random, n, out);
    dz[3][7] = Float.POSITIVE_INFINITY;
    float[][] dwT = accumulator(random, in, out);
    float[][] before = copy(dwT);
    Linear.backwardWeight(x, dz, dwT, n, 0, in, out);
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        String at = " at " + i + "," + o;
        if (i == 2) {
          assertTrue(Float.isNaN(dwT[i][o]), "the row of a NaN input is computed" + at);
        } else if (i % 2 == 0) {
          assertBits(before[i][o], dwT[i][o], "a row zero in every sample is unchanged" + at);
        } else {
          float s = weightChain(before[i][o], x, dz, i, o, n);
          assertBits(s, dwT[i][o], "a nonzero row is the full chain" + at);
        }
      }
    }
  }

  @Test
  void forwardColumns_skippedZeroInputs_documentedExceptionsOnly() {
    // in = 40, half zero: the zero inputs are left out. An infinite weight row of a zero input does not
    // reach the outputs; a NaN input is not zero and does.
    int in = 40, out = 33;
    SplittableRandom random = new SplittableRandom(41);
    float[] x = inputs(random, 1, in)[0];
    for (int i = 0; i < in; i += 2) {
      x[i] = 0f;
    }
    x[1] = 0.5f;
    float[][] wT = inputs(random, in, out);
    java.util.Arrays.fill(wT[4], 0, out, Float.POSITIVE_INFINITY);
    float[] y = marked(1, out)[0];
    Linear.forwardColumns(x, wT, null, y, in, 0, out);
    for (int o = 0; o < out; o++) {
      float s = 0;
      for (int i = 1; i < in; i += 2) {
        s = Math.fma(x[i], wT[i][o], s);
      }
      assertBits(s, y[o], "sparse input, infinite weight of a zero input, at " + o);
    }
    x[3] = Float.NaN;
    Linear.forwardColumns(x, wT, null, y, in, 0, out);
    for (int o = 0; o < out; o++) {
      assertTrue(Float.isNaN(y[o]), "a NaN input reaches output " + o);
    }
    // One zero of 40 is below the threshold: the full chain runs and 0 * Infinity is NaN.
    for (int i = 0; i < in; i++) {
      x[i] = i == 4 ? 0f : 0.25f;
    }
    Linear.forwardColumns(x, wT, null, y, in, 0, out);
    for (int o = 0; o < out; o++) {
      assertTrue(Float.isNaN(y[o]), "dense input, full chain, at " + o);
    }
  }

  @Test
  void allKernels_largerShapes_oneChainPerElement() {
    // Big enough for the other loop orders, several tiles of samples, the 8-vector batch-1 kernel, and
    // forward's packed weight panels (70 x 1000), split into several blocks of inputs on any vector
    // width (36 x 2100 x 260) and, for many samples, into blocks sized to keep their inputs in cache,
    // with a last panel of 3 positions (256 x 1100 x 291 on 16 lanes, 132 x 2100 x 310 on 8), and
    // backwardWeight's packed panels of dz, split into several blocks of samples (2100 x 9 x 48).
    SplittableRandom random = new SplittableRandom(20);
    int[][] shapes = {{70, 33, 1000}, {64, 300, 257}, {5, 784, 128}, {1, 784, 128}, {9, 129, 10},
        {36, 2100, 260}, {256, 1100, 291}, {132, 2100, 310}, {2100, 9, 48}};
    for (int[] shape : shapes) {
      int n = shape[0], in = shape[1], out = shape[2];
      String what = "n=" + n + " in=" + in + " out=" + out;
      float[][] x = inputs(random, n, in);
      float[][] wT = inputs(random, in, out);
      float[] bias = inputs(random, 1, out)[0];
      float[][] dz = inputs(random, n, out);

      float[][] y = marked(n, out);
      Linear.forward(x, wT, bias, y, 0, n, in, out);
      float[][] dx = marked(n, in);
      Linear.backwardInput(dz, wT, dx, 0, n, in, out);
      float[][] dwT = accumulator(random, in, out);
      float[][] dwBefore = copy(dwT);
      Linear.backwardWeight(x, dz, dwT, n, 0, in, out);

      for (int b = 0; b < n; b++) {
        for (int o = 0; o < out; o++) {
          float s = forwardChain(bias[o], x[b], wT, o, in);
          assertBits(s, y[b][o], what + " forward at " + b + "," + o);
        }
        for (int i = 0; i < in; i++) {
          float s = 0;
          for (int o = 0; o < out; o++) {
            s = Math.fma(wT[i][o], dz[b][o], s);
          }
          assertBits(s, dx[b][i], what + " backwardInput at " + b + "," + i);
        }
      }
      for (int i = 0; i < in; i++) {
        for (int o = 0; o < out; o++) {
          float s = weightChain(dwBefore[i][o], x, dz, i, o, n);
          assertBits(s, dwT[i][o], what + " backwardWeight at " + i + "," + o);
        }
      }
    }
  }

  /**
   * The scalar kernels' tiles and placed rows: the forward pass for 8 samples or more with 512 outputs
   * or more or a weight of 1 MB or more (several tiles of inputs with a last one of 60 or of a single
   * input, a second tile of outputs of 476 or 6 columns, leftover samples after the blocks of 4), and
   * the weight gradient for 16 samples or more with 512 outputs or more (an odd count of samples,
   * leftover rows after the blocks of 4): with and without a bias, over the whole batch or all rows
   * and over a range of them. Each element is the one FMA chain, and rows outside the range are
   * untouched. On the vector path the same shapes run its own kernels.
   */
  @Test
  void largeLayers_tilesAndPlacedRows_oneChainPerElement() {
    SplittableRandom random = new SplittableRandom(21);
    int[][] shapes = {{21, 700, 1500}, {9, 257, 1030}, {8, 512, 512}, {17, 7, 515}, {16, 9, 1024}};
    for (int[] shape : shapes) {
      for (boolean withBias : new boolean[] {true, false}) {
        int n = shape[0], in = shape[1], out = shape[2];
        float[][] x = inputs(random, n, in);
        float[][] wT = inputs(random, in, out);
        float[][] dz = inputs(random, n, out);
        float[] bias = withBias ? inputs(random, 1, out)[0] : null;
        int[][] rowRanges = {{0, n}, {1, n - 1}};
        for (int[] range : rowRanges) {
          String what = "n=" + n + " in=" + in + " out=" + out + " bias=" + withBias + " rows "
              + range[0] + ".." + range[1];
          float[][] y = marked(n, out);
          Linear.forward(x, wT, bias, y, range[0], range[1], in, out);
          for (int b = 0; b < n; b++) {
            if (b < range[0] || b >= range[1]) {
              assertMarked(y[b], 0, out + PAD, what + " row " + b);
              continue;
            }
            for (int o = 0; o < out; o++) {
              float s = forwardChain(bias == null ? 0f : bias[o], x[b], wT, o, in);
              assertBits(s, y[b][o], what + " forward at " + b + "," + o);
            }
            assertMarked(y[b], out, out + PAD, what + " padding of row " + b);
          }
        }
        int[][] inRanges = {{0, in}, {1, in - 1}};
        for (int[] range : inRanges) {
          String what = "n=" + n + " in=" + in + " out=" + out + " weight rows " + range[0] + ".."
              + range[1];
          float[][] dwT = accumulator(random, in, out);
          float[][] before = copy(dwT);
          Linear.backwardWeight(x, dz, dwT, n, range[0], range[1], out);
          for (int i = 0; i < in; i++) {
            if (i < range[0] || i >= range[1]) {
              for (int o = 0; o < out + PAD; o++) {
                assertBits(before[i][o], dwT[i][o], what + " untouched row " + i + " at " + o);
              }
              continue;
            }
            for (int o = 0; o < out; o++) {
              float s = weightChain(before[i][o], x, dz, i, o, n);
              assertBits(s, dwT[i][o], what + " backwardWeight at " + i + "," + o);
            }
            assertMarked(dwT[i], out, out + PAD, what + " padding of row " + i);
          }
        }
      }
    }
  }

  private static void assertBits(float expected, float actual, String what) {
    if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual)) {
      fail(what + ": " + expected + " != " + actual);
    }
  }

  // ---- checks ----

  private static void checkForward(float[][] x, float[][] wT, float[] bias, float[][] y, int rowStart,
      int rowEnd, int in, int out, String what) {
    for (int b = rowStart; b < rowEnd; b++) {
      for (int o = 0; o < out; o++) {
        double sum = bias == null ? 0 : bias[o];
        double bound = Math.abs(sum);
        for (int i = 0; i < in; i++) {
          double term = (double) x[b][i] * wT[i][o];
          sum += term;
          bound += Math.abs(term);
        }
        assertClose(sum, bound, y[b][o], what + " at " + b + "," + o);
      }
      assertMarked(y[b], out, out + PAD, what + " padding of row " + b);
    }
  }

  private static void checkBackwardInput(float[][] dz, float[][] wT, float[][] dx, int rowStart,
      int rowEnd, int in, int out, String what) {
    for (int b = rowStart; b < rowEnd; b++) {
      for (int i = 0; i < in; i++) {
        double sum = 0, bound = 0;
        for (int o = 0; o < out; o++) {
          double term = (double) wT[i][o] * dz[b][o];
          sum += term;
          bound += Math.abs(term);
        }
        assertClose(sum, bound, dx[b][i], what + " at " + b + "," + i);
      }
      assertMarked(dx[b], in, in + PAD, what + " padding of row " + b);
    }
  }

  private static void checkBackwardWeight(float[][] x, float[][] dz, float[][] before, float[][] dwT,
      int n, int inStart, int inEnd, int out, String what) {
    for (int i = inStart; i < inEnd; i++) {
      for (int o = 0; o < out; o++) {
        double sum = before[i][o], bound = Math.abs(sum);
        for (int b = 0; b < n; b++) {
          double term = (double) x[b][i] * dz[b][o];
          sum += term;
          bound += Math.abs(term);
        }
        assertClose(sum, bound, dwT[i][o], what + " at " + i + "," + o);
      }
      assertMarked(dwT[i], out, out + PAD, what + " padding of row " + i);
    }
  }

  private static void assertClose(double expected, double bound, float actual, String what) {
    if (!(Math.abs(actual - expected) <= TOLERANCE * bound)) {
      fail(what + ": expected " + expected + " (terms up to " + bound + "), got " + actual);
    }
  }

  private static void assertMarked(float[] row, int from, int to, String what) {
    for (int k = from; k < to; k++) {
      assertEquals(Float.floatToRawIntBits(MARK), Float.floatToRawIntBits(row[k]), what + " [" + k + "]");
    }
  }

  private static void assertSameBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int k = 0; k < expected.length; k++) {
      if (Float.floatToRawIntBits(expected[k]) != Float.floatToRawIntBits(actual[k])) {
        fail(what + " [" + k + "]: " + expected[k] + " != " + actual[k]);
      }
    }
  }

  // ---- data ----


  /** The forward chain of output {@code o} for one sample: {@code fma(x[i], wT[i][o], s)} over {@code i}. */
  static float forwardChain(float start, float[] x, float[][] wT, int o, int in) {
    float s = start;
    for (int i = 0; i < in; i++) {
      s = Math.fma(x[i], wT[i][o], s);
    }
    return s;
  }

  /** The weight-gradient chain of {@code dwT[i][o]}: {@code fma(x[b][i], dz[b][o], s)} over {@code b}. */
  static float weightChain(float start, float[][] x, float[][] dz, int i, int o, int n) {
    float s = start;
    for (int b = 0; b < n; b++) {
      s = Math.fma(x[b][i], dz[b][o], s);
    }
    return s;
  }

  /** {@code rows x cols} values in [-1, 1), some exactly 0, then {@link #PAD} NaNs per row. */
  private static float[][] inputs(SplittableRandom random, int rows, int cols) {
    float[][] m = new float[rows][cols + PAD];
    for (float[] row : m) {
      for (int k = 0; k < cols; k++) {
        row[k] = random.nextInt(16) == 0 ? 0f : (float) (2 * random.nextDouble() - 1);
      }
      for (int k = cols; k < cols + PAD; k++) {
        row[k] = Float.NaN;
      }
    }
    return m;
  }

  /** Existing gradient values to accumulate onto; the padding holds {@link #MARK}. */
  /**
   * {@link #inputs} where each input is zero (either sign) in every sample with probability {@code
   * shared}, like a digit's border, and otherwise in each sample with probability 0.3.
   */
  private static float[][] sharedZeros(SplittableRandom random, int n, int in, double shared) {
    float[][] x = inputs(random, n, in);
    for (int i = 0; i < in; i++) {
      boolean border = random.nextDouble() < shared;
      for (float[] row : x) {
        if (border || random.nextDouble() < 0.3) {
          row[i] = random.nextBoolean() ? 0f : -0f;
        }
      }
    }
    return x;
  }

  private static float[][] accumulator(SplittableRandom random, int rows, int cols) {
    float[][] m = marked(rows, cols);
    for (float[] row : m) {
      for (int k = 0; k < cols; k++) {
        row[k] = (float) (4 * random.nextDouble() - 2);
      }
    }
    return m;
  }

  /** Output rows filled with {@link #MARK}. */
  private static float[][] marked(int rows, int cols) {
    float[][] m = new float[rows][cols + PAD];
    for (float[] row : m) {
      java.util.Arrays.fill(row, MARK);
    }
    return m;
  }

  private static float[][] copy(float[][] m) {
    float[][] c = new float[m.length][];
    for (int k = 0; k < m.length; k++) {
      c[k] = m[k].clone();
    }
    return c;
  }
}
