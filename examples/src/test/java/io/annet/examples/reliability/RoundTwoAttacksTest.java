package io.annet.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.processor.emit.GeneratedNames;
import io.annet.runtime.Network;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attacks of issue 11, items 5 to 8, against the processor with the real runtime on the class
 * path: each declaration that used to compile and then fail in javac or at {@code create()} is now
 * rejected with one tagged error and nothing untagged; a layer name of 2,000 characters runs.
 */
class RoundTwoAttacksTest {
  private static final String INPUT = "input = @Input(channels = 1, height = 8, width = 8)";
  private static InProcessCompiler compiler;

  @BeforeAll
  static void open() throws Exception {
    compiler = new InProcessCompiler();
  }

  @AfterAll
  static void close() throws Exception {
    compiler.close();
  }

  /** A model whose first layer is {@code first} (then a global pool to 4 classes). */
  private static String model(String attributes, String first) {
    return "@Model(" + INPUT + ", classes = 4" + attributes + ")\ninterface M {\n  " + first
        + "\n  @GlobalAvgPool\n  Layer gap();\n}\n";
  }

  /** Pairs of (tag every error must carry, interface source). */
  static List<String[]> attacks() {
    List<String[]> cases = new java.util.ArrayList<>();
    for (String name :
        List.of("SPEC", "PARAMETERS", "MACS", "SUMMARY", "ARCHITECTURE", "DataType", "finalize",
            "Activation", "getClass", "input")) {
      cases.add(new String[] {"reserved-name",
          model("", "@Conv(filters = 4, kernel = 3) Layer " + name + "();")});
    }
    for (String name : List.of("Layer", "var", "yield", "record", "Model")) {
      cases.add(new String[] {"invalid-name",
          model(", name = \"" + name + "\"", "@Conv(filters = 4, kernel = 3) Layer conv();")});
    }
    cases.add(new String[] {"duplicate-layer", model("", "@Conv(filters = 4, kernel = 3)"
        + " Layer conv();\n  @Conv(filters = 4, kernel = 1) Layer conv(Layer input);")});
    cases.add(new String[] {"too-large", model("", "@Conv(filters = 2147483647, kernel = 1)"
        + " Layer conv();\n  @Conv(filters = 4, kernel = 1) Layer head();")});
    cases.add(new String[] {"too-large", "@Model(" + INPUT + ", classes = 2147483647)\n"
        + "interface M {\n  @Flatten Layer flat();\n"
        + "  @Dense(units = 2147483647) Layer out();\n}\n"});
    cases.add(new String[] {"too-large", "@Model(" + INPUT + ", classes = 1073741824)\n"
        + "interface M {\n  @Flatten Layer flat();\n"
        + "  @Dense(units = 1073741824) Layer out();\n}\n"});
    cases.add(new String[] {"out-of-range", "@Budget(maxParameters = -1, maxMacs = 10)\n"
        + model("", "@Conv(filters = 4, kernel = 3) Layer conv();")});
    cases.add(new String[] {"merge-inputs", model("", "@Conv(filters = 1, kernel = 3, padding = 1)"
        + " Layer a();\n  @Repeat(3) @Add Layer s(Layer a, Layer input);")});
    cases.add(new String[] {"unknown-input", model("", "@Conv(filters = 4, kernel = 3) Layer a();"
        + "\n  @Conv(filters = 4, kernel = 1) Layer b(Layer b);")});
    cases.add(new String[] {"private-model", "class M {\n  void f() {\n    " + model("",
        "@Conv(filters = 4, kernel = 3) Layer conv();").replace("interface M", "interface Local")
        + "  }\n}\n"});
    return cases;
  }

  @ParameterizedTest
  @MethodSource("attacks")
  void rejectedWithOnlyTaggedErrors(String tag, String body) throws Exception {
    InProcessCompiler.Result result =
        compiler.compile("attack/M.java", "package attack;\n\nimport io.annet.dsl.*;\n\n" + body);
    try {
      assertFalse(result.success(), () -> body + result.describe());
      for (String e : result.errors()) {
        assertTrue(e.contains("[annet." + tag + "]"), () -> body + result.describe());
      }
      assertFalse(result.describe().contains("s.1("), result::describe);
    } finally {
      compiler.discard(result);
    }
  }

  @Test
  void aLayerNameOfTwoThousandCharactersRuns() throws Exception {
    String name = "c" + "x".repeat(1_999);
    InProcessCompiler.Result result = compiler.compile("attack/LongName.java",
        "package attack;\n\nimport io.annet.dsl.*;\n\n@Model(" + INPUT + ", classes = 4)\n"
            + "interface LongName {\n  @Conv(filters = 4, kernel = 3) Layer " + name + "();\n"
            + "  @GlobalAvgPool Layer gap();\n}\n");
    try (URLClassLoader loader = result.loader()) {
      assertTrue(result.success(), result::describe);
      Network net = (Network) loader.loadClass("attack.LongNameNetwork")
          .getMethod("create", long.class).invoke(null, 1L);
      INDArray p = net.predict(Nd4j.rand(DataType.FLOAT, 2, 1, 8, 8));
      assertArrayEquals(new long[] {2, 4}, p.shape());
      assertTrue(net.parameters().containsKey(name + ".weight"), () -> "" + net.parameters());
    } finally {
      compiler.discard(result);
    }
  }

  /** The processor's fallback list, used when the runtime is not on its path, is the runtime's. */
  @Test
  void theReservedNetworkMethodsAreTheRuntimes() {
    Set<String> zeroArgument = new TreeSet<>();
    for (Class<?> c = Network.class; c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getParameterCount() == 0 && !Modifier.isPrivate(m.getModifiers())
            && !m.isSynthetic() && !m.getName().equals("toString")) {
          zeroArgument.add(m.getName());
        }
      }
    }
    for (Class<?> i : Network.class.getInterfaces()) {
      for (Method m : i.getMethods()) {
        if (m.getParameterCount() == 0) {
          zeroArgument.add(m.getName());
        }
      }
    }
    assertEquals(zeroArgument, new TreeSet<>(GeneratedNames.NETWORK_METHODS));
  }
}
