package dev.unroll.processor.read;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A network interface as declared, before any shape is known: what {@link NetworkReader} found.
 *
 * @param loss the loss annotation, or {@code null} for an inference-only network
 * @param optimizer the optimizer annotation, or {@code null} for an inference-only network
 */
public record NetworkDecl(
    TypeElement type,
    AnnotationValues network,
    AnnotationValues loss,
    AnnotationValues optimizer,
    List<LayerDecl> layers) {}
