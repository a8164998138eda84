package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.emit.LayerPlan.Step;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.Member;
import io.annet.processor.model.Shape;
import io.annet.processor.shape.LayerRow;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * The straight-line code of a graph network, in declaration (topological) order with a shape
 * comment per node: kernel construction and composite handles, inference forward, and the
 * training step whose backward walks the nodes in reverse, summing the gradient of a node that
 * feeds several consumers in a {@code GradientSum} field of its own (the first contribution
 * copied into its reused buffer, the others added), so that no kernel's reused buffer is ever
 * written by the network and a step allocates nothing.
 */
final class GraphBodies {
  private final GraphPlan plan;
  private final ShapeTable table;
  private final Map<Integer, List<String>> headers = new HashMap<>();

  GraphBodies(GraphPlan plan, ShapeTable table) {
    this.plan = plan;
    this.table = table;
    for (Member m : plan.model().members()) {
      collectHeaders(m);
    }
  }

  /** The accessor of a method with its parameters (the inputs it names, unused here). */
  static MethodSpec.Builder accessor(Member m) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(m.name()).addModifiers(Modifier.PUBLIC);
    for (String p : m.parameters()) {
      b.addParameter(RuntimeTypes.LAYER, p);
    }
    return b;
  }

  /** A comment above the first node of every inlined block use. */
  private void collectHeaders(Member member) {
    if (!(member instanceof Member.Group g)) {
      return;
    }
    if (g.kind().equals("Use")) {
      LayerRow first = table.rows().get(g.firstIndex());
      Shape out = table.rows().get(g.outputIndex()).output();
      headers
          .computeIfAbsent(g.firstIndex(), k -> new ArrayList<>())
          .add(g.name() + " @Use(" + g.block() + "): " + first.input() + " -> " + out);
    }
    g.members().forEach(this::collectHeaders);
  }

  void header(CodeBlock.Builder b, int i) {
    for (String h : headers.getOrDefault(i, List.of())) {
      b.add("// $L\n", h);
    }
  }

  /** Kernels in order, then the composite handles, then {@code register(...)}. */
  CodeBlock construct() {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < plan.steps().size(); i++) {
      header(b, i);
      b.addStatement("$L = $L", plan.ref(i), kernel(i));
    }
    return b.add(constructTail()).build();
  }

  /** The constructor call of node {@code i}'s kernel. */
  CodeBlock kernel(int i) {
    Step s = plan.steps().get(i);
    return s.spec().isMerge() ? merge(s, table.rows().get(i)) : s.newKernel();
  }

  /** After the kernels: the composite handles, the gradient sums, {@code register(...)}. */
  CodeBlock constructTail() {
    CodeBlock.Builder b = CodeBlock.builder();
    List<Step> steps = plan.steps();
    List<CodeBlock> registered = new ArrayList<>();
    for (Member m : plan.model().members()) {
      if (m instanceof Member.Group g) {
        b.addStatement("$L = $L", plan.ref(g.name()), handle(g));
        registered.add(plan.ref(g.name()));
      } else {
        registered.add(plan.ref(((Member.Node) m).index()));
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      Optional<String> sum = plan.sum(i);
      if (sum.isPresent()) {
        b.addStatement(
            "$L = new $T($S, $L, dtype)",
            plan.ref(sum.get()),
            RuntimeTypes.GRADIENT_SUM,
            name(i),
            steps.get(i).output().toJavaArray());
      }
    }
    b.addStatement("register($L)", CodeBlock.join(registered, ",$W"));
    return b.build();
  }

  /**
   * {@code private final GradientSum stemSum;} for each node whose gradient is summed over
   * several consumers, in declaration order.
   */
  List<FieldSpec> sumFields() {
    List<FieldSpec> fields = new ArrayList<>();
    for (int i = 0; i < plan.steps().size(); i++) {
      Optional<String> sum = plan.sum(i);
      if (sum.isPresent()) {
        fields.add(
            FieldSpec.builder(
                    RuntimeTypes.GRADIENT_SUM, sum.get(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(
                    "The gradient of $L, summed over its $L consumers.\n",
                    name(i),
                    plan.consumers(i))
                .build());
      }
    }
    return fields;
  }

  /** A node's dotted name, as declared; the implicit softmax by its field. */
  private String name(int i) {
    Step s = plan.steps().get(i);
    return s.implicit() ? s.field() : s.spec().name();
  }

  private static CodeBlock merge(Step s, LayerRow row) {
    List<String> shapes = new ArrayList<>();
    for (Shape in : row.inputs()) {
      String java = in.toJavaArray();
      shapes.add(java.substring("new int[] ".length()));
    }
    CodeBlock arrays = CodeBlock.of("new int[][] {$L}", String.join(", ", shapes));
    if (s.spec() instanceof AddSpec a) {
      return CodeBlock.of(
          "new $T($S,$W$L,$W$T.$L,$Wdtype)",
          s.kernel(),
          s.spec().name(),
          arrays,
          RuntimeTypes.ACTIVATION,
          a.activation().name());
    }
    return CodeBlock.of("new $T($S,$W$L,$Wdtype)", s.kernel(), s.spec().name(), arrays);
  }

  /** {@code new BlockHandle("mixed", "Repeat", new int[] {...}, List.of(...))}, recursively. */
  private CodeBlock handle(Member.Group g) {
    List<CodeBlock> members = new ArrayList<>();
    for (Member m : g.members()) {
      members.add(
          m instanceof Member.Group inner ? handle(inner) : plan.ref(((Member.Node) m).index()));
    }
    Shape out = table.rows().get(g.outputIndex()).output();
    return CodeBlock.of(
        "new $T($S, $S, $L,$W$T.of($L))",
        RuntimeTypes.BLOCK_HANDLE,
        g.name(),
        g.kind(),
        out.toJavaArray(),
        RuntimeTypes.LIST,
        CodeBlock.join(members, ",$W"));
  }

  /**
   * The shape comment of a node by its dotted name, {@code mixed.0.b1: [4, 6, 6] -> [3, 6, 6]}; a
   * merge lists every input: {@code out: [3, 6, 6] + [2, 6, 6] -> [5, 6, 6]}.
   */
  String comment(Step s) {
    String name = s.implicit() ? s.field() + " (implicit)" : s.spec().name();
    String in = s.input().toString();
    if (s.spec().isMerge()) {
      int i = plan.steps().indexOf(s);
      in =
          String.join(
              " + ", table.rows().get(i).inputs().stream().map(Shape::toString).toList());
    }
    return name + ": " + in + " -> " + s.output();
  }

  private String out(int i) {
    return plan.steps().get(i).field() + "Out";
  }

  private static String capital(String field) {
    return Character.toUpperCase(field.charAt(0)) + field.substring(1);
  }

  /** Inference up to and including step {@code last}; {@code x} is the input's name. */
  private void forwardNodes(CodeBlock.Builder b, int last, String x) {
    for (int i = 0; i <= last; i++) {
      Step s = plan.steps().get(i);
      header(b, i);
      List<String> in = new ArrayList<>();
      for (int p : plan.inputs().get(i)) {
        in.add(p < 0 ? x : out(p));
      }
      String args = s.spec().isMerge() ? "false, " + String.join(", ", in) : in.get(0) + ", false";
      String call = "INDArray " + out(i) + " = " + plan.ref(i) + ".forward(" + args + ").output();";
      if (INDENT + call.length() + " // ".length() + comment(s).length() <= 100) {
        b.add(
            "$T $N = $L.forward($L).output(); // $L\n",
            RuntimeTypes.INDARRAY,
            out(i),
            plan.ref(i),
            args,
            comment(s));
      } else {
        // Above the statement when a trailing comment would make the line too long.
        b.add("// $L\n", comment(s));
        b.addStatement(
            "$T $N = $L.forward($L).output()",
            RuntimeTypes.INDARRAY,
            out(i),
            plan.ref(i),
            arguments(args));
      }
    }
  }

  /** The deepest indentation of a pass's statements (inside classActivationMap's try). */
  private static final int INDENT = 6;

  /** {@code args} with a wrap point after each comma: javapoet wraps lines at 100 columns. */
  static CodeBlock arguments(String args) {
    return CodeBlock.join(
        java.util.Arrays.stream(args.split(", ")).map(a -> CodeBlock.of("$L", a)).toList(),
        ",$W");
  }

  /** Inference: every node in order; returns the softmax probabilities. */
  CodeBlock forward() {
    CodeBlock.Builder b = CodeBlock.builder();
    int head = plan.steps().size() - 1;
    forwardNodes(b, head, "x");
    b.addStatement("return $N", out(head));
    return b.build();
  }

  /** The class activation map: inference up to the maps feeding the GAP, then the class's map. */
  CodeBlock classActivationMap() {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("$T checked = checkInput(x)", RuntimeTypes.INDARRAY);
    forwardNodes(b, plan.camMaps(), "checked");
    String maps = plan.camMaps() < 0 ? "checked" : out(plan.camMaps());
    if (plan.camDense().isPresent()) {
      b.addStatement(
          "return $T.weighted($N, $L.weight(), classIndex)",
          RuntimeTypes.CLASS_ACTIVATION_MAPS,
          maps,
          plan.ref(plan.camDense().get().field()));
    } else {
      b.addStatement("return $T.ofClass($N, classIndex)", RuntimeTypes.CLASS_ACTIVATION_MAPS, maps);
    }
    return b.build();
  }

  /** Forward keeping every {@code Saved} record, the loss, then backward in reverse order. */
  CodeBlock trainStep() {
    List<Step> steps = plan.steps();
    List<List<Integer>> inputs = plan.inputs();
    int head = steps.size() - 1;
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i <= head; i++) {
      Step s = steps.get(i);
      header(b, i);
      List<String> in = new ArrayList<>();
      for (int p : inputs.get(i)) {
        in.add(p < 0 ? "x" : out(p) + ".output()");
      }
      String args = s.spec().isMerge() ? "true, " + String.join(", ", in) : in.get(0) + ", true";
      b.add("// $L\n", comment(s));
      b.addStatement(
          "$T $N = $L.forward($L)",
          RuntimeTypes.saved(s.kernel()),
          out(i),
          plan.ref(i),
          arguments(args));
    }
    b.addStatement("double loss = $L.loss($N, labels)", plan.ref(head), out(head));
    new Backward(b).run();
    b.addStatement("return loss");
    return b.build();
  }

  /** The reverse walk of {@link #trainStep()}. */
  private final class Backward {
    private final CodeBlock.Builder b;
    private final List<List<Integer>> inputs = plan.inputs();
    private final int n = plan.steps().size();
    private final int[] received = new int[n];
    private final String[] grad = new String[n];

    Backward(CodeBlock.Builder b) {
      this.b = b;
    }

    void run() {
      int head = n - 1;
      if (inputs.get(head).get(0) >= 0) {
        b.add(BackwardGuards.head(head));
        contribute(
            inputs.get(head).get(0),
            CodeBlock.of("$L.backwardFromLabels($N, labels)", plan.ref(head), out(head)),
            true);
      }
      for (int i = head - 1; i >= 0; i--) {
        if (!plan.live(i)) {
          continue;
        }
        Step s = plan.steps().get(i);
        if (plan.trains(i) && i > 0) { // node 0's backward is the last anyway
          b.add(BackwardGuards.node(i, plan.ref(i), CodeBlock.of("$N", out(i)),
              CodeBlock.of("$L", grad[i]), "return loss"));
        }
        if (s.spec().isMerge()) {
          String grads = s.field() + "Grads";
          b.addStatement(
              "$T[] $N = $L.backward($N, $L)",
              RuntimeTypes.INDARRAY,
              grads,
              plan.ref(i),
              out(i),
              grad[i]);
          for (int k = 0; k < inputs.get(i).size(); k++) {
            int p = inputs.get(i).get(k);
            if (p >= 0) {
              contribute(p, CodeBlock.of("$N[$L]", grads, k), false);
            }
          }
          continue;
        }
        int p = inputs.get(i).get(0);
        if (p < 0) {
          // The input's gradient is unused: only this layer's parameter gradients are computed.
          b.addStatement("$L.backwardParameters($N, $L)", plan.ref(i), out(i), grad[i]);
        } else {
          contribute(p, CodeBlock.of("$L.backward($N, $L)", plan.ref(i), out(i), grad[i]), true);
        }
      }
    }

    /**
     * Adds {@code expr} to the gradient of node {@code p}'s output: with one consumer it is that
     * gradient; with several, the node's {@code GradientSum} copies the first into a buffer of
     * its own and adds the rest there: the network never writes a kernel's returned buffer.
     */
    private void contribute(int p, CodeBlock expr, boolean call) {
      received[p]++;
      int total = plan.consumers(p);
      String local = "grad" + capital(plan.steps().get(p).field());
      if (total == 1) {
        if (call) {
          b.addStatement("$T $N = $L", RuntimeTypes.INDARRAY, local, expr);
          grad[p] = local;
        } else {
          grad[p] = expr.toString();
        }
        return;
      }
      CodeBlock sum = plan.ref(plan.sum(p).orElseThrow());
      if (received[p] == 1) {
        b.add(
            "$T $N =$W$L.first($L); // 1 of $L\n", RuntimeTypes.INDARRAY, local, sum, expr, total);
        grad[p] = local;
      } else {
        b.add("$L.add($Z$L); // $L of $L\n", sum, expr, received[p], total);
      }
    }
  }
}
