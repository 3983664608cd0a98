package dev.unroll.runtime.testing;

import dev.unroll.runtime.Batch;
import dev.unroll.runtime.Initializers;
import dev.unroll.runtime.LossKind;
import dev.unroll.runtime.Rng;
import dev.unroll.runtime.Tensor;
import dev.unroll.runtime.Tensors;
import dev.unroll.runtime.TrainableModel;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-written one-layer model, {@code z = W x + b}, trained by plain SGD: a stand-in for a generated class.
 * The loss decides what the output is: logits for cross-entropy (softmax regression) and binary cross-entropy
 * with logits, {@code sigmoid(z)} for binary cross-entropy (logistic regression), {@code z} itself for mean
 * squared error (linear regression). The weight is stored transposed, as generated dense layers store it.
 */
public final class LinearModel implements TrainableModel {
  private final String name;
  private final LossKind lossKind;
  private final int in;
  private final int out;
  private final int maxBatch;
  private final float learningRate;

  // parameters, PyTorch views [out, in] and [out]
  private final float[][] weightT; // [in][out]
  private final float[] bias; // [out]
  // gradients
  private final float[][] dWeightT; // [in][out]
  private final float[] dBias; // [out]
  // activations
  private final float[][] output; // [maxBatch][out]
  private final float[] delta; // [out]: dLoss/dz of one sample
  private int rows;
  private long steps;

  private final Tensor weightView;
  private final Tensor biasView;
  private final Map<String, Tensor> parameters;
  private final Map<String, Tensor> gradients;
  private final Tensor outputView;

  /** A model called {@code Linear} whose layer is called {@code fc}. */
  public LinearModel(LossKind lossKind, int in, int out, int maxBatch, float learningRate, long seed) {
    this("Linear", "fc", lossKind, in, out, maxBatch, learningRate, seed);
  }

  public LinearModel(String name, String layer, LossKind lossKind, int in, int out, int maxBatch, float learningRate,
      long seed) {
    this.name = name;
    this.lossKind = lossKind;
    this.in = in;
    this.out = out;
    this.maxBatch = maxBatch;
    this.learningRate = learningRate;
    weightT = new float[in][out];
    bias = new float[out];
    dWeightT = new float[in][out];
    dBias = new float[out];
    output = new float[maxBatch][out];
    delta = new float[out];
    weightView = Tensors.transposed(weightT);
    biasView = Tensors.vector(bias);
    parameters = views(layer, weightView, biasView);
    gradients = views(layer, Tensors.transposed(dWeightT), Tensors.vector(dBias));
    outputView = Tensors.rows(output, () -> rows, out);
    initialize(seed);
  }

  private static Map<String, Tensor> views(String layer, Tensor weight, Tensor bias) {
    Map<String, Tensor> map = new LinkedHashMap<>();
    map.put(layer + ".weight", weight);
    map.put(layer + ".bias", bias);
    return Collections.unmodifiableMap(map);
  }

  /** The weight view, {@code [out, in]}. */
  public Tensor weight() {
    return weightView;
  }

  /** The bias view, {@code [out]}. */
  public Tensor bias() {
    return biasView;
  }

  @Override public String name() { return name; }
  @Override public int[] inputShape() { return new int[] {in}; }
  @Override public int inputSize() { return in; }
  @Override public int outputSize() { return out; }
  @Override public int maxBatch() { return maxBatch; }
  @Override public LossKind lossKind() { return lossKind; }
  @Override public Tensor output() { return outputView; }
  @Override public Map<String, Tensor> parameters() { return parameters; }
  @Override public Map<String, Tensor> gradients() { return gradients; }
  @Override public long parameterCount() { return (long) in * out + out; }
  @Override public long stepCount() { return steps; }
  @Override public String summary() { return name + ": Linear " + in + " -> " + out + ", " + parameterCount() + " parameters"; }

  @Override
  public void initialize(long seed) {
    Rng rng = new Rng(seed);
    double bound = 1 / Math.sqrt(in);
    Initializers.uniform(weightView, bound, rng);
    Initializers.uniform(biasView, bound, rng);
    steps = 0;
  }

  @Override
  public void predict(float[] inputs, int n, float[] outputs) {
    forward(inputs, n);
    for (int s = 0; s < n; s++) {
      System.arraycopy(output[s], 0, outputs, s * out, out);
    }
  }

  @Override
  public int predictClass(float[] input) {
    forward(input, 1);
    int best = 0;
    for (int o = 1; o < out; o++) {
      if (output[0][o] > output[0][best]) {
        best = o;
      }
    }
    return best;
  }

