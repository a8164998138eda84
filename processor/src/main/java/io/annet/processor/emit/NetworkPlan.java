package io.annet.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Member;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.shape.LayerRow;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The nodes of a generated network in declaration (call) order, a chain's and a graph's alike (a
 * chain is a graph whose nodes each consume the previous one), with the Java names generated code
 * uses: the dotted path in lowerCamelCase for fields ({@code mixed.0.b2a} -> {@code mixed0B2a}),
 * {@code <field>Out}, {@code grad<Field>} and {@code <field>Grads} for locals, the fields of the
 * composite handles of {@code @Use}/{@code @Repeat} methods, and a {@code <field>Sum} field for
 * each node whose gradient is summed over several consumers.
 */
final class NetworkPlan {
  /**
   * One node of the network.
   *
   * @param field the field name
   * @param kernel the runtime kernel class
   * @param spec the parsed layer; for the implicit softmax a synthetic {@code SoftmaxSpec}
   * @param input per-example input shape (a merge's first input)
   * @param output per-example output shape
   * @param implicit whether the model did not declare it (the implicit softmax)
   */
  record Step(
      String field, ClassName kernel, LayerSpec spec, Shape input, Shape output,
      boolean implicit) {

    /**
     * The kernel's constructor call; a merge's, which needs the shapes of all its inputs, is
     * {@link NetworkPlan#newKernel(int)}'s.
     */
    CodeBlock newKernel() {
      return implicit
          ? CodeBlock.of("new $T($S, $L, dtype)", kernel, spec.name(), input.toJavaArray())
          : KernelConstructors.newKernel(spec, input);
    }

    /** The node's dotted name, as declared; the implicit softmax by its field. */
    String name() {
      return implicit ? field : spec.name();
    }
  }

  /**
   * The head's record in a split network's training step (see {@link SplitPasses}); no node's
   * locals can be named so ({@code <field>Out}, {@code grad<Field>}, {@code <field>Grads}).
   */
  static final String HEAD_RECORD = "headRecord";

  private final ShapeTable table;
  private final ModelSpec model;
  private final boolean chain;
  private final List<Step> steps;
  private final List<List<Integer>> inputs;
  private final List<String> handleFields = new ArrayList<>();
  private final Set<String> locals = new HashSet<>(GeneratedNames.LOCALS);
  private final boolean implicitSoftmax;
  private final boolean[] live;
  private final int[] consumers;
  private final String[] sums;
  private final Optional<CamSite> cam;
  private final Map<Integer, List<String>> headers = new HashMap<>();
  private final boolean[] trains;

