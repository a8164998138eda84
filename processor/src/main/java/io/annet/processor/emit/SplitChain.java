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
import io.annet.processor.emit.LayerPlan.CamHead;
import io.annet.processor.emit.LayerPlan.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The methods of a chain too large for one JVM method each (64 KB of bytecode), cut into chunks of
 * consecutive layers, each chunk a private method of its own; the code of every layer is the same
 * as unsplit, in the same order.
 *
 * <p>The constructor calls {@code kernels<c>(dtype, init)}, static helpers that build a chunk's
 * kernels in construction order (so the seed draws the same weights) into an {@code Object[]}, and
 * assigns the {@code private final} fields one per statement. {@code forward} chains {@code
 * forward<c>(a)}. {@code trainStep} runs {@code trainForward<c>}, which keep each layer's {@code
 * Saved} record in the reused field {@code Forward[] records} (indexed by layer), then the loss,
 * then {@code backward<c>} in reverse, which read the records back with a cast. {@code
 * classActivationMap} reuses the forward chunks up to its maps.
 */
final class SplitChain implements SplitPasses {
  private static final ClassName FORWARD = RuntimeTypes.FORWARD;

  private final LayerPlan plan;
  private final Chunks chunks;
  private final String records;

  private SplitChain(LayerPlan plan, Chunks chunks) {
    this.plan = plan;
    this.chunks = chunks;
    Set<String> fields = new HashSet<>();
    plan.steps().forEach(s -> fields.add(s.field()));
    records = Chunks.unused("records", fields);
  }

  /**
   * The split form of {@code plan}'s methods, or empty when each fits in one method: when the bound
   * of every unsplit method ({@code unsplit}) is within {@link MethodSize#BUDGET} and {@code
   * maxChunk} (layers per method, 0 for automatic) does not force it.
   */
  static Optional<SplitChain> of(LayerPlan plan, List<CodeBlock> unsplit, int maxChunk) {
    List<Step> steps = plan.steps();
    boolean large = unsplit.stream().anyMatch(c -> MethodSize.of(c) > MethodSize.BUDGET);
    Set<String> fields = new HashSet<>();
    steps.forEach(s -> fields.add(s.field()));
    return Chunks.of(
            steps, large, maxChunk, i -> Math.max(MethodSize.of(steps.get(i).newKernel()), 64), fields)
        .map(c -> new SplitChain(plan, c));
  }

  /**
   * The bound of the split constructor: one assignment per field, a call per chunk. Above {@link
   * MethodSize#LIMIT} minus a margin the model cannot be generated at all (about 5,000 layers).
   */
  @Override
  public int constructorBound() {
    return chunks.constructorBound();
  }

  private int chunks() {
    return chunks.count();
  }

  private List<Step> chunk(int c) {
    return plan.steps().subList(chunks.start(c), chunks.end(c));
  }

  private String range(int c) {
    return chunks.range(c);
  }

  private static CodeBlock self(Step s) {
    return CodeBlock.of("this.$N", s.field());
  }

  /** {@code private final Forward[] records;}: the training forward's records, by layer. */
  @Override
  public List<FieldSpec> fields() {
    return List.of(recordsField());
  }

  private FieldSpec recordsField() {
    return FieldSpec.builder(ArrayTypeName.of(FORWARD), records, PRIVATE, FINAL)
        .addJavadoc(
            "The {@code Saved} record of each layer in the last training forward, for its"
                + " backward.\n")
        .build();
  }

  /** The constructor's body after {@code super(...)}: the chunks, the fields, the registration. */
  @Override
  public CodeBlock constructorBody() {
    CodeBlock.Builder b = CodeBlock.builder();
    List<CodeBlock> locals = chunks.construct(b);
    b.addStatement("this.$N = new $T[$L]", records, FORWARD, plan.steps().size());
    b.addStatement(
        "register(declaredLayers($L,$W$L))",
        plan.declared().size(),
        CodeBlock.join(locals, ",$W"));
    return b.build();
  }

  /** The static helpers of the constructor, the chunks of every pass, in that order. */
  @Override
  public List<MethodSpec> helpers() {
    List<MethodSpec> methods =
        new ArrayList<>(chunks.kernelHelpers(i -> plan.steps().get(i).newKernel()));
    methods.add(
        MethodSpec.methodBuilder("declaredLayers")
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
            .build());
    for (int c = 0; c < chunks(); c++) {
      CodeBlock.Builder b = CodeBlock.builder();
      for (Step s : chunk(c)) {
        b.add("a = $L.forward(a, false).output(); // $L\n", self(s), s.comment());
      }
      methods.add(chunkMethod("forward" + c, "Inference through " + range(c), b.build(), "a"));
    }
    for (int c = 0; c < chunks(); c++) {
      methods.add(trainForward(c));
    }
    for (int c = chunks() - 1; c >= 0; c--) {
      backward(c).ifPresent(methods::add);
    }
    return methods;
  }

  private static MethodSpec chunkMethod(String name, String doc, CodeBlock body, String param) {
    return MethodSpec.methodBuilder(name)
        .addJavadoc("$L.\n", doc)
        .addModifiers(PRIVATE)
        .returns(RuntimeTypes.INDARRAY)
        .addParameter(RuntimeTypes.INDARRAY, param)
        .addCode(body)
        .addStatement("return $N", param)
        .build();
  }