  @Override
  public double loss(Batch batch) {
    check(batch);
    forward(batch.features(), batch.size());
    double sum = 0;
    for (int s = 0; s < rows; s++) {
      sum += sampleLoss(batch, s);
    }
    return sum / normaliser();
  }

  @Override
  public double computeGradients(Batch batch) {
    check(batch);
    forward(batch.features(), batch.size());
    for (float[] row : dWeightT) {
      Arrays.fill(row, 0f);
    }
    Arrays.fill(dBias, 0f);
    double sum = 0;
    float scale = 1f / normaliser();
    float[] x = batch.features();
    for (int s = 0; s < rows; s++) {
      sum += sampleLoss(batch, s);
      // dW^T[i][o] += x[i] * dz[o]; db[o] += dz[o]
      for (int o = 0; o < out; o++) {
        dBias[o] += delta[o] * scale;
      }
      for (int i = 0; i < in; i++) {
        float xi = x[s * in + i] * scale;
        for (int o = 0; o < out; o++) {
          dWeightT[i][o] += xi * delta[o];
        }
      }
    }
    return sum / normaliser();
  }

  @Override
  public void applyGradients() {
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        weightT[i][o] -= learningRate * dWeightT[i][o];
      }
    }
    for (int o = 0; o < out; o++) {
      bias[o] -= learningRate * dBias[o];
    }
    steps++;
  }

  private void check(Batch batch) {
    if (batch.inputSize() != in) {
      throw new IllegalArgumentException("expected " + in + " inputs per sample, got " + batch.inputSize());
    }
    if (batch.hasLabels() != lossKind.usesClassLabels()) {
      throw new IllegalArgumentException("expected " + (lossKind.usesClassLabels() ? "labels" : "targets"));
    }
    if (batch.size() < 1 || batch.size() > maxBatch) {
      throw new IllegalArgumentException("expected 1 to " + maxBatch + " samples, got " + batch.size());
    }
  }

  /** z = W x + b, then sigmoid for binary cross-entropy on probabilities. */
  private void forward(float[] x, int n) {
    if (n < 1 || n > maxBatch) {
      throw new IllegalArgumentException("expected 1 to " + maxBatch + " samples, got " + n);
    }
    rows = n;
    for (int s = 0; s < n; s++) {
      float[] z = output[s];
      System.arraycopy(bias, 0, z, 0, out);
      for (int i = 0; i < in; i++) {
        float xi = x[s * in + i];
        for (int o = 0; o < out; o++) {
          z[o] += weightT[i][o] * xi;
        }
      }
      if (lossKind == LossKind.BINARY_CROSS_ENTROPY) {
        for (int o = 0; o < out; o++) {
          z[o] = (float) sigmoid(z[o]);
        }
      }
    }
  }

  /** Cross-entropy averages over samples; the element-wise losses over samples and outputs. */
  private int normaliser() {
    return lossKind == LossKind.CROSS_ENTROPY ? rows : rows * out;
  }

  /** The unnormalised loss of sample {@code s}; leaves dLoss/dz (unnormalised) in {@link #delta}. */
  private double sampleLoss(Batch batch, int s) {
    float[] y = output[s];
    double loss = 0;
    if (lossKind == LossKind.CROSS_ENTROPY) {
      double max = Double.NEGATIVE_INFINITY;
      for (float v : y) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (float v : y) {
        sum += Math.exp(v - max);
      }
      double logSumExp = max + Math.log(sum);
      int label = batch.labels()[s];
      for (int o = 0; o < out; o++) {
        delta[o] = (float) (Math.exp(y[o] - logSumExp) - (o == label ? 1 : 0));
      }
      return logSumExp - y[label];
    }
    for (int o = 0; o < out; o++) {
      double t = batch.targets()[s * out + o];
      double v = y[o];
      switch (lossKind) {
        case MEAN_SQUARED_ERROR:
          loss += (v - t) * (v - t);
          delta[o] = (float) (2 * (v - t));
          break;
        case BINARY_CROSS_ENTROPY: {
          double p = Math.min(Math.max(v, 1e-7), 1 - 1e-7);
          loss -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
          delta[o] = (float) (v - t); // through the sigmoid: dL/dz = p - t
          break;
        }
        default: // BINARY_CROSS_ENTROPY_WITH_LOGITS
          loss += Math.max(v, 0) - v * t + Math.log1p(Math.exp(-Math.abs(v)));
          delta[o] = (float) (sigmoid(v) - t);
      }
    }
    return loss;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
