package dev.unroll.processor.ir;

/**
 * How a parameter is drawn at construction.
 *
 * @param distribution uniform in {@code [-scale, scale)}, normal with standard deviation {@code scale}, or zeros
 * @param scale the bound or the standard deviation
 * @param description the formula, for the generated comment: {@code He uniform: sqrt(6 / 784)}
 */
public record InitSpec(Distribution distribution, double scale, String description) {
  public enum Distribution { UNIFORM, NORMAL, ZEROS }

  public static InitSpec zeros() {
    return new InitSpec(Distribution.ZEROS, 0, "zeros");
  }
}
