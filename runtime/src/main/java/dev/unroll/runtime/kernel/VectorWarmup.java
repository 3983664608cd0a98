package dev.unroll.runtime.kernel;

/**
 * Warms a kernel's Vector API form up on a thread of its own before the kernel uses it. On by default;
 * {@code -Dunroll.vectorWarmup=false} turns it off (every call then runs the vector form, as the kernel
 * tests want).
 *
 * <p>Why: until C2 compiles it, Vector API code runs interpreted or in C1, where every vector operation
 * allocates and goes through the API's generic paths, a hundred times slower or more than the scalar
 * loops C1 compiles well. A kernel called once a training step (a narrow layer's products) or on every
 * row of a parameter (the optimizer) reaches C2's thresholds only after tens or hundreds of steps, each
 * costing milliseconds meanwhile: on mnist-mlp (vector path, JDK 17) the first 10 training steps took
 * about 0.5 s longer with the vector Adam than with the generated scalar loop. Counting the calls and
 * running the vector form on a small scratch problem from the caller's thread helped little: the
 * interpreted scratch calls cost the caller almost as much.
 *
 * <p>So such a kernel asks its {@link Kernel} on every call: until the warm-up is over it runs its scalar
 * form on the caller's data. The first such call queues the kernel for one daemon thread, {@code
 * unroll-vector-warmup}, which runs each queued kernel's vector form on a scratch problem of zeros a fixed
 * number of times (enough for C2 to compile it), marks it ready, and ends when the queue is empty. One
 * thread for all kernels, so that on two cores it competes as little as it can with the caller and the
 * JIT's own threads. Both forms perform the same operations in the same order, so when the switch comes
 * changes no result (for the dense kernels, within the exceptions {@link Linear} documents for zero
 * inputs).
 *
 * <p>What it bought, mnist-mlp on the vector path (Zen 5, two cores, JDK 17, training steps from a cold
 * JVM, three runs each): 1,000 steps took 2.3-3.0 s with the vector Adam and narrow kernels used from the
 * first call and 1.9-2.5 s with this warm-up; 10,000 steps 3.6-4.6 s and 3.2-3.9 s. The first 10 steps
 * still take 0.4-0.7 s longer than before those kernels existed (1.1-1.7 s against 0.9-1.2): the JIT has
 * more to compile, and the warm-up shares the second core with it.
 */
final class VectorWarmup {
  /** Whether warm-up is on. */
  static final boolean ON = !"false".equals(System.getProperty("unroll.vectorWarmup"));

  /** What a kernel's warm-up runs. */
  static final int ADAM = 0;
  static final int SGD = 1;
  static final int MOMENTUM = 2;
  static final int NARROW_FORWARD = 3;
  static final int NARROW_WEIGHT = 4;

  /** Kernels queued and not started, in order; guarded by the class. */
  private static final Kernel[] QUEUE = new Kernel[8];
  private static int queued;
  private static int next;
  /** Whether the warm-up thread is running; guarded by the class. */
  private static boolean running;

  private VectorWarmup() {}

  /** Whether no kernel is queued or warming up. */
  static synchronized boolean idle() {
    return !running;
  }

  /** Queues {@code k} once and starts the thread if it is not running. */
  private static synchronized void request(Kernel k) {
    if (k.requested) {
      return;
    }
    k.requested = true;
    QUEUE[queued++] = k; // at most one entry per kernel, fewer than QUEUE.length
    if (!running) {
      running = true;
      Thread t = new Thread(new Runner(), "unroll-vector-warmup");
      t.setDaemon(true);
      t.start();
    }
  }

  /** The next queued kernel, or null after marking the thread stopped. */
  private static synchronized Kernel take() {
    if (next == queued) {
      running = false;
      return null;
    }
    return QUEUE[next++];
  }

  /** The warm-up thread's loop (a class rather than a lambda: no bootstrap cost at start-up). */
  private static final class Runner implements Runnable {
    @Override
    public void run() {
      for (Kernel k = take(); k != null; k = take()) {
        try {
          k.warmUp();
        } catch (RuntimeException | Error e) {
          // The kernel stays on its scalar form, which computes the same results; the others go on.
        }
      }
    }
  }

  /** One kernel's warm-up: a scratch problem and how many times to run it. */
  static final class Kernel {
    private final int which;
    private final int calls;
    /** Guarded by {@link VectorWarmup}'s class. */
    private boolean requested;
    private volatile boolean ready = !ON;

    Kernel(int which, int calls) {
      this.which = which;
      this.calls = calls;
    }

    /** Whether the vector form may run; the first call that finds it not ready queues its warm-up. */
    boolean ready() {
      if (ready) {
        return true;
      }
      request(this);
      return false;
    }

    private void warmUp() {
      for (int k = 0; k < calls; k++) {
        switch (which) {
          case ADAM:
            VectorOptimizers.warmUpAdam();
            break;
          case SGD:
            VectorOptimizers.warmUpSgd();
            break;
          case MOMENTUM:
            VectorOptimizers.warmUpMomentum();
            break;
          case NARROW_FORWARD:
            VectorLinear.warmUpNarrowForward();
            break;
          default:
            VectorLinear.warmUpNarrowWeight();
            break;
        }
      }
      ready = true;
    }
  }
}
