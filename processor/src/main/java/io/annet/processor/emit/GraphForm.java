package io.annet.processor.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.emit.LayerPlan.Step;
import io.annet.processor.model.Member;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A graph's class (branches, merges, blocks): {@link GraphPlan}'s nodes, {@link GraphBodies}'
 * code, {@link GraphSplit}.
 */
final class GraphForm implements NetworkForm {
  private final GraphPlan plan;
  private final GraphBodies bodies;

  GraphForm(ShapeTable table) {
    plan = new GraphPlan(table);
    bodies = new GraphBodies(plan, table);
  }

  @Override
  public boolean implicitSoftmax() {
    return plan.implicitSoftmax();
  }

  /** The kernels, the composite handles, the gradient sums. */
  @Override
  public List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>();
    for (Step s : plan.steps()) {
      fields.add(FieldSpec.builder(s.kernel(), s.field(), PRIVATE, FINAL).build());
    }
    for (String handle : plan.handleFields()) {
      fields.add(FieldSpec.builder(RuntimeTypes.BLOCK_HANDLE, handle, PRIVATE, FINAL).build());
    }
    fields.addAll(bodies.sumFields());
    return fields;
  }

  @Override
  public CodeBlock construct() {
    CodeBlock.Builder b = CodeBlock.builder();
    NetworkForm.initializer(b, plan.steps());
    return b.add(bodies.construct()).build();
  }

  @Override
  public CodeBlock forward() {
    return bodies.forward();
  }

  @Override
  public CodeBlock trainStep() {
    return bodies.trainStep();
  }

  @Override
  public Optional<CodeBlock> classActivationMap() {
    return plan.hasCam() ? Optional.of(bodies.classActivationMap()) : Optional.empty();
  }

  /** Measured on the kernels' construction alone. */
  @Override
  public Optional<GraphSplit> split(int maxChunk) {
    List<CodeBlock> unsplit = new ArrayList<>(List.of(bodies.construct(), forward(), trainStep()));
    classActivationMap().ifPresent(unsplit::add);
    return GraphSplit.of(plan, bodies, unsplit, maxChunk);
  }

  /** A node's accessor returns its kernel; a block's or repeat's its composite handle. */
  @Override
  public List<MethodSpec> accessors() {
    List<MethodSpec> methods = new ArrayList<>();
    for (Member m : plan.model().members()) {
      if (m instanceof Member.Group g) {
        String what =
            g.kind().equals("Use")
                ? "@Use(" + g.block() + ")"
                : "@Repeat(" + g.members().size() + ")"
                    + (g.block().isEmpty() ? "" : " @Use(" + g.block() + ")");
        methods.add(
            GraphBodies.accessor(m)
                .addJavadoc("The composite handle of $L $L.\n", g.name(), what)
                .returns(RuntimeTypes.BLOCK_HANDLE)
                .addStatement("return $L", plan.ref(g.name()))
                .build());
      } else {
        Step s = plan.steps().get(((Member.Node) m).index());
        methods.add(
            GraphBodies.accessor(m)
                .addAnnotation(Override.class)
                .returns(s.kernel())
                .addStatement("return $L", plan.ref(s.field()))
                .build());
      }
    }
    return methods;
  }

  @Override
  public String trainNote() {
    return ";\na node feeding several consumers gets their gradients summed in a reused buffer";
  }

  @Override
  public CodeBlock camJavadoc() {
    return CodeBlock.of(
        "The class activation map of {@code classIndex} for each example, {@code [N, H,"
            + " W]}:\nthe inference forward up to the maps feeding the global average"
            + " pool,\nthen $L.\n",
        plan.camDense().isPresent()
            ? "the maps weighted by the dense layer's row {@code classIndex}"
            : "map {@code classIndex} itself");
  }
}
