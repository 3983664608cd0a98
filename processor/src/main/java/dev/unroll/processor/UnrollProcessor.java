package dev.unroll.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.unroll.processor.diagnostics.Diagnostics;
import dev.unroll.processor.diagnostics.Message;
import dev.unroll.processor.ir.LayerKinds;
import dev.unroll.processor.ir.NetworkIr;
import dev.unroll.processor.ir.NetworkResolver;
import dev.unroll.processor.read.NetworkDecl;
import dev.unroll.processor.read.NetworkReader;
import dev.unroll.processor.write.ModelWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Unroll's annotation processor. For each interface annotated with {@code @Network} it runs the
 * pipeline read, resolve (shapes and checks), write, and stops before writing if any stage reported an
 * error. Every problem is a compile error on the annotation at fault; a crash of the processor itself
 * becomes one compile error on the interface, never a javac stack trace.
 */
@AutoService(Processor.class)
public final class UnrollProcessor extends AbstractProcessor {

  /** All of Unroll's annotations: {@code @Network} drives processing, and the others are claimed with it. */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.unroll.*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement network = processingEnv.getElementUtils().getTypeElement(NetworkReader.NETWORK);
    if (network == null) {
      return false;
    }
    for (Element element : round.getElementsAnnotatedWith(network)) {
      Diagnostics diagnostics = new Diagnostics(processingEnv.getMessager());
      try {
        process(element, diagnostics);
      } catch (RuntimeException | IOException | Error e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        diagnostics.report(Message.INTERNAL_ERROR, element, element.getSimpleName(), trace);
      }
    }
    return true;
  }

  private void process(Element element, Diagnostics diagnostics) throws IOException {
    NetworkReader reader = new NetworkReader(processingEnv.getElementUtils(), LayerKinds.annotations(), diagnostics);
    NetworkDecl decl = reader.read(element);
    if (decl == null) {
      return;
    }
    NetworkIr ir = new NetworkResolver(diagnostics).resolve(decl);
    if (ir == null || diagnostics.hasErrors()) {
      return;
    }
    JavaFile file = ModelWriter.write(ir);
    file.writeTo(processingEnv.getFiler());
  }
}
