package io.annet.processor.emit;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.RecordingProcessor;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The CAM-head check is one for chains and graphs ({@link CamSite}): a global average pool that
 * does not end the network is passed over, in a graph as in a chain, and a later one that does
 * gives the network its {@code classActivationMap}.
 */
class CamSiteTest {
  /** {@code side} pools a branch nobody reads; {@code gap} ends the network after {@code convs}. */
  private static final String SIDE_POOL =
      String.join(
          "\n",
          "package io.annet.golden;",
          "import io.annet.dsl.*;",
          "@Model(input = @Input(channels = 2, height = 4, width = 4), classes = 3)",
          "interface SidePool {",
          "  @Conv(filters = 2, kernel = 1) Layer stem();",
          "  @GlobalAvgPool Layer side(Layer stem);",
          "  @Conv(filters = 3, kernel = 1) Layer convs(Layer stem);",
          "  @GlobalAvgPool Layer gap();",
          "}");

  @Test
  void aGraphLooksPastAPoolThatDoesNotEndIt() {
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation =
        javac()
            .withProcessors(processor)
            .compile(JavaFileObjects.forSourceString("io.annet.golden.SidePool", SIDE_POOL));
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      if (!message.contains("[annet.unused-output]")) {
        assertFalse(message.contains("[annet."), message);
      }
    }
    assertEquals(1, processor.created().size());
    String src = processor.created().get(0).source();
    assertTrue(src.contains("public INDArray classActivationMap(INDArray x, int classIndex)"), src);
    assertTrue(src.contains("return ClassActivationMaps.ofClass(convsOut, classIndex);"), src);
  }
}
