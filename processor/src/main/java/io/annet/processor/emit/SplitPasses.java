package io.annet.processor.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.annet.processor.emit.NetworkPlan.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The methods of a network too large for one JVM method each (64 KB of bytecode), a chain's or a
 * graph's, cut by {@link Chunks} into chunks of consecutive nodes (declaration order), each chunk
 * a private method of its own, every node's code the same as unsplit and in the same order: the
 * constructor assigns the fields from static {@code kernels<c>} helpers; every pass keeps each
 * node's record in the reused field {@code Forward[] records} (its output read back as {@code
 * records[i].output()}), and backward keeps each node's gradient in the reused field {@code
 * INDArray[] grads}, walking the nodes in reverse as the unsplit backward does, with the same
 * {@code GradientSum} fields.
 */
final class SplitPasses {
  /** The static helper a split constructor without handles registers its kernels through. */
  static final String DECLARED_LAYERS = "declaredLayers";

  private static final ClassName FORWARD = RuntimeTypes.FORWARD;

  private final NetworkPlan plan;
  private final Construction construction;
  private final Chunks chunks;
  private final String records;
  private final String grads;
  /** The backward chunks take no parameter: named apart from every accessor of the model. */
  private final String backward;

  private SplitPasses(NetworkPlan plan, Construction construction, Chunks chunks) {
    this.plan = plan;
    this.construction = construction;
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
  private static Set<String> fields(NetworkPlan plan) {
    Set<String> fields = new HashSet<>(plan.handleFields());
    plan.steps().forEach(s -> fields.add(s.field()));
    for (int i = 0; i < plan.steps().size(); i++) {
      plan.sum(i).ifPresent(fields::add);
    }
    return fields;
  }

  /**
   * The split form of {@code plan}'s methods, or empty when every unsplit method's bound ({@code
   * unsplit}) is within {@link MethodSize#BUDGET} and {@code maxChunk} (nodes per method, 0 for
   * automatic) does not force a split.
   */
  static Optional<SplitPasses> of(
      NetworkPlan plan, Construction construction, List<CodeBlock> unsplit, int maxChunk) {
    boolean large = unsplit.stream().anyMatch(c -> MethodSize.of(c) > MethodSize.BUDGET);
    return Chunks.of(
            plan.steps(),
            large,
            maxChunk,
            i -> Math.max(MethodSize.of(plan.newKernel(i)), 64 + 24 * plan.inputs().get(i).size()),
            fields(plan))
        .map(c -> new SplitPasses(plan, construction, c));
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

  /**
   * The bound of the split constructor, which still assigns every field: one assignment per
   * field, a call per chunk, then the handles, sums and registration. Above {@link
   * MethodLimits#SPLIT_CONSTRUCTOR} the model cannot be generated at all (about 5,000 layers).
   */
  int constructorBound() {
    return chunks.constructorBound() + MethodSize.of(tail());
  }

  private CodeBlock tail() {
    List<CodeBlock> locals = new ArrayList<>();
    for (int c = 0; c < chunks(); c++) {
      locals.add(CodeBlock.of("$N", chunks.local(c)));
    }
    return construction.tail(Optional.of(locals));
  }

  /** The reused fields: each node's record and each node's gradient. */
  List<FieldSpec> fields() {
    return List.of(
        FieldSpec.builder(ArrayTypeName.of(FORWARD), records, PRIVATE, FINAL)
            .addJavadoc("The record of each node in the last forward pass, for its backward.\n")
            .build(),
        FieldSpec.builder(ArrayTypeName.of(RuntimeTypes.INDARRAY), grads, PRIVATE, FINAL)
            .addJavadoc("The gradient of each node's output in the last backward pass.\n")
            .build());
  }

  /** The constructor's body after {@code super(...)}. */
  CodeBlock constructorBody() {
    CodeBlock.Builder b = CodeBlock.builder();
    chunks.construct(b);
    int n = plan.steps().size();
    b.addStatement("this.$N = new $T[$L]", records, FORWARD, n);
    b.addStatement("this.$N = new $T[$L]", grads, RuntimeTypes.INDARRAY, n);
    return b.add(tail()).build();
  }

  /** The static kernel helpers, then the chunks of forward, training forward and backward. */
  List<MethodSpec> helpers() {
    List<MethodSpec> methods = new ArrayList<>(chunks.kernelHelpers(plan::newKernel));
    if (plan.registersNodesOnly()) {
      methods.add(declaredLayers());
    }
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

  /** {@code declaredLayers(count, chunks...)}: the first {@code count} kernels built. */
  private static MethodSpec declaredLayers() {
    return MethodSpec.methodBuilder(DECLARED_LAYERS)
        .addJavadoc("The first {@code count} kernels of {@code chunks}: the declared layers.\n")
        .addModifiers(PRIVATE, STATIC)
        .returns(ArrayTypeName.of(RuntimeTypes.LAYER))
        .addParameter(TypeName.INT, "count")
        .addParameter(ArrayTypeName.of(Chunks.OBJECTS), "chunks")
        .varargs()
        .addStatement("$T[] layers = new $T[count]", RuntimeTypes.LAYER, RuntimeTypes.LAYER)
        .addStatement("int i = 0")
        .beginControlFlow("for ($T[] chunk : chunks)", Object.class)
        .beginControlFlow("for ($T kernel : chunk)", Object.class)
        .beginControlFlow("if (i < count)")
        .addStatement("layers[i++] = ($T) kernel", RuntimeTypes.LAYER)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addStatement("return layers")
        .build();
  }

  private CodeBlock forwardNodes(int from, int to, boolean training, String x) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = from; i < to; i++) {
      Step s = plan.steps().get(i);
      plan.header(b, i);
      List<String> in = new ArrayList<>();
      for (int p : plan.inputs().get(i)) {
        in.add(p < 0 ? x : "this." + records + "[" + p + "].output()");
      }
      String args =
          s.spec().isMerge()
              ? training + ", " + String.join(", ", in)
              : in.get(0) + ", " + training;
      b.add("// $L\n", plan.comment(i));
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
  CodeBlock forward() {
    int head = plan.steps().size() - 1;
    CodeBlock.Builder b = CodeBlock.builder();
    callForward(b, "forward", "x", head);
    b.addStatement("$T out = this.$N[$L].output()", RuntimeTypes.INDARRAY, records, head);
    b.addStatement("$T.fill(this.$N, null)", RuntimeTypes.ARRAYS, records);
    return b.addStatement("return out").build();
  }

  Optional<CodeBlock> classActivationMap() {
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
    return b.add(PassBodies.camReturn(plan, CodeBlock.of("maps"), f -> CodeBlock.of("this.$N", f)))
        .build();
  }

  /** {@code trainStep}: the forward chunks, the loss, the backward chunks in reverse. */
  CodeBlock trainStep() {
    int head = plan.steps().size() - 1;
    Step s = plan.steps().get(head);
    CodeBlock.Builder b = CodeBlock.builder();
    callForward(b, "trainForward", "x", head);
    CodeBlock saved = record(head);
    b.addStatement("$T $N = $L", RuntimeTypes.saved(s.kernel()), NetworkPlan.HEAD_RECORD, saved);
    b.addStatement("double loss = $L.loss($N, labels)", self(head), NetworkPlan.HEAD_RECORD);
    int p = plan.inputs().get(head).get(0);
    if (p >= 0) {
      b.add(
          new Backward()
              .contribute(p, CodeBlock.of("$L.backwardFromLabels($N, labels)", self(head),
                  NetworkPlan.HEAD_RECORD)));
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
