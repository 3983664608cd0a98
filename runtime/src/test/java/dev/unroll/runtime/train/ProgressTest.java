package dev.unroll.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final long MS = 1_000_000L;

  private final StringBuilder out = new StringBuilder();
  private final AtomicLong now = new AtomicLong(5_000 * MS);

  @Test
  void plain_printsEachTenthThenSummary() {
    Progress progress = Progress.to(out, now::get, false);

    progress.startEpoch(2, 3, 1000);
    for (int done = 50; done <= 1000; done += 50) {
      now.addAndGet(1_000 * MS); // 50 samples/s
      progress.update(done, 1.0 / done);
    }
    progress.endEpoch(new EpochMetrics(2, 0.25, 0.5, 0.875, 20));

    String[] lines = out.toString().split("\n");
    assertEquals(10, lines.length); // 10% .. 90%, then the summary
    assertEquals("epoch 2/3   10%  100/1000  50 samples/s  loss 0.0100  elapsed 0:02  left 0:18", lines[0]);
    assertEquals("epoch 2/3   90%  900/1000  50 samples/s  loss 0.0011  elapsed 0:18  left 0:02", lines[8]);
    assertEquals("epoch 2/3  train loss 0.2500  val loss 0.5000  val acc 87.50%  20.0 s  50 samples/s", lines[9]);
  }

  @Test
  void plain_epochShorterThanASecond_printsOnlyItsSummary() {
    Progress progress = Progress.to(out, now::get, false);

    progress.startEpoch(1, 1, 1000);
    for (int done = 50; done <= 1000; done += 50) {
      now.addAndGet(10 * MS);
      progress.update(done, 0.5);
    }
    progress.endEpoch(new EpochMetrics(1, 0.5, Double.NaN, Double.NaN, 0.2));

    assertEquals(1, out.toString().split("\n").length, out.toString());
    assertEquals(true, out.toString().startsWith("epoch 1/1  train loss 0.5000"), out.toString());
  }

  @Test
  void plain_slowEpoch_printsEveryTenSecondsToo() {
    Progress progress = Progress.to(out, now::get, false);

    progress.startEpoch(1, 1, 1000);
    now.addAndGet(9_000 * MS);
    progress.update(10, 2);
    now.addAndGet(2_000 * MS);
    progress.update(20, 2);

    assertEquals("epoch 1/1    2%  20/1000  2 samples/s  loss 2.0000  elapsed 0:11  left 8:59\n", out.toString());
  }

  @Test
  void interactive_redrawsInPlaceAtMostTenTimesASecond() {
    Progress progress = Progress.to(out, now::get, true);

    progress.startEpoch(1, 1, 100);
    for (int done = 1; done <= 100; done++) {
      now.addAndGet(10 * MS);
      progress.update(done, 0.5);
    }
    progress.endEpoch(new EpochMetrics(1, 0.5, Double.NaN, Double.NaN, 1));

    String text = out.toString();
    assertEquals(11, text.chars().filter(c -> c == '\r').count()); // 10 redraws and the summary
    assertEquals(1, text.chars().filter(c -> c == '\n').count());
    assertEquals("\repoch 1/1   10%  10/100  100 samples/s  loss 0.5000  elapsed 0:00  left 0:01",
        text.substring(0, text.indexOf('\r', 1)));
    String summary = "epoch 1/1  train loss 0.5000  1.0 s  100 samples/s";
    int lastLine = "epoch 1/1  100%  100/100  100 samples/s  loss 0.5000  elapsed 0:01  left 0:00".length();
    assertEquals("\r" + summary + " ".repeat(lastLine - summary.length()) + "\n",
        text.substring(text.lastIndexOf('\r')));
  }

  @Test
  void silent_writesNothingAndNeedsNoStart() {
    Progress progress = Progress.silent();

    progress.update(10, 1);
    progress.endEpoch(new EpochMetrics(1, 1, 1, 1, 1));

    assertEquals(false, progress.interactive());
  }

  @Test
  void clockTime_minutesOrHours() {
    assertEquals("0:07", Progress.clockTime(7.4));
    assertEquals("12:05", Progress.clockTime(725));
    assertEquals("2:00:01", Progress.clockTime(7201));
  }
}