  private MethodSpec trainForward(int c) {
    CodeBlock.Builder b = CodeBlock.builder();
    String input = "x";
    for (int i = chunks.start(c); i < chunks.end(c); i++) {
      Step s = plan.steps().get(i);
      b.add("// $L\n", s.comment());
      b.addStatement(
          "$T $N = $L.forward($L, true)",
          RuntimeTypes.saved(s.kernel()),
          s.savedLocal(),
          self(s),
          input);
      b.addStatement("this.$N[$L] = $N", records, i, s.savedLocal());
      input = s.savedLocal() + ".output()";
    }
    return MethodSpec.methodBuilder("trainForward" + c)
        .addJavadoc(
            "Training forward through $L, keeping each record in {@code $L}.\n", range(c), records)
        .addModifiers(PRIVATE)
        .returns(RuntimeTypes.INDARRAY)
        .addParameter(RuntimeTypes.INDARRAY, "x")
        .addCode(b.build())
        .addStatement("return $L", input)
        .build();
  }

  /** The record of step {@code i} read back: {@code (ConvLayer.Saved) this.records[3]}. */
  private CodeBlock record(int i) {
    Step s = plan.steps().get(i);
    return CodeBlock.of("($T) this.$N[$L]", RuntimeTypes.saved(s.kernel()), records, i);
  }

  /** Backward through the chunk's layers below the head, in reverse; empty if it has none. */
  private Optional<MethodSpec> backward(int c) {
    int head = plan.steps().size() - 1;
    int from = chunks.start(c);
    int to = Math.min(chunks.end(c), head);
    if (from >= to) {
      return Optional.empty();
    }
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = to - 1; i >= Math.max(from, 1); i--) {
      Step s = plan.steps().get(i);
      if (plan.trains(i)) {
        // The stop's chunk returns there; the calls of the chunks below are guarded.
        b.add(BackwardGuards.node(i, self(s), record(i), CodeBlock.of("grad"),
            from > 0 ? "return grad" : "return"));
      }
      b.addStatement("grad = $L.backward($L, grad)", self(s), record(i));
    }
    String doc = "Backward through " + range(c) + " in reverse";
    if (from > 0) {
      return Optional.of(chunkMethod("backward" + c, doc, b.build(), "grad"));
    }
    // The first layer's input gradient is unused: only its parameter gradients are computed.
    b.addStatement("$L.backwardParameters($L, grad)", self(plan.steps().get(0)), record(0));
    return Optional.of(
        MethodSpec.methodBuilder("backward" + c)
            .addJavadoc("$L; the first layer computes its parameter gradients only.\n", doc)
            .addModifiers(PRIVATE)
            .addParameter(RuntimeTypes.INDARRAY, "grad")
            .addCode(b.build())
            .build());
  }

  /** {@code forward}: the chunks in order; the last one ends with the softmax. */
  @Override
  public CodeBlock forward() {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("$T a = x", RuntimeTypes.INDARRAY);
    for (int c = 0; c < chunks() - 1; c++) {
      b.addStatement("a = forward$L(a)", c);
    }
    b.addStatement("return forward$L(a)", chunks() - 1);
    return b.build();
  }

  /** {@code trainStep}: forward chunks, the loss from the head's record, backward chunks. */
  @Override
  public CodeBlock trainStep() {
    Step head = plan.head();
    int last = plan.steps().size() - 1;
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("$T a = x", RuntimeTypes.INDARRAY);
    for (int c = 0; c < chunks(); c++) {
      b.addStatement("a = trainForward$L(a)", c);
    }
    b.addStatement(
        "$T $N = $L", RuntimeTypes.saved(head.kernel()), head.savedLocal(), record(last));
    b.addStatement("double loss = $L.loss($N, labels)", self(head), head.savedLocal());
    if (last > 0) {
      b.addStatement(
          "$T grad = $L.backwardFromLabels($N, labels)",
          RuntimeTypes.INDARRAY,
          self(head),
          head.savedLocal());
      for (int c = chunks() - 1; c >= 0; c--) {
        if (chunks.start(c) >= Math.min(chunks.end(c), last)) {
          continue;
        }
        b.add(BackwardGuards.chunkCall(Math.min(chunks.end(c), last), CodeBlock.of(
            chunks.start(c) > 0 ? "grad = backward$L(grad)" : "backward$L(grad)", c)));
      }
    }
    // The records hold the batch (and every activation) only until the next step needs them.
    b.addStatement("$T.fill(this.$N, null)", RuntimeTypes.ARRAYS, records);
    b.addStatement("return loss");
    return b.build();
  }

  @Override
  public Optional<CodeBlock> classActivationMap() {
    return plan.camHead().map(this::classActivationMap);
  }

  /** {@code classActivationMap}: whole forward chunks up to the maps, then the rest inline. */
  private CodeBlock classActivationMap(CamHead cam) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("$T maps = checkInput(x)", RuntimeTypes.INDARRAY);
    int c = 0;
    for (; c < chunks() && chunks.end(c) - 1 <= cam.mapsIndex(); c++) {
      b.addStatement("maps = forward$L(maps)", c);
    }
    for (int i = chunks.start(c); i <= cam.mapsIndex(); i++) {
      Step s = plan.steps().get(i);
      b.add("maps = $L.forward(maps, false).output(); // $L\n", self(s), s.comment());
    }
    return b.add(PassBodies.camReturn(cam)).build();
  }
}
