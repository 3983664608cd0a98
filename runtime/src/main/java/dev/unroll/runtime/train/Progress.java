package dev.unroll.runtime.train;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows training progress: during an epoch, a line with the percentage done, samples per second, the running
 * loss, the elapsed time and an estimate of the time left; after it, one summary line.
 *
 * <pre>
 * epoch 3/10  45%  27000/60000  12345 samples/s  loss 0.3456  elapsed 0:02  left 0:03
 * epoch 3/10  train loss 0.3310  val loss 0.3012  val acc 91.23%  4.9 s  12345 samples/s
 * </pre>
 *
 * <p>On an interactive terminal the progress line is redrawn in place with {@code '\r'}, at most ten times a
 * second, and the summary replaces it. Elsewhere (a log file, CI) a plain progress line is printed each time
 * another tenth of the epoch is done or ten seconds have passed, whichever comes first, but never twice
 * within a second (so an epoch shorter than a second prints only its summary), and the summary
 * follows on its own line. Between prints, an update only reads the clock: it allocates nothing.
 *
 * <p>Tests pass their own output, clock and mode to {@link #to(Appendable, LongSupplier, boolean)}.
 */
public final class Progress {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long REDRAW_NANOS = NANOS_PER_SECOND / 10;
  private static final long PLAIN_INTERVAL_NANOS = 10 * NANOS_PER_SECOND;
  private static final int PLAIN_STEPS = 10;
  /** In plain mode, the least time between two progress lines, so that short epochs print only summaries. */
  private static final long PLAIN_MIN_GAP_NANOS = NANOS_PER_SECOND;
  private static final Progress SILENT = new Progress(null, () -> 0L, false);

  private final Appendable out;
  private final LongSupplier clock;
  private final boolean interactive;

  private int epoch;
  private int epochs;
  private int samples;
  private long epochStart;
  private long lastPrint;
  private int lastStep;
  private int drawnLength;
  private double trainSeconds;

  private Progress(Appendable out, LongSupplier clock, boolean interactive) {
    this.out = out;
    this.clock = clock;
    this.interactive = interactive;
  }

  /** Shows nothing. */
  public static Progress silent() {
    return SILENT;
  }

  /** Progress on {@code System.out}, redrawn in place if {@link #isInteractiveTerminal()}. */
  public static Progress console() {
    return to(System.out, System::nanoTime, isInteractiveTerminal());
  }

  /**
   * Progress written to {@code out} (flushed after each write if it is {@link Flushable}).
   *
   * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()}
   * @param interactive whether to redraw one line in place rather than print plain lines
   */
  public static Progress to(Appendable out, LongSupplier nanoClock, boolean interactive) {
    return new Progress(out, nanoClock, interactive);
  }

  /**
   * Whether {@code System.out} looks like a terminal that understands {@code '\r'}: there is a console, the
   * environment variable {@code CI} is not set and {@code TERM} is not {@code dumb}.
   */
  public static boolean isInteractiveTerminal() {
    return System.console() != null && System.getenv("CI") == null && !"dumb".equals(System.getenv("TERM"));
  }

  /** Whether the progress line is redrawn in place. */
  public boolean interactive() {
    return interactive;
  }

  /** An epoch of {@code samples} training samples begins. */
  public void startEpoch(int epoch, int epochs, int samples) {
    if (out == null) {
      return;
    }
    this.epoch = epoch;
    this.epochs = epochs;
    this.samples = samples;
    this.epochStart = clock.getAsLong();
    this.lastPrint = epochStart;
    this.lastStep = 0;
    this.trainSeconds = 0;
  }

  /** {@code done} samples of the epoch are trained, with mean loss {@code runningLoss} so far. */
  public void update(int done, double runningLoss) {
    if (out == null) {
      return;
    }
    long now = clock.getAsLong();
    trainSeconds = seconds(now - epochStart);
    if (interactive) {
      if (now - lastPrint >= REDRAW_NANOS) {
        redraw(progressLine(done, runningLoss));
        lastPrint = now;
      }
    } else if (done < samples) {
      int step = (int) ((long) PLAIN_STEPS * done / samples);
      long since = now - lastPrint;
      if ((step > lastStep && since >= PLAIN_MIN_GAP_NANOS) || since >= PLAIN_INTERVAL_NANOS) {
        write(progressLine(done, runningLoss) + "\n");
        lastStep = step;
        lastPrint = now;
      }
    }
  }

  /** The epoch is over, its validation included: prints the summary line. */
  public void endEpoch(EpochMetrics metrics) {
    if (out == null) {
      return;
    }
    String summary = summaryLine(metrics);
    if (interactive) {
      redraw(summary);
      drawnLength = 0;
      write("\n");
    } else {
      write(summary + "\n");
    }
  }

  private String progressLine(int done, double runningLoss) {
    String left = done == 0 ? "?" : clockTime(trainSeconds * (samples - done) / done);
    return String.format(Locale.ROOT, "epoch %d/%d  %3d%%  %d/%d  %s  loss %.4f  elapsed %s  left %s", epoch, epochs,
        samples == 0 ? 100 : 100L * done / samples, done, samples, rate(done), runningLoss, clockTime(trainSeconds),
        left);
  }

  private String summaryLine(EpochMetrics m) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f", m.epoch(),
        epochs, m.trainLoss()));
    if (m.hasValidation()) {
      line.append(String.format(Locale.ROOT, "  val loss %.4f", m.validationLoss()));
    }
    if (!Double.isNaN(m.validationAccuracy())) {
      line.append(String.format(Locale.ROOT, "  val acc %.2f%%", 100 * m.validationAccuracy()));
    }
    return line.append(String.format(Locale.ROOT, "  %.1f s  %s", m.seconds(), rate(samples))).toString();
  }

  private String rate(int done) {
    return trainSeconds > 0 ? Math.round(done / trainSeconds) + " samples/s" : "- samples/s";
  }

  private static double seconds(long nanos) {
    return (double) nanos / NANOS_PER_SECOND;
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  static String clockTime(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** Replaces the current terminal line, blanking what is left of a longer previous one. */
  private void redraw(String line) {
    write("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
    drawnLength = line.length();
  }

  private void write(String text) {
    try {
      out.append(text);
      if (out instanceof Flushable) {
        ((Flushable) out).flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write progress", e);
    }
  }
}
