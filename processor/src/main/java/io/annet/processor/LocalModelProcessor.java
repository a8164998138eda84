package io.annet.processor;

import com.google.auto.service.AutoService;
import io.annet.processor.parse.LocalModels;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Reports a {@code @Model} on a local interface ({@code [annet.private-model]}), which javac hides
 * from every processor: it runs on every source (supported types {@code *}) and claims nothing, so
 * that {@link AnnetProcessor} can claim exactly the {@code io.annet.dsl} annotations and other
 * processors still see every other annotation.
 */
@AutoService(Processor.class)
public final class LocalModelProcessor extends AbstractProcessor {
  private LocalModels localModels;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (localModels == null) {
        localModels = LocalModels.of(processingEnv);
      }
      localModels.scan(round);
    } catch (RuntimeException | LinkageError e) {
      // A scan that fails must not stop the build: the model is then only not reported.
    }
    return false; // claims nothing
  }
}
