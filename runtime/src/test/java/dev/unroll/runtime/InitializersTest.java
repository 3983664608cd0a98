package dev.unroll.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The bulk paths models use at construction give exactly what the element-by-element definitions give:
 * {@link Rng#uniform(double[], double, double)} the same numbers as repeated {@link Rng#uniform(double,
 * double)}, and a transposed view's {@code copyFrom} the same elements as {@code set} per index.
 */
class InitializersTest {

  @Test
  void rng_bulkUniform_sameNumbersAndStateAsSingleDraws() {
    Rng single = new Rng(77);
    Rng bulk = new Rng(77);
    double[] expected = new double[1001];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = single.uniform(-0.3, 0.7);
    }
    double[] actual = new double[1001];
    bulk.uniform(actual, -0.3, 0.7);
    assertArrayEquals(expected, actual, 0.0);
    assertEquals(single.nextLong(), bulk.nextLong(), "the generator continues from the same state");
  }

  @Test
  void uniform_onTransposedView_fillsInLogicalOrder() {
    float[][] storage = new float[5][3]; // a [3, 5] weight stored as [5][3]
    Tensor view = Tensors.transposed(storage);
    Initializers.uniform(view, 0.5, new Rng(9));

    Rng rng = new Rng(9);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 5; c++) {
        float expected = (float) rng.uniform(-0.5, 0.5);
        assertEquals(expected, storage[c][r], 0.0f, "element [" + r + "][" + c + "]");
        assertEquals(expected, view.get(r * 5 + c), 0.0f);
      }
    }
  }

  @Test
  void normal_onTransposedView_fillsInLogicalOrder() {
    float[][] storage = new float[4][2];
    Initializers.normal(Tensors.transposed(storage), 2.0, new Rng(4));
    Rng rng = new Rng(4);
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 4; c++) {
        assertEquals((float) (2.0 * rng.nextGaussian()), storage[c][r], 0.0f);
      }
    }
  }

  @Test
  void transposedCopyFrom_wrongLength_namesExpectedAndActual() {
    Tensor view = Tensors.transposed(new float[4][2]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> view.copyFrom(new float[7]));
    assertEquals("expected 8 values for shape [2, 4], got 7", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> view.copyFrom(new double[9]));
    assertEquals("expected 8 values for shape [2, 4], got 9", e.getMessage());
  }

  @Test
  void transposedCopyFrom_floatAndDouble_matchPerElementSet() {
    float[][] bulk = new float[3][2];
    float[][] single = new float[3][2];
    double[] values = {1.5, -2.25, 3.0, 4.125, -5.5, 6.0};
    Tensors.transposed(bulk).copyFrom(values);
    Tensor view = Tensors.transposed(single);
    for (int i = 0; i < values.length; i++) {
      view.setDouble(i, values[i]);
    }
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(single[c], bulk[c], 0.0f);
    }
    float[] asFloats = {9, 8, 7, 6, 5, 4};
    Tensors.transposed(bulk).copyFrom(asFloats);
    assertArrayEquals(asFloats, Tensors.transposed(bulk).toFloatArray(), 0.0f);
  }
}
