package dev.unroll.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.LossKind;
import dev.unroll.runtime.testing.LinearModel;
import dev.unroll.runtime.testing.TestData;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchesTest {
  @Test
  void next_naturalOrder_fillsFullBatchesThenTheRest() {
    Batches batches = new Batches(TestData.numbered(7, 3), Batch.withLabels(1, 3));

    assertEquals(3, batches.batchCount());
    assertBatch(batches, new float[] {0, 1, 2}, new int[] {0, 1, 2});
    assertBatch(batches, new float[] {3, 4, 5}, new int[] {0, 1, 2});
    assertBatch(batches, new float[] {6}, new int[] {0});
    assertEquals(7, batches.position());
    assertFalse(batches.next());
    assertEquals(1, batches.batch().size()); // unchanged by the refused call
  }

  @Test
  void next_givenOrder_followsIt_andStartBeginsAgain() {
    Batches batches = new Batches(TestData.numbered(5, 5), Batch.withLabels(1, 4));

    batches.start(new int[] {4, 0, 3, 1, 2});
    assertBatch(batches, new float[] {4, 0, 3, 1}, new int[] {4, 0, 3, 1});
    assertBatch(batches, new float[] {2}, new int[] {2});
    batches.start(new int[] {1});
    assertEquals(1, batches.batchCount());
    assertBatch(batches, new float[] {1}, new int[] {1});
    assertFalse(batches.next());
  }

  @Test
  void next_targets_areCopiedWithTheirSample() {
    DataSet data = DataSet.ofTargets(new float[] {0, 1, 2, 3, 4, 5}, new int[] {2}, new float[] {10, 11, 20, 21, 30, 31},
        2);
    Batches batches = new Batches(data, Batch.withTargets(2, 2, 2));

    batches.start(new int[] {2, 0, 1});
    assertTrue(batches.next());

    assertArrayEquals(new float[] {4, 5, 0, 1}, batches.batch().features());
    assertArrayEquals(new float[] {30, 31, 10, 11}, batches.batch().targets());
  }

  @Test
  void new_featureSizeMismatch_namesBothSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Batches(TestData.numbered(4, 2), Batch.withLabels(3, 2)));

    assertEquals("the batch takes 3 features per sample, the data has 1", e.getMessage());
  }

  @Test
  void new_labelsForTargetBatch_namesBothKinds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Batches(TestData.numbered(4, 2), Batch.withTargets(1, 2, 2)));

    assertEquals("the batch takes 2 real targets per sample, the data has class labels", e.getMessage());
  }

  @Test
  void new_targetSizeMismatch_namesBothSizes() {
    DataSet data = DataSet.ofTargets(new float[2], new int[] {1}, new float[2], 1);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Batches(data, Batch.withTargets(1, 3, 2)));

    assertEquals("the batch takes 3 real targets per sample, the data has 1 real target per sample", e.getMessage());
  }

  @Test
  void start_indexOutOfRange_isRefused() {
    Batches batches = new Batches(TestData.numbered(3, 2), Batch.withLabels(1, 2));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batches.start(new int[] {0, 3}));

    assertEquals("order[1] = 3 is out of range for a data set of 3 samples", e.getMessage());
  }

  @Test
  void forModel_labelsBeyondOutputs_isRefused() {
    LinearModel model = new LinearModel(LossKind.CROSS_ENTROPY, 1, 3, 4, 0.1f, 1);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batches.forModel(model, TestData.numbered(10, 5)));

    assertEquals("model Linear has 3 outputs (classes 0 to 2), but the data has labels up to 4", e.getMessage());
  }

  @Test
  void forModel_batchHasModelCapacity() {
    LinearModel model = new LinearModel(LossKind.CROSS_ENTROPY, 1, 3, 4, 0.1f, 1);

    Batches batches = Batches.forModel(model, TestData.numbered(10, 3));

    assertEquals(4, batches.batch().capacity());
    assertEquals(3, batches.batchCount());
  }

  @Test
  void next_allocatesNothingPerBatch() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation counters are not available");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    Batches batches = new Batches(TestData.blobs(1000, 3, 1), Batch.withLabels(2, 32));
    int[] order = Split.shuffledIndices(1000, 1);
    passes(batches, order, 50); // warm up

    long before = threads.getCurrentThreadAllocatedBytes();
    int batchCount = passes(batches, order, 100);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertEquals(3200, batchCount);
    assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + batchCount + " batches");
  }

  private static int passes(Batches batches, int[] order, int passes) {
    int count = 0;
    for (int p = 0; p < passes; p++) {
      batches.start(order);
      while (batches.next()) {
        count++;
      }
    }
    return count;
  }

  private static void assertBatch(Batches batches, float[] features, int[] labels) {
    assertTrue(batches.next());
    Batch batch = batches.batch();
    assertEquals(labels.length, batch.size());
    assertArrayEquals(features, Arrays.copyOf(batch.features(), features.length));
    assertArrayEquals(labels, Arrays.copyOf(batch.labels(), labels.length));
    assertSame(batch, batches.batch());
  }
}
