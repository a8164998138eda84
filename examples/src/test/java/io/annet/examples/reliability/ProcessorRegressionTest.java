package io.annet.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Declarations the property tests once found to crash the processor, kept as fixed cases: each
 * must be rejected with tagged errors and no internal error.
 */
class ProcessorRegressionTest {

  /** Pairs of (tag expected among the errors, interface body). */
  static List<String[]> cases() {
    return List.of(
        // Integer overflow in @Flatten of a 2^31-row input: was "annet internal error".
        new String[] {"too-large", "@Model(input = @Input(channels = 1, height = 2147483647,"
            + " width = 6), classes = 5)\npublic interface M {\n  @Flatten\n  Layer flat();\n"
            + "  @Dense(units = 5)\n  Layer fc();\n}\n"},
        // A table with no rows before the failing head: was MissingFormatWidthException "%-0s".
        new String[] {"after-softmax", "@Model(input = @Input(channels = 3, height = 1, width ="
            + " 1), classes = 5)\npublic interface M {\n  @Softmax\n  Layer probs();\n"
            + "  @MlpConv(filters = {3, 2}, kernel = 4, same = true)\n  Layer block();\n}\n"});
  }

  @ParameterizedTest
  @MethodSource("cases")
  void rejectedWithATagAndNoInternalError(String tag, String body) throws Exception {
    try (InProcessCompiler compiler = new InProcessCompiler()) {
      InProcessCompiler.Result result = compiler.compile("regress/M.java",
          "package regress;\n\nimport io.annet.dsl.*;\n\n" + body);
      assertFalse(result.success(), result::describe);
      assertFalse(result.describe().contains("[annet.internal]"), result::describe);
      assertTrue(result.errors().stream().anyMatch(e -> e.contains("[annet." + tag + "]")),
          result::describe);
    }
  }
}
