package dev.unroll.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;
import dev.unroll.Precision;

/** The number type generated code computes in, and how to write its literals and casts. */
public enum Num {
  FLOAT(TypeName.FLOAT, "f", "(float) "),
  DOUBLE(TypeName.DOUBLE, "", "");

  private final TypeName type;
  private final String suffix;
  private final String cast;

  Num(TypeName type, String suffix, String cast) {
    this.type = type;
    this.suffix = suffix;
    this.cast = cast;
  }

  public static Num of(Precision precision) {
    return precision == Precision.DOUBLE ? DOUBLE : FLOAT;
  }

  /** {@code float} or {@code double}. */
  public TypeName type() {
    return type;
  }

  /** {@code float[]}. */
  public TypeName array() {
    return ArrayTypeName.of(type);
  }

  /** {@code float[][]}. */
  public TypeName matrix() {
    return ArrayTypeName.of(array());
  }

  /** A literal of this type: {@code 0.01f} or {@code 0.01}. */
  public String lit(double value) {
    if (this == FLOAT) {
      return Float.toString((float) value) + suffix;
    }
    return Double.toString(value);
  }

  /** The cast from a double expression to this type: {@code (float) } or nothing. */
  public String cast() {
    return cast;
  }
}
