package io.annet.processor.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.emit.LayerPlan.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The methods of a graph too large for one JVM method each, cut into chunks of consecutive nodes
 * (declaration order) like {@link SplitChain}: the constructor assigns the fields from static
 * {@code kernels<c>} helpers; every pass keeps each node's record in the reused field {@code
 * Forward[] records} (its output read back as {@code records[i].output()}), and backward keeps
 * each node's gradient in the reused field {@code INDArray[] grads}, walking the nodes in reverse
 * as the unsplit backward does, with the same {@code GradientSum} fields.
 */
final class GraphSplit implements SplitPasses {
  private static final ClassName FORWARD = RuntimeTypes.FORWARD;

  private final GraphPlan plan;
  private final GraphBodies bodies;
  private final Chunks chunks;
  private final String records;
  private final String grads;
  /** The backward chunks take no parameter: named apart from every accessor of the model. */
  private final String backward;

  private GraphSplit(GraphPlan plan, GraphBodies bodies, Chunks chunks) {
    this.plan = plan;
    this.bodies = bodies;
    this.chunks = chunks;
    Set<String> fields = fields(plan);
    records = Chunks.unused("records", fields);
    grads = Chunks.unused("grads", fields);
    Set<String> methods = new HashSet<>();
    plan.model().members().forEach(m -> methods.add(m.name()));
    String name = "backward";
    while (Chunks.clashes(name, methods)) {
      name = "chunk" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
    backward = name;
  }

  /** The fields of the class: the nodes', the handles' and the gradient sums'. */
  private static Set<String> fields(GraphPlan plan) {
    Set<String> fields = new HashSet<>(plan.handleFields());
    plan.steps().forEach(s -> fields.add(s.field()));
    for (int i = 0; i < plan.steps().size(); i++) {
      plan.sum(i).ifPresent(fields::add);
    }
    return fields;
  }

  /**
   * The split form, or empty when every unsplit method's bound is within the JVM's limit (a bound,
   * so the unsplit code surely compiles) and {@code maxChunk} does not force it.
   */
  static Optional<GraphSplit> of(
      GraphPlan plan, GraphBodies bodies, List<CodeBlock> unsplit, int maxChunk) {
    boolean large = unsplit.stream().anyMatch(c -> MethodSize.of(c) > MethodSize.LIMIT);
    return Chunks.of(
            plan.steps(),
            large,
            maxChunk,
            i -> Math.max(MethodSize.of(bodies.kernel(i)), 64 + 24 * plan.inputs().get(i).size()),
            fields(plan))
        .map(c -> new GraphSplit(plan, bodies, c));
  }

  private int chunks() {
    return chunks.count();
  }

  private CodeBlock self(int i) {
    return CodeBlock.of("this.$N", plan.steps().get(i).field());
  }

  private String range(int c) {
    return chunks.range(c);
  }

  /** The bound of the split constructor (see {@link SplitChain#constructorBound()}). */
  @Override
  public int constructorBound() {
    return chunks.constructorBound() + MethodSize.of(bodies.constructTail());
  }

  /** The reused fields: each node's record and each node's gradient. */
  @Override
  public List<FieldSpec> fields() {
    return List.of(
        FieldSpec.builder(ArrayTypeName.of(FORWARD), records, PRIVATE, FINAL)
            .addJavadoc("The record of each node in the last forward pass, for its backward.\n")
            .build(),
        FieldSpec.builder(ArrayTypeName.of(RuntimeTypes.INDARRAY), grads, PRIVATE, FINAL)
            .addJavadoc("The gradient of each node's output in the last backward pass.\n")
            .build());
  }

  /** The constructor's body after {@code super(...)}. */
  @Override
  public CodeBlock constructorBody() {
    CodeBlock.Builder b = CodeBlock.builder();
    chunks.construct(b);
    int n = plan.steps().size();
    b.addStatement("this.$N = new $T[$L]", records, FORWARD, n);
    b.addStatement("this.$N = new $T[$L]", grads, RuntimeTypes.INDARRAY, n);
    return b.add(bodies.constructTail()).build();
  }

  /** The static kernel helpers, then the chunks of forward, training forward and backward. */
  @Override
  public List<MethodSpec> helpers() {
    List<MethodSpec> methods = new ArrayList<>(chunks.kernelHelpers(bodies::kernel));
    for (boolean training : new boolean[] {false, true}) {
      for (int c = 0; c < chunks(); c++) {
        methods.add(
            MethodSpec.methodBuilder((training ? "trainForward" : "forward") + c)
                .addJavadoc(
                    "$L through $L, keeping each record in {@code $L}.\n",
                    training ? "Training forward" : "Inference",
                    range(c),
                    records)
                .addModifiers(PRIVATE)
                .addParameter(RuntimeTypes.INDARRAY, "x")
                .addCode(forwardNodes(chunks.start(c), chunks.end(c), training, "x"))
                .build());
      }
    }
    Backward walk = new Backward();
    for (int c = chunks() - 1; c >= 0; c--) {
      CodeBlock body = walk.chunk(chunks.start(c), chunks.end(c));
      if (!body.isEmpty()) {
        methods.add(
            MethodSpec.methodBuilder(backward + c)
                .addJavadoc("Backward through $L in reverse.\n", range(c))
                .addModifiers(PRIVATE)
                .addCode(body)
                .build());
      }
    }
    return methods;
  }

  private CodeBlock forwardNodes(int from, int to, boolean training, String x) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = from; i < to; i++) {
      Step s = plan.steps().get(i);
      bodies.header(b, i);
      List<String> in = new ArrayList<>();
      for (int p : plan.inputs().get(i)) {
        in.add(p < 0 ? x : "this." + records + "[" + p + "].output()");
      }
      String args =
          s.spec().isMerge()
              ? training + ", " + String.join(", ", in)
              : in.get(0) + ", " + training;
      b.add("// $L\n", bodies.comment(s));
      b.addStatement("this.$N[$L] = $L.forward($L)", records, i, self(i), args);
    }
    return b.build();
  }

  private void callForward(CodeBlock.Builder b, String prefix, String x, int end) {
    for (int c = 0; c < chunks() && chunks.start(c) <= end; c++) {
      b.addStatement("$L$L($L)", prefix, c, x);
    }
  }

  /** {@code forward}: the chunks, then the head's output, the records cleared. */
  @Override
  public CodeBlock forward() {
    int head = plan.steps().size() - 1;
    CodeBlock.Builder b = CodeBlock.builder();
    callForward(b, "forward", "x", head);
    b.addStatement("$T out = this.$N[$L].output()", RuntimeTypes.INDARRAY, records, head);
    b.addStatement("$T.fill(this.$N, null)", RuntimeTypes.ARRAYS, records);
    return b.addStatement("return out").build();
  }

  @Override
  public Optional<CodeBlock> classActivationMap() {
    return plan.hasCam() ? Optional.of(camBody()) : Optional.empty();
  }

  /** {@code classActivationMap}: the whole chunks before the maps, the rest inline. */
  private CodeBlock camBody() {
    int maps = plan.camMaps();
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("$T checked = checkInput(x)", RuntimeTypes.INDARRAY);
    int c = 0;
    for (; c < chunks() && chunks.end(c) - 1 <= maps; c++) {
      b.addStatement("forward$L(checked)", c);
    }
    if (c < chunks() && chunks.start(c) <= maps) {
      b.add(forwardNodes(chunks.start(c), maps + 1, false, "checked"));
    }
    String mapsExpr = maps < 0 ? "checked" : "this." + records + "[" + maps + "].output()";
    b.addStatement("$T maps = $L", RuntimeTypes.INDARRAY, mapsExpr);
    b.addStatement("$T.fill(this.$N, null)", RuntimeTypes.ARRAYS, records);
    if (plan.camDense().isPresent()) {
      return b.addStatement(
              "return $T.weighted(maps, this.$N.weight(), classIndex)",
              RuntimeTypes.CLASS_ACTIVATION_MAPS,
              plan.camDense().get().field())
          .build();
    }
    return b.addStatement("return $T.ofClass(maps, classIndex)", RuntimeTypes.CLASS_ACTIVATION_MAPS)
        .build();
  }

  /** {@code trainStep}: the forward chunks, the loss, the backward chunks in reverse. */
  @Override
  public CodeBlock trainStep() {
    int head = plan.steps().size() - 1;
    Step s = plan.steps().get(head);
    CodeBlock.Builder b = CodeBlock.builder();
    callForward(b, "trainForward", "x", head);
    CodeBlock saved = record(head);
    b.addStatement("$T $N = $L", RuntimeTypes.saved(s.kernel()), GraphPlan.HEAD_RECORD, saved);
    b.addStatement("double loss = $L.loss($N, labels)", self(head), GraphPlan.HEAD_RECORD);
    int p = plan.inputs().get(head).get(0);
    if (p >= 0) {
      b.add(
          new Backward()
              .contribute(p, CodeBlock.of("$L.backwardFromLabels($N, labels)", self(head),
                  GraphPlan.HEAD_RECORD)));
      for (int c = chunks() - 1; c >= 0; c--) {
        if (!new Backward().chunk(chunks.start(c), chunks.end(c)).isEmpty()) {
          b.add(BackwardGuards.chunkCall(
              Math.min(chunks.end(c), head), CodeBlock.of("$N$L()", backward, c)));
        }
      }
    }
    // The records and gradients hold the batch only until the next step needs them.
    b.addStatement("$T.fill(this.$N, null)", RuntimeTypes.ARRAYS, records);
    b.addStatement("$T.fill(this.$N, null)", RuntimeTypes.ARRAYS, grads);
    return b.addStatement("return loss").build();
  }

  private CodeBlock record(int i) {
    Step s = plan.steps().get(i);
    return CodeBlock.of("($T) this.$N[$L]", RuntimeTypes.saved(s.kernel()), records, i);
  }

  /** The reverse walk: each contribution to a node's gradient, in the unsplit order. */
  private final class Backward {
    private final int[] received = new int[plan.steps().size()];

    /** The backward of nodes {@code from} to {@code to - 1} below the head, in reverse. */
    CodeBlock chunk(int from, int to) {
      Arrays.fill(received, 0);
      // The contributions of the head and of the live nodes after this chunk come first.
      int head = plan.steps().size() - 1;
      for (int i = head; i >= Math.min(to, head); i--) {
        if (i == head || plan.live(i)) {
          for (int p : plan.inputs().get(i)) {
            if (p >= 0) {
              received[p]++;
            }
          }
        }
      }
      CodeBlock.Builder b = CodeBlock.builder();
      for (int i = Math.min(to, head) - 1; i >= from; i--) {
        if (!plan.live(i)) {
          continue;
        }
        Step s = plan.steps().get(i);
        CodeBlock grad = CodeBlock.of("this.$N[$L]", grads, i);
        List<Integer> inputs = plan.inputs().get(i);
        if (plan.trains(i) && i > 0) { // node 0's backward is the last anyway
          b.add(BackwardGuards.node(i, self(i), record(i), grad, "return"));
        }
        if (s.spec().isMerge()) {
          String local = s.field() + "Grads";
          b.addStatement(
              "$T[] $N = $L.backward($L, $L)",
              RuntimeTypes.INDARRAY,
              local,
              self(i),
              record(i),
              grad);
          for (int k = 0; k < inputs.size(); k++) {
            if (inputs.get(k) >= 0) {
              b.add(contribute(inputs.get(k), CodeBlock.of("$N[$L]", local, k)));
            }
          }
        } else if (inputs.get(0) < 0) {
          // The input's gradient is unused: only this layer's parameter gradients are computed.
          b.addStatement("$L.backwardParameters($L, $L)", self(i), record(i), grad);
        } else {
          CodeBlock call = CodeBlock.of("$L.backward($L, $L)", self(i), record(i), grad);
          b.add(contribute(inputs.get(0), call));
        }
      }
      return b.build();
    }

    /** Node {@code p}'s gradient gets {@code expr}: as is, or summed in its GradientSum. */
    CodeBlock contribute(int p, CodeBlock expr) {
      received[p]++;
      int total = plan.consumers(p);
      if (total == 1) {
        return CodeBlock.builder().addStatement("this.$N[$L] = $L", grads, p, expr).build();
      }
      String sum = plan.sum(p).orElseThrow();
      if (received[p] == 1) {
        return CodeBlock.of(
            "this.$N[$L] = this.$N.first($L); // 1 of $L\n", grads, p, sum, expr, total);
      }
      return CodeBlock.of("this.$N.add($L); // $L of $L\n", sum, expr, received[p], total);
    }
  }
}
