package dev.unroll.samples;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.io.Checkpoints;
import java.io.IOException;
import java.io.PrintStream;

/** Trains {@link Xor} on the four cases of XOR, full batch, and checks every case. */
final class XorSample {
  static final int EPOCHS = 2000;
  private static final float[] INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
  private static final float[] TARGETS = {0, 1, 1, 0};

  private XorSample() {}

  static Main.Result run(Options options, PrintStream out) throws IOException {
    UnrollXor model = new UnrollXor();
    out.print(model.summary());
    Batch batch = Batch.ofTargets(INPUTS, TARGETS, 2, 1);
    double loss = Double.NaN;
    for (int epoch = 1; epoch <= options.epochs; epoch++) {
      loss = model.trainStep(batch);
      if (!options.quiet && (epoch % (options.epochs / 10 == 0 ? 1 : options.epochs / 10) == 0)) {
        out.printf("epoch %d/%d  loss %.5f%n", epoch, options.epochs, loss);
      }
    }
    float[] p = new float[4];
    model.predict(INPUTS, 4, p);
    int correct = 0;
    for (int i = 0; i < 4; i++) {
      boolean right = (p[i] >= 0.5f) == (TARGETS[i] >= 0.5f);
      correct += right ? 1 : 0;
      out.printf("%.0f xor %.0f = %.0f: predicted %.4f %s%n", INPUTS[2 * i], INPUTS[2 * i + 1], TARGETS[i], p[i],
          right ? "ok" : "WRONG");
    }
    out.printf("final loss %.6f%n", loss);
    if (options.save != null) {
      Checkpoints.save(model, options.save);
      out.println("saved " + options.save);
    }
    return new Main.Result("xor", "accuracy", correct / 4.0);
  }
}
