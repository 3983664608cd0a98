package dev.unroll.processor.diagnostics;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Reports diagnostics for one network and remembers whether any was an error, so each stage can report
 * everything it finds and the pipeline stops before emitting code for a broken network.
 */
public final class Diagnostics {
  private final Messager messager;
  private int errors;

  public Diagnostics(Messager messager) {
    this.messager = messager;
  }

  /** Reports on an element. */
  public void report(Message message, Element element, Object... args) {
    report(message, element, null, null, args);
  }

  /**
   * Reports on an annotation value when there is one (the compiler then points at that value), else on
   * the annotation, else on the element.
   */
  public void report(Message message, Element element, AnnotationMirror annotation, AnnotationValue value,
      Object... args) {
    if (message.kind() == javax.tools.Diagnostic.Kind.ERROR) {
      errors++;
    }
    String text = message.format(args);
    if (annotation == null) {
      messager.printMessage(message.kind(), text, element);
    } else if (value == null) {
      messager.printMessage(message.kind(), text, element, annotation);
    } else {
      messager.printMessage(message.kind(), text, element, annotation, value);
    }
  }

  /** Whether any error has been reported so far. */
  public boolean hasErrors() {
    return errors > 0;
  }
}
