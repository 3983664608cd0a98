package dev.unroll.processor.read;

import dev.unroll.processor.diagnostics.Diagnostics;
import dev.unroll.processor.diagnostics.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The read stage: turns an interface annotated with {@code @Network} into a {@link NetworkDecl},
 * reporting what is wrong with the declaration itself (not an interface, a method without a layer,
 * two losses...). Shapes are the next stage's business.
 */
public final class NetworkReader {
  public static final String NETWORK = "dev.unroll.Network";
  public static final String TENSOR = "dev.unroll.runtime.Tensor";
  private static final Set<String> LOSSES =
      Set.of("dev.unroll.MeanSquaredError", "dev.unroll.CrossEntropy", "dev.unroll.BinaryCrossEntropy");
  private static final Set<String> OPTIMIZERS = Set.of("dev.unroll.SGD", "dev.unroll.Adam");
  private static final Set<String> ALLOWED_SUPERINTERFACES =
      Set.of("dev.unroll.runtime.Model", "dev.unroll.runtime.TrainableModel");

  private final Elements elements;
  private final Set<String> layerAnnotations;
  private final Diagnostics diagnostics;

  public NetworkReader(Elements elements, Set<String> layerAnnotations, Diagnostics diagnostics) {
    this.elements = elements;
    this.layerAnnotations = layerAnnotations;
    this.diagnostics = diagnostics;
  }

  /** Reads the declaration, or returns {@code null} if it is not an interface at all. */
  public NetworkDecl read(Element element) {
    if (element.getKind() != ElementKind.INTERFACE) {
      diagnostics.report(Message.NOT_AN_INTERFACE, element, element.getSimpleName(),
          element.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      return null;
    }
    TypeElement type = (TypeElement) element;
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      diagnostics.report(Message.PRIVATE_INTERFACE, type, type.getSimpleName());
    }
    if (!type.getTypeParameters().isEmpty()) {
      diagnostics.report(Message.GENERIC_INTERFACE, type, type.getSimpleName());
    }
    for (TypeMirror parent : type.getInterfaces()) {
      String name = ((TypeElement) ((DeclaredType) parent).asElement()).getQualifiedName().toString();
      if (!ALLOWED_SUPERINTERFACES.contains(name)) {
        diagnostics.report(Message.BAD_SUPERINTERFACE, type, type.getSimpleName(), name);
      }
    }

    AnnotationValues network = null;
    AnnotationValues loss = null;
    AnnotationValues optimizer = null;
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      String name = qualifiedName(mirror);
      AnnotationValues values = new AnnotationValues(mirror, elements);
      if (name.equals(NETWORK)) {
        network = values;
      } else if (LOSSES.contains(name)) {
        if (loss != null) {
          diagnostics.report(Message.TWO_LOSSES, type, mirror, null, type.getSimpleName(), loss.simpleName(),
              values.simpleName());
        } else {
          loss = values;
        }
      } else if (OPTIMIZERS.contains(name)) {
        if (optimizer != null) {
          diagnostics.report(Message.TWO_OPTIMIZERS, type, mirror, null, type.getSimpleName(),
              optimizer.simpleName(), values.simpleName());
        } else {
          optimizer = values;
        }
      }
    }
    return new NetworkDecl(type, network, loss, optimizer, readLayers(type));
  }

  private List<LayerDecl> readLayers(TypeElement type) {
    List<LayerDecl> layers = new ArrayList<>();
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() != ElementKind.METHOD || !member.getModifiers().contains(Modifier.ABSTRACT)) {
        continue;
      }
      ExecutableElement method = (ExecutableElement) member;
      String name = method.getSimpleName().toString();
      List<AnnotationMirror> found = method.getAnnotationMirrors().stream()
          .filter(m -> layerAnnotations.contains(qualifiedName(m)))
          .collect(Collectors.toList());
      if (found.isEmpty()) {
        diagnostics.report(Message.NOT_A_LAYER, method, name);
        continue;
      }
      if (found.size() > 1) {
        diagnostics.report(Message.TWO_LAYER_ANNOTATIONS, method, found.get(1), null, name,
            found.stream().map(m -> "@" + m.getAnnotationType().asElement().getSimpleName())
                .collect(Collectors.joining(" and ")));
        continue;
      }
      if (!method.getParameters().isEmpty()) {
        diagnostics.report(Message.LAYER_HAS_PARAMETERS, method, name);
      }
      TypeMirror returned = method.getReturnType();
      if (!(returned instanceof DeclaredType)
          || !((TypeElement) ((DeclaredType) returned).asElement()).getQualifiedName().contentEquals(TENSOR)) {
        diagnostics.report(Message.LAYER_RETURN_TYPE, method, name, returned);
      }
      AnnotationMirror mirror = found.get(0);
      layers.add(new LayerDecl(name, method, qualifiedName(mirror), new AnnotationValues(mirror, elements)));
    }
    return layers;
  }

  private static String qualifiedName(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }
}