  NetworkPlan(ShapeTable table) {
    this.table = table;
    model = table.model();
    chain = model.isChain();
    List<LayerRow> rows = table.rows();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("expected a model with at least one layer, found none");
    }
    Set<String> used = new HashSet<>();
    for (Member m : model.members()) {
      if (m instanceof Member.Group g) {
        used.add(g.name());
      }
    }
    List<String> fields = new ArrayList<>();
    for (LayerRow row : rows) {
      fields.add(field(camel(row.layer().name()), used));
    }
    implicitSoftmax = !(rows.get(rows.size() - 1).layer() instanceof SoftmaxSpec);
    if (implicitSoftmax) {
      // A declared layer keeps its name; the implicit softmax says what it is instead.
      boolean taken = used.contains("softmax") || clashes("softmax");
      fields.add(field(taken ? "implicitSoftmax" : "softmax", used));
    }
    List<Step> list = new ArrayList<>();
    inputs = new ArrayList<>(model.inputs());
    for (int i = 0; i < rows.size(); i++) {
      LayerRow r = rows.get(i);
      list.add(step(fields.get(i), r.layer(), r.input(), r.output(), false));
    }
    if (implicitSoftmax) {
      Shape last = rows.get(rows.size() - 1).output();
      list.add(step(fields.get(rows.size()), new SoftmaxSpec("softmax"), last, last, true));
      inputs.add(List.of(rows.size() - 1));
    }
    steps = List.copyOf(list);
    trains = BackwardGuards.trains(table, steps.size());
    // Only nodes whose output reaches the loss get a gradient (an unused branch gets none).
    int n = steps.size();
    live = new boolean[n];
    consumers = new int[n];
    live[n - 1] = true;
    for (int i = n - 1; i >= 0; i--) {
      if (live[i]) {
        for (int p : inputs.get(i)) {
          if (p >= 0) {
            live[p] = true;
            consumers[p]++;
          }
        }
      }
    }
    // Named after every node and handle field, so that those keep their names.
    sums = new String[n];
    for (int i = 0; i < n; i++) {
      if (consumers[i] > 1) {
        sums[i] = Chunks.unused(steps.get(i).field() + "Sum", used);
        used.add(sums[i]);
      }
    }
    for (Member m : model.members()) {
      if (m instanceof Member.Group g) {
        handleFields.add(g.name());
      }
      collectHeaders(m);
    }
    cam = CamSite.find(rows, inputs.subList(0, rows.size()));
  }

  /** {@code mixed.0.b2a} -> {@code mixed0B2a}. */
  static String camel(String dotted) {
    String[] parts = dotted.split("\\.");
    StringBuilder b = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return b.toString();
  }

  /**
   * A field name for a node: {@code name}, numbered when it is taken, or when one of the locals
   * named after it ({@code <field>Out}, {@code grad<Field>}, {@code <field>Grads}) would be the
   * same as an earlier node's or a fixed local ({@code x} and {@code grad} give {@code gradX}, so
   * a node {@code xOut} would make {@code gradXOut}, the record of a node {@code gradX}).
   */
  private String field(String name, Set<String> used) {
    String candidate = name;
    for (int n = 2; used.contains(candidate) || clashes(candidate); n++) {
      candidate = name + n;
    }
    used.add(candidate);
    locals.addAll(derivedLocals(candidate));
    return candidate;
  }

  private boolean clashes(String field) {
    for (String local : derivedLocals(field)) {
      if (locals.contains(local)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> derivedLocals(String field) {
    return List.of(field + "Out",
        "grad" + Character.toUpperCase(field.charAt(0)) + field.substring(1), field + "Grads");
  }

  private static Step step(String field, LayerSpec spec, Shape in, Shape out, boolean implicit) {
    return new Step(field, RuntimeTypes.kernel(spec), spec, in, out, implicit);
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

  /** The block-use comments above node {@code i}, if it starts one or more. */
  void header(CodeBlock.Builder b, int i) {
    for (String h : headers.getOrDefault(i, List.of())) {
      b.add("// $L\n", h);
    }
  }

  /**
   * The shape comment of node {@code i} by its dotted name, {@code mixed.0.b1: [4, 6, 6] -> [3,
   * 6, 6]}; a merge lists every input: {@code out: [3, 6, 6] + [2, 6, 6] -> [5, 6, 6]}.
   */
  String comment(int i) {
    Step s = steps.get(i);
    String name = s.implicit() ? s.field() + " (implicit)" : s.spec().name();
    String in = s.input().toString();
    if (s.spec().isMerge()) {
      in = String.join(" + ", table.rows().get(i).inputs().stream().map(Shape::toString).toList());
    }
    return name + ": " + in + " -> " + s.output();
  }

  /** The constructor call of node {@code i}'s kernel, a merge's with the shapes of its inputs. */
  CodeBlock newKernel(int i) {
    Step s = steps.get(i);
    return s.spec().isMerge() ? KernelConstructors.newMerge(s.spec(), table.rows().get(i))
        : s.newKernel();
  }

  /** How code inside the class names a field: {@code this.x} when a local shadows it. */
  CodeBlock ref(String field) {
    return GeneratedNames.fieldRef(field, locals);
  }

  /** How code names step {@code i}'s kernel. */
  CodeBlock ref(int i) {
    return ref(steps.get(i).field());
  }

  ShapeTable table() {
    return table;
  }

  ModelSpec model() {
    return model;
  }

  /**
   * Whether the network is a plain chain (every node consumes the previous one, no merge, no
   * handle): its passes then carry one running local ({@code a}, {@code grad}, {@code maps}).
   */
  boolean chain() {
    return chain;
  }

  /** Every node in declaration order, the implicit softmax last. */
  List<Step> steps() {
    return steps;
  }

  /** Per step, the steps it consumes (-1: the input); the implicit softmax consumes the last. */
  List<List<Integer>> inputs() {
    return inputs;
  }

  /** Whether step {@code i}'s output reaches the loss, so that backward computes its gradient. */
  boolean live(int i) {
    return live[i];
  }

  /** How many live steps consume step {@code i}'s output. */
  int consumers(int i) {
    return consumers[i];
  }

  /** The {@code GradientSum} field of step {@code i}, present when it has several consumers. */
  Optional<String> sum(int i) {
    return Optional.ofNullable(sums[i]);
  }

  /** Whether some node's gradient is summed over several consumers. */
  boolean sumsGradients() {
    for (String s : sums) {
      if (s != null) {
        return true;
      }
    }
    return false;
  }

  boolean implicitSoftmax() {
    return implicitSoftmax;
  }

  /** Whether step {@code i}'s layer has parameters (a backward may stop there). */
  boolean trains(int i) {
    return trains[i];
  }

  /** Whether the network gets a {@code classActivationMap} method. */
  boolean hasCam() {
    return cam.isPresent();
  }

  /** The node whose maps feed the GAP of the CAM head (-1: the input). */
  int camMaps() {
    return cam.orElseThrow().maps();
  }

  /** The {@code @Dense} after the GAP, if any. */
  Optional<Step> camDense() {
    OptionalInt dense = cam.orElseThrow().dense();
    return dense.isPresent() ? Optional.of(steps.get(dense.getAsInt())) : Optional.empty();
  }

  /** The fields of the top-level composite handles, in member order. */
  List<String> handleFields() {
    return handleFields;
  }

  /**
   * Whether the network registers exactly its declared nodes in order (no composite handle), so
   * that a split constructor can register the first kernels its helpers built.
   */
  boolean registersNodesOnly() {
    List<Member> members = model.members();
    for (int i = 0; i < members.size(); i++) {
      if (!(members.get(i) instanceof Member.Node n) || n.index() != i) {
        return false;
      }
    }
    return true;
  }
}
