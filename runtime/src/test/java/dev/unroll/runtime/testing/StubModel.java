package dev.unroll.runtime.testing;

import dev.unroll.runtime.Model;
import dev.unroll.runtime.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A model that is only a name and parameters, for checkpoint tests; inference is not supported. */
public final class StubModel implements Model {
  private final String name;
  private final Map<String, Tensor> parameters;

  /** Parameters given as name, tensor, name, tensor, ... in order. */
  public StubModel(String name, Object... namesAndTensors) {
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTensors.length; i += 2) {
      map.put((String) namesAndTensors[i], (Tensor) namesAndTensors[i + 1]);
    }
    this.name = name;
    this.parameters = Collections.unmodifiableMap(map);
  }

  @Override public String name() { return name; }
  @Override public Map<String, Tensor> parameters() { return parameters; }

  @Override
  public long parameterCount() {
    return parameters.values().stream().mapToLong(Tensor::size).sum();
  }

  @Override public int[] inputShape() { throw new UnsupportedOperationException(); }
  @Override public int inputSize() { throw new UnsupportedOperationException(); }
  @Override public int outputSize() { throw new UnsupportedOperationException(); }
  @Override public int maxBatch() { throw new UnsupportedOperationException(); }
  @Override public void predict(float[] inputs, int n, float[] outputs) { throw new UnsupportedOperationException(); }
  @Override public int predictClass(float[] input) { throw new UnsupportedOperationException(); }
  @Override public Tensor output() { throw new UnsupportedOperationException(); }
  @Override public void initialize(long seed) { throw new UnsupportedOperationException(); }
  @Override public String summary() { return name; }
}
