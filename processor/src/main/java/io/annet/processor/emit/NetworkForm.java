package io.annet.processor.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.emit.NetworkPlan.Step;
import io.annet.processor.model.Member;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a generated network class that depend on its layers, a chain's and a graph's
 * through one path (a chain is a graph whose nodes each consume the previous one): {@link
 * NetworkPlan}'s nodes, {@link Construction}'s constructor, {@link PassBodies}' passes and, for a
 * large network, {@link SplitPasses}. {@link NetworkEmitter} and {@link MethodLimits} read it.
 */
final class NetworkForm {
  private final NetworkPlan plan;
  private final Construction construction;
  private final PassBodies bodies;

  NetworkForm(ShapeTable table) {
    plan = new NetworkPlan(table);
    construction = new Construction(plan);
    bodies = new PassBodies(plan);
  }

  /** Whether a kernel of {@code steps} draws initial weights (and takes the initializer). */
  static boolean needsInitializer(List<Step> steps) {
    return steps.stream().anyMatch(s -> KernelConstructors.needsInitializer(s.spec()));
  }

  /** The constructor's {@code Initializer init = new Initializer(seed);} if a kernel needs it. */
  static void initializer(CodeBlock.Builder b, List<Step> steps) {
    if (needsInitializer(steps)) {
      // Weights are drawn in construction order, so the seed fixes every tensor.
      b.addStatement("$T init = new $T(seed)", RuntimeTypes.INITIALIZER, RuntimeTypes.INITIALIZER);
    }
  }

  /** Whether the network ends in a softmax the model did not declare. */
  boolean implicitSoftmax() {
    return plan.implicitSoftmax();
  }

  /** The instance fields: the kernels, the composite handles, the gradient sums. */
  List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>();
    for (Step s : plan.steps()) {
      fields.add(FieldSpec.builder(s.kernel(), s.field(), PRIVATE, FINAL).build());
    }
    for (String handle : plan.handleFields()) {
      fields.add(FieldSpec.builder(RuntimeTypes.BLOCK_HANDLE, handle, PRIVATE, FINAL).build());
    }
    fields.addAll(construction.sumFields());
    return fields;
  }

  /** The unsplit constructor's body after {@code super(...)}. */
  CodeBlock construct() {
    return construction.unsplit();
  }

  /** The unsplit body of {@code forward}. */
  CodeBlock forward() {
    return bodies.forward();
  }

  /** The unsplit body of {@code trainStep}. */
  CodeBlock trainStep() {
    return bodies.trainStep();
  }

  /** The unsplit body of {@code classActivationMap}, when the network has a CAM head. */
  Optional<CodeBlock> classActivationMap() {
    return plan.hasCam() ? Optional.of(bodies.classActivationMap()) : Optional.empty();
  }

  /** The split form, or empty when every unsplit method fits ({@code maxChunk}: 0 automatic). */
  Optional<SplitPasses> split(int maxChunk) {
    List<CodeBlock> unsplit = new ArrayList<>(List.of(construct(), forward(), trainStep()));
    classActivationMap().ifPresent(unsplit::add);
    return SplitPasses.of(plan, construction, unsplit, maxChunk);
  }

  /** A node's accessor returns its kernel; a block's or repeat's its composite handle. */
  List<MethodSpec> accessors() {
    List<MethodSpec> methods = new ArrayList<>();
    for (Member m : plan.model().members()) {
      if (m instanceof Member.Group g) {
        String what =
            g.kind().equals("Use")
                ? "@Use(" + g.block() + ")"
                : "@Repeat(" + g.members().size() + ")"
                    + (g.block().isEmpty() ? "" : " @Use(" + g.block() + ")");
        methods.add(
            PassBodies.accessor(m)
                .addJavadoc("The composite handle of $L $L.\n", g.name(), what)
                .returns(RuntimeTypes.BLOCK_HANDLE)
                .addStatement("return $L", plan.ref(g.name()))
                .build());
      } else {
        Step s = plan.steps().get(((Member.Node) m).index());
        methods.add(
            PassBodies.accessor(m)
                .addAnnotation(Override.class)
                .returns(s.kernel())
                .addStatement("return $L", plan.ref(s.field()))
                .build());
      }
    }
    return methods;
  }

  /** What ends the first sentence of {@code trainStep}'s Javadoc. */
  String trainNote() {
    return plan.sumsGradients()
        ? ";\na node feeding several consumers gets their gradients summed in a reused buffer"
        : "";
  }

  /** The Javadoc of {@code classActivationMap}. */
  CodeBlock camJavadoc() {
    int mapsIndex = plan.camMaps();
    String maps =
        mapsIndex < 0
            ? plan.model().input().toString()
            : plan.steps().get(mapsIndex).output().toString();
    Optional<Step> dense = plan.camDense();
    String how =
        dense.isPresent()
            ? "the maps weighted by row {@code classIndex} of {@code "
                + dense.get().name()
                + "}'s weight (Zhou et al. 2016)"
            : "map {@code classIndex} itself (the Network-in-Network head)";
    return CodeBlock.of(
        "The class activation map of {@code classIndex} for each example, {@code [N, H, W]}:\n"
            + "the inference forward up to the maps feeding the global average pool ($L),\n"
            + "then $L.\n",
        maps,
        how);
  }
}
