package dev.unroll.processor.read;

import javax.lang.model.element.ExecutableElement;

/**
 * One layer as declared: its method (whose name is the layer's name) and its annotation's values.
 *
 * @param kind the fully qualified name of the layer annotation
 */
public record LayerDecl(String name, ExecutableElement method, String kind, AnnotationValues values) {}
