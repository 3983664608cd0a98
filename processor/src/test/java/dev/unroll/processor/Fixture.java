package dev.unroll.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PyTorch reference fixture (see {@code src/test/resources/fixtures/README.md}): named tensors in
 * float64, row-major.
 */
final class Fixture {
  private final String name;
  private final Map<String, double[]> tensors;

  private Fixture(String name, Map<String, double[]> tensors) {
    this.name = name;
    this.tensors = tensors;
  }

  static Fixture load(String name) {
    Map<String, double[]> tensors = new LinkedHashMap<>();
    try (InputStream in = Fixture.class.getResourceAsStream("/fixtures/" + name + ".txt")) {
      if (in == null) {
        throw new AssertionError("missing fixture " + name + ": run make_fixtures.py in src/test/resources/fixtures");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split(" ");
        double[] values = new double[fields.length - 2];
        for (int i = 0; i < values.length; i++) {
          values[i] = Double.parseDouble(fields[i + 2]);
        }
        tensors.put(fields[0], values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Fixture(name, tensors);
  }

  double[] get(String tensor) {
    double[] values = tensors.get(tensor);
    if (values == null) {
      throw new AssertionError("fixture " + name + " has no tensor " + tensor + "; it has " + tensors.keySet());
    }
    return values;
  }

  double scalar(String tensor) {
    return get(tensor)[0];
  }

  float[] floats(String tensor) {
    double[] d = get(tensor);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
      if (f[i] != d[i]) {
        throw new AssertionError(name + "/" + tensor + "[" + i + "] is not a float32 value: " + d[i]);
      }
    }
    return f;
  }

  int[] labels(String tensor) {
    double[] d = get(tensor);
    int[] labels = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      labels[i] = (int) d[i];
    }
    return labels;
  }
}
