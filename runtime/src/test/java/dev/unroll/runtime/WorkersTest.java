package dev.unroll.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WorkersTest {

  @Test
  void run_coversEveryIndexExactlyOnce() {
    try (Workers workers = Workers.of(3)) {
      for (int total : new int[] {1, 2, 3, 7, 100, 1001}) {
        int[] hits = new int[total];
        for (int repeat = 0; repeat < 50; repeat++) {
          workers.run((start, end) -> {
            for (int i = start; i < end; i++) {
              hits[i]++;
            }
          }, total);
        }
        int[] expected = new int[total];
        Arrays.fill(expected, 50);
        assertArrayEquals(expected, hits, "total " + total);
      }
    }
  }

  @Test
  void manyShortRuns_moreThreadsThanCores_eachPartExactlyOncePerRun() {
    // Five threads on a machine with fewer cores: workers are often descheduled, wake late, or park,
    // and the caller runs their parts; a late worker must never run a part of a newer run again.
    int runs = 20_000;
    try (Workers workers = Workers.of(5)) {
      java.util.concurrent.atomic.AtomicIntegerArray counts = new java.util.concurrent.atomic.AtomicIntegerArray(5);
      for (int r = 0; r < runs; r++) {
        if (r % 2 == 0) {
          workers.runParts((part, parts) -> counts.incrementAndGet(part), true);
        } else {
          workers.run((start, end) -> counts.incrementAndGet(start), 5);
        }
      }
      for (int part = 0; part < 5; part++) {
        assertEquals(runs, counts.get(part), "part " + part);
      }
    }
  }

  @Test
  void partStart_cutsIntoContiguousParts() {
    assertEquals(0, Workers.partStart(10, 3, 0));
    assertEquals(3, Workers.partStart(10, 3, 1));
    assertEquals(6, Workers.partStart(10, 3, 2));
    assertEquals(10, Workers.partStart(10, 3, 3));
  }

  @Test
  void run_smallRange_staysOnTheCaller() {
    try (Workers workers = Workers.of(2)) {
      Thread[] ran = new Thread[1];
      workers.run((start, end) -> ran[0] = Thread.currentThread(), 10, 100);
      assertEquals(Thread.currentThread(), ran[0]);
    }
  }

  @Test
  void failureInAWorker_isRethrownOnTheCaller() {
    try (Workers workers = Workers.of(2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> workers.run((start, end) -> {
        if (start > 0) {
          throw new IllegalStateException("boom in part starting at " + start);
        }
      }, 10));
      assertEquals("boom in part starting at 5", e.getMessage());
    }
  }

  @Test
  void runParts_givesEachThreadItsPart() {
    try (Workers workers = Workers.of(2)) {
      int[] seen = new int[4];
      workers.runParts((part, parts) -> seen[part] = parts, true);
      assertArrayEquals(new int[] {2, 2, 0, 0}, seen);
      workers.runParts((part, parts) -> seen[2 + part] = 10 + parts, false);
      assertArrayEquals(new int[] {2, 2, 11, 0}, seen);
    }
  }

  @Test
  void of_zeroThreads_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workers.of(0));
    assertEquals("threads must be at least 1, got 0", e.getMessage());
  }
}
