package dev.unroll.processor.read;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Typed access to one annotation's values, defaults included, keeping the mirror and the explicit values
 * so that a diagnostic can point at the exact value the user wrote.
 */
public final class AnnotationValues {
  private final AnnotationMirror mirror;
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> explicit;
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> withDefaults;

  public AnnotationValues(AnnotationMirror mirror, Elements elements) {
    this.mirror = mirror;
    this.explicit = mirror.getElementValues();
    this.withDefaults = elements.getElementValuesWithDefaults(mirror);
  }

  public AnnotationMirror mirror() {
    return mirror;
  }

  /** The annotation's simple name with its {@code @}, for messages. */
  public String simpleName() {
    return "@" + mirror.getAnnotationType().asElement().getSimpleName();
  }

  /** The value the user wrote for {@code name}, or {@code null} if it takes its default. */
  public AnnotationValue explicit(String name) {
    return find(explicit, name);
  }

  public boolean isExplicit(String name) {
    return explicit(name) != null;
  }

  private AnnotationValue value(String name) {
    AnnotationValue v = find(withDefaults, name);
    if (v == null) {
      throw new IllegalArgumentException(simpleName() + " has no element " + name);
    }
    return v;
  }

  public int getInt(String name) {
    return ((Number) value(name).getValue()).intValue();
  }

  public long getLong(String name) {
    return ((Number) value(name).getValue()).longValue();
  }

  public double getDouble(String name) {
    return ((Number) value(name).getValue()).doubleValue();
  }

  public boolean getBoolean(String name) {
    return (Boolean) value(name).getValue();
  }

  /** The name of an enum constant value. */
  public String getEnum(String name) {
    return ((VariableElement) value(name).getValue()).getSimpleName().toString();
  }

  public int[] getIntArray(String name) {
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> list = (List<? extends AnnotationValue>) value(name).getValue();
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i).getValue()).intValue();
    }
    return out;
  }

  private static AnnotationValue find(Map<? extends ExecutableElement, ? extends AnnotationValue> map, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : map.entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
