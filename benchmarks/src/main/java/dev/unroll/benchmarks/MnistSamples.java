package dev.unroll.benchmarks;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.data.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The first MNIST test digits, as the benchmarks feed them to the model: 784 floats in {@code [0, 1]}
 * per digit, one digit after another, and their class labels.
 *
 * <p>The digits are read with {@link Idx} from {@code samples/data/mnist/test-*-idx*-ubyte.gz}, looked up
 * relative to the working directory (the project root, or {@code benchmarks/}); the system property
 * {@value #DIR_PROPERTY} names another folder. If no folder holds the files, the digits are synthetic and
 * MNIST-like instead: about 80% of the pixels zero, the rest uniform in {@code [0, 1]}, drawn from a fixed
 * seed. The real digits are preferred: a sample's forward pass skips its zero inputs (see {@code
 * Linear.forwardColumns}), so batch-1 timings depend on how many pixels are zero; {@link #dense} gives
 * inputs with none.
 *
 * @param features {@code count * 784} pixel values
 * @param labels {@code count} class labels in {@code [0, 9]}
 * @param source where the digits came from, for the log
 */
record MnistSamples(float[] features, int[] labels, String source) {
  /** Pixels per digit: 28 x 28. */
  static final int PIXELS = 784;

  /** The system property that names a folder holding the MNIST IDX files. */
  static final String DIR_PROPERTY = "unroll.mnist.dir";

  private static final String IMAGES = "test-images-idx3-ubyte.gz";
  private static final String LABELS = "test-labels-idx1-ubyte.gz";
  private static final String[] CANDIDATE_DIRS = {"samples/data/mnist", "../samples/data/mnist"};
  private static final float PIXEL_SCALE = 1f / 255f;
  private static final double SYNTHETIC_ZERO_FRACTION = 0.8;
  private static final long SYNTHETIC_SEED = 42;

  /** The seed of {@link #dense}'s values. */
  private static final long DENSE_SEED = 7;

  /**
   * {@code count} inputs of 784 floats each, uniform in {@code [0.01, 1]} from a fixed seed: no pixel is
   * zero, so a batch-1 forward pass has every input to sum over, as for PyTorch's {@code torch.rand}.
   */
  static float[][] dense(int count) {
    SplittableRandom random = new SplittableRandom(DENSE_SEED);
    float[][] inputs = new float[count][PIXELS];
    for (float[] input : inputs) {
      for (int i = 0; i < PIXELS; i++) {
        input[i] = (float) (0.01 + 0.99 * random.nextDouble());
      }
    }
    return inputs;
  }

  /** The number of digits held. */
  int count() {
    return labels.length;
  }

  /** Digit {@code i}'s pixels: a fresh array of 784 floats. */
  float[] digit(int i) {
    return Arrays.copyOfRange(features, i * PIXELS, (i + 1) * PIXELS);
  }

  /**
   * The digits as consecutive training batches of {@code size} with their labels, in order; a trailing
   * partial batch is left out.
   */
  Batch[] batches(int size) {
    Batch[] batches = new Batch[count() / size];
    for (int k = 0; k < batches.length; k++) {
      batches[k] = Batch.ofLabels(Arrays.copyOfRange(features, k * size * PIXELS, (k + 1) * size * PIXELS),
          Arrays.copyOfRange(labels, k * size, (k + 1) * size), PIXELS);
    }
    return batches;
  }

  /**
   * The first {@code count} MNIST test digits if the files can be found and read, else {@code count}
   * synthetic ones. Never fails for lack of data; says which it used on standard error, which JMH shows.
   */
  static MnistSamples load(int count) {
    Path dir = findDir();
    if (dir != null) {
      try {
        Idx.Images images = Idx.readImages(dir.resolve(IMAGES));
        int[] labels = Idx.readLabels(dir.resolve(LABELS));
        if (images.count() >= count && labels.length >= count && images.values().length == images.count() * PIXELS) {
          float[] features = Arrays.copyOf(images.values(), count * PIXELS);
          for (int i = 0; i < features.length; i++) {
            features[i] *= PIXEL_SCALE;
          }
          return report(new MnistSamples(features, Arrays.copyOf(labels, count), "MNIST test digits from " + dir));
        }
        System.err.println("[unroll-benchmarks] " + dir + " holds too few 28x28 digits; using synthetic ones");
      } catch (IOException e) {
        System.err.println("[unroll-benchmarks] cannot read MNIST from " + dir + ": " + e.getMessage()
            + "; using synthetic digits");
      }
    }
    return report(synthetic(count));
  }

  /** {@code count} MNIST-like digits: about 80% zeros, the other pixels uniform in {@code [0, 1]}. */
  static MnistSamples synthetic(int count) {
    SplittableRandom random = new SplittableRandom(SYNTHETIC_SEED);
    float[] features = new float[count * PIXELS];
    for (int i = 0; i < features.length; i++) {
      features[i] = random.nextDouble() < SYNTHETIC_ZERO_FRACTION ? 0f : (float) random.nextDouble();
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 10;
    }
    return new MnistSamples(features, labels, "synthetic MNIST-like digits (seed " + SYNTHETIC_SEED + ")");
  }

  private static Path findDir() {
    String property = System.getProperty(DIR_PROPERTY);
    if (property != null) {
      return Path.of(property);
    }
    for (String candidate : CANDIDATE_DIRS) {
      Path dir = Path.of(candidate);
      if (Files.isRegularFile(dir.resolve(IMAGES)) && Files.isRegularFile(dir.resolve(LABELS))) {
        return dir;
      }
    }
    return null;
  }

  private static MnistSamples report(MnistSamples samples) {
    System.err.println("[unroll-benchmarks] input: " + samples.count() + " " + samples.source());
    return samples;
  }
}
