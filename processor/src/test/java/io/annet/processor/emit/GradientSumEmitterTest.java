package io.annet.processor.emit;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.RecordingProcessor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The gradient of a graph node with several consumers is summed in a {@code GradientSum} field of
 * its own ({@code <field>Sum}), never by {@code dup()} and {@code addi}, under names that clash
 * with no node field and no local of the generated code.
 */
class GradientSumEmitterTest {

  /**
   * {@code stem} feeds {@code stemSum} and {@code join} (its sum field cannot be {@code stemSum},
   * a node's); {@code grad} feeds {@code other} and {@code total} (its sum field {@code gradSum} is
   * also the local holding the gradient of node {@code sum}); {@code unused} is not live.
   */
  private static final String CLASHES =
      String.join(
          "\n",
          "package io.annet.golden;",
          "import io.annet.dsl.*;",
          "@Model(input = @Input(channels = 2, height = 4, width = 4), classes = 3)",
          "interface Clashes {",
          "  @Conv(filters = 2, kernel = 1) Layer stem();",
          "  @Conv(filters = 2, kernel = 1) Layer stemSum(Layer stem);",
          "  @Add Layer sum(Layer stemSum, Layer stem);",
          "  @Conv(filters = 2, kernel = 1) Layer grad(Layer sum);",
          "  @Conv(filters = 2, kernel = 1) Layer other(Layer grad);",
          "  @Conv(filters = 2, kernel = 1) Layer unused(Layer other);",
          "  @Add Layer total(Layer other, Layer grad);",
          "  @GlobalAvgPool Layer gap();",
          "  @Dense(units = 3, activation = Activation.IDENTITY) Layer logits();",
          "}");

  private static String generate() {
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation =
        javac()
            .withProcessors(processor)
            .compile(JavaFileObjects.forSourceString("io.annet.golden.Clashes", CLASHES));
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      if (!message.contains("[annet.unused-output]")) {
        assertFalse(message.contains("[annet."), message);
      }
    }
    assertEquals(1, processor.created().size());
    return processor.created().get(0).source();
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void eachNodeWithSeveralConsumersGetsASumFieldUnderAFreeName() {
    String src = generate();
    assertTrue(src.contains("import io.annet.runtime.layers.GradientSum;"), src);
    assertTrue(src.contains("private final ConvLayer stemSum;"), src);
    assertTrue(src.contains("private final GradientSum stemSum2;"), src);
    assertTrue(src.contains("private final GradientSum gradSum;"), src);
    assertEquals(2, count(src, "private final GradientSum "), src);
    assertTrue(
        src.contains("stemSum2 = new GradientSum(\"stem\", new int[] {2, 4, 4}, dtype);"), src);
    assertTrue(
        src.contains("this.gradSum = new GradientSum(\"grad\", new int[] {2, 4, 4}, dtype);"), src);
    // javac cannot check the generated class here (no runtime on the classpath): no two fields
    // may share a name
    List<String> fields = new ArrayList<>();
    Matcher field = Pattern.compile("private (?:static )?final [\\w.<>]+ (\\w+)[ ;]").matcher(src);
    while (field.find()) {
      fields.add(field.group(1));
    }
    assertEquals(fields.size(), new HashSet<>(fields).size(), fields.toString());
    assertTrue(fields.containsAll(List.of("stemSum", "stemSum2", "gradSum", "sum", "grad")), src);
  }

  @Test
  void backwardSumsIntoTheFieldsWithoutDupOrAddi() {
    String src = generate();
    String train = src.substring(src.indexOf("protected double trainStep"));
    assertFalse(train.contains(".dup()"), train);
    assertFalse(train.contains(".addi("), train);
    // total's input gradients: grad's starts its sum, other's (one consumer) is passed on as is
    assertTrue(
        train.contains("INDArray gradGrad = this.gradSum.first(totalGrads[1]); // 1 of 2"), train);
    assertTrue(
        train.contains("this.gradSum.add(other.backward(otherOut, totalGrads[0])); // 2 of 2"),
        train);
    assertTrue(train.contains("INDArray gradSum = this.grad.backward(gradOut, gradGrad);"), train);
    assertTrue(
        train.contains("INDArray gradStem = stemSum2.first(sumGrads[1]); // 1 of 2"), train);
    assertTrue(
        train.contains("stemSum2.add(stemSum.backward(stemSumOut, sumGrads[0])); // 2 of 2"),
        train);
    // each sum is started once, before its adds, and read only after its last add
    assertTrue(
        train.indexOf("stemSum2.add(")
            < train.indexOf("stem.backwardParameters(stemOut, gradStem)"),
        train);
    assertEquals(1, count(train, "stemSum2.first("));
    assertEquals(1, count(train, "this.gradSum.first("));
    // the unused branch gets no gradient
    assertFalse(train.contains("unused.backward"), train);
  }
}
