package dev.unroll.samples;

import dev.unroll.runtime.data.DataSet;
import dev.unroll.runtime.data.Idx;
import dev.unroll.runtime.io.Checkpoints;
import dev.unroll.runtime.train.Evaluation;
import dev.unroll.runtime.train.Evaluator;
import dev.unroll.runtime.train.Progress;
import dev.unroll.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Trains {@link MnistMlp} (784-128-10, ReLU, Adam 1e-3, batch 32) on the 8,000 training digits and
 * tests it on the 2,000 held-out ones.
 */
final class MnistMlpSample {
  static final int EPOCHS = 10;
  private static final long SHUFFLE_SEED = 1;
  private static final float PIXEL_SCALE = 1f / 255f;

  private MnistMlpSample() {}

  /** The MNIST folder: {@code --data}, else the copy in the project, else the shared data. */
  static Path dataDir(Options options) {
    return options.dataDir("samples/data/mnist", "data/mnist", "../samples/data/mnist", "../shared/data/mnist");
  }

  static DataSet load(Path dir, String split) throws IOException {
    return Idx.load(dir.resolve(split + "-images-idx3-ubyte.gz"), dir.resolve(split + "-labels-idx1-ubyte.gz"),
        PIXEL_SCALE);
  }

  static Main.Result run(Options options, PrintStream out) throws IOException {
    Path dir = dataDir(options);
    DataSet train = load(dir, "train");
    DataSet test = load(dir, "test");
    out.printf("MNIST from %s: %d training digits, %d test digits%n", dir, train.size(), test.size());
    UnrollMnistMlp model = new UnrollMnistMlp();
    out.print(model.summary());
    Trainer.builder()
        .epochs(options.epochs)
        .shuffleSeed(SHUFFLE_SEED)
        .progress(options.quiet ? Progress.silent() : Progress.console())
        .build()
        .fit(model, train, test);
    Evaluation evaluation = Evaluator.evaluate(model, test);
    out.printf("test: loss %.4f, accuracy %.2f%% on %d digits%n", evaluation.loss(), 100 * evaluation.accuracy(),
        evaluation.samples());
    if (evaluation.hasConfusion()) {
      out.println("confusion matrix (rows: actual digit, columns: predicted):");
      out.print(evaluation.confusion());
    }
    if (options.save != null) {
      Checkpoints.save(model, options.save);
      out.println("saved " + options.save);
    }
    return new Main.Result("mnist-mlp", "test_accuracy", Math.round(evaluation.accuracy() * 10000) / 10000.0);
  }
}
