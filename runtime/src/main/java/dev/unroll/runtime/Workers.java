package dev.unroll.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads, created once, that split a range of work: {@link #run(RangeTask, int)} cuts
 * {@code [0, total)} into one contiguous part per thread; the calling thread and the workers claim parts
 * until none is left, and the call returns when all are done. Nothing is allocated per call.
 *
 * <p>The parts depend only on {@code total} and the thread count, and generated models split only work
 * whose every output element is computed by one part in a fixed order, so results are bit-identical for
 * any thread count. One model's calls must come from one thread at a time.
 *
 * <p>Workers are daemon threads; {@link #close()} stops them early.
 */
public final class Workers implements AutoCloseable {
  /** Work over a range {@code [start, end)}. */
  @FunctionalInterface
  public interface RangeTask {
    void run(int start, int end);
  }

  /** Part {@code part} of {@code parts} of some work; the task decides what its part covers. */
  @FunctionalInterface
  public interface PartTask {
    void run(int part, int parts);
  }

  private static final int SPINS = 20_000;

  private final int threads;
  private final Thread[] workers;
  /**
   * For each part, the generation of the run that last claimed it: a part is free in run {@code g} while
   * its entry is below {@code g}. A thread claims it by raising the entry to {@code g}; a worker that
   * wakes late, still holding an older generation, can never claim a part of a newer run.
   */
  private final AtomicLongArray claims;
  /** Parts of the current run not finished yet. */
  private final AtomicInteger pending = new AtomicInteger();
  private volatile long generation;
  private volatile boolean closed;
  private volatile Thread caller;
  private RangeTask task;
  private PartTask partTask;
  private int total;
  private volatile Throwable failure;

  private Workers(int threads) {
    this.threads = threads;
    this.claims = new AtomicLongArray(threads);
    this.workers = new Thread[threads - 1];
    for (int w = 1; w < threads; w++) {
      // concat, not +: the first string concatenation in a JVM costs milliseconds of start-up
      Thread t = new Thread(new Worker(w), "unroll-worker-".concat(Integer.toString(w)));
      t.setDaemon(true);
      workers[w - 1] = t;
      t.start();
    }
  }

  /** The default thread count: the number of available processors. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Workers for {@code threads} threads in all, the caller's included; 1 means everything runs on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static Workers of(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    return new Workers(threads);
  }

  /** The number of threads, the caller's included. */
  public int threads() {
    return threads;
  }

  /** The start of part {@code part} when {@code [0, total)} is cut into {@code parts} contiguous parts. */
  public static int partStart(int total, int parts, int part) {
    return (int) ((long) total * part / parts);
  }

  /**
   * Runs {@code task} over {@code [0, total)}, cut into one part per thread. A range with fewer than
   * {@code minPerThread} items per thread, where the hand-off would cost more than it saves, runs whole
   * on the calling thread.
   */
  public void run(RangeTask task, int total, int minPerThread) {
    int parts = Math.max(1, Math.min(threads, total / Math.max(1, minPerThread)));
    if (threads == 1 || parts < threads || closed) {
      task.run(0, total);
      return;
    }
    this.task = task;
    this.total = total;
    dispatch();
  }

  /**
   * Runs part {@code p} of {@code threads()} of {@code task} on each thread if {@code split}, else the
   * single part 0 of 1 on the calling thread.
   */
  public void runParts(PartTask task, boolean split) {
    if (!split || threads == 1 || closed) {
      task.run(0, 1);
      return;
    }
    this.partTask = task;
    dispatch();
  }

  /**
   * Runs the parts: each thread first claims its own part (the caller part 0, worker {@code w} part
   * {@code w}), so that consecutive runs over the same data (forward rows, then backward rows; gradient
   * slices, then the optimizer's) find it in the same core's cache; then it claims any part still free.
   * So a worker the operating system has not scheduled yet never holds the caller up: the caller does
   * that worker's part too. Returns when every part is done. Which thread runs a part does not change
   * its result.
   */
  private void dispatch() {
    this.caller = Thread.currentThread();
    this.failure = null;
    pending.set(threads);
    long run = generation + 1;
    generation = run; // publishes the task to the workers
    for (Thread w : workers) {
      LockSupport.unpark(w); // wakes a worker that stopped spinning; cheap otherwise
    }
    claimParts(0, run);
    for (int spin = 0; pending.get() > 0; spin++) {
      if (spin < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 50_000);
      }
    }
    this.task = null;
    this.partTask = null;
    Throwable f = failure;
    if (f != null) {
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      }
      if (f instanceof Error) {
        throw (Error) f;
      }
      throw new IllegalStateException(f);
    }
  }

  /**
   * Runs part {@code own} of run {@code run} if still free, then every other part still free. One
   * method from here to the task on purpose: C2 inlines a bounded depth of calls (15 on JDK 17), and
   * the kernels' Vector API code, inlined below the task, allocates on the heap when it ends up deeper.
   */
  private void claimParts(int own, long run) {
    for (int k = 0; k < threads; k++) {
      int part = k == 0 ? own : k <= own ? k - 1 : k; // own first, then the others in order
      long last = claims.get(part);
      if (last >= run || !claims.compareAndSet(part, last, run)) {
        continue; // claimed already, in this run or (a late worker's view) a newer one
      }
      try {
        if (task != null) {
          task.run(partStart(total, threads, part), partStart(total, threads, part + 1));
        } else {
          partTask.run(part, threads);
        }
      } catch (Throwable t) {
        failure = t;
      } finally {
        if (pending.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  /** {@link #run(RangeTask, int, int)} with at least one item per thread. */
  public void run(RangeTask task, int total) {
    run(task, total, 1);
  }

  private void loop(int own) {
    long seen = 0;
    while (!closed) {
      int spin = 0;
      while (generation == seen && !closed) {
        if (spin++ < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this); // until the next run() or close()
        }
      }
      if (closed) {
        return;
      }
      seen = generation;
      claimParts(own, seen);
    }
  }

  /** One worker thread's loop (a class rather than a lambda: no bootstrap cost at start-up). */
  private final class Worker implements Runnable {
    private final int own;

    Worker(int own) {
      this.own = own;
    }

    @Override
    public void run() {
      loop(own);
    }
  }

  /** Stops the worker threads; later calls run on the calling thread. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      LockSupport.unpark(t);
    }
  }
}
