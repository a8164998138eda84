package io.annet.processor.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.emit.LayerPlan.CamHead;
import io.annet.processor.emit.LayerPlan.Step;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A chain's class: {@link LayerPlan}'s layers, {@link PassBodies}' code, {@link SplitChain}. */
final class ChainForm implements NetworkForm {
  private final ShapeTable table;
  private final LayerPlan plan;

  ChainForm(ShapeTable table) {
    this.table = table;
    this.plan = new LayerPlan(table);
  }

  @Override
  public boolean implicitSoftmax() {
    return plan.implicitSoftmax();
  }

  @Override
  public List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>();
    for (Step s : plan.steps()) {
      fields.add(FieldSpec.builder(s.kernel(), s.field(), PRIVATE, FINAL).build());
    }
    return fields;
  }

  @Override
  public CodeBlock construct() {
    CodeBlock.Builder b = CodeBlock.builder();
    NetworkForm.initializer(b, plan.steps());
    for (Step s : plan.steps()) {
      b.addStatement("$L = $L", s.ref(), s.newKernel());
    }
    List<CodeBlock> registered = new ArrayList<>();
    for (Step s : plan.declared()) {
      registered.add(s.ref());
    }
    return b.addStatement("register($L)", CodeBlock.join(registered, ",$W")).build();
  }

  @Override
  public CodeBlock forward() {
    return PassBodies.forward(plan);
  }

  @Override
  public CodeBlock trainStep() {
    return PassBodies.trainStep(plan);
  }

  @Override
  public Optional<CodeBlock> classActivationMap() {
    return plan.camHead().map(c -> PassBodies.classActivationMap(plan, c));
  }

  /** Measured with the whole constructor, {@code super(...)} included. */
  @Override
  public Optional<SplitChain> split(int maxChunk) {
    CodeBlock constructor = NetworkEmitter.constructorStart().addCode(construct()).build().code();
    List<CodeBlock> unsplit = new ArrayList<>(List.of(constructor, forward(), trainStep()));
    classActivationMap().ifPresent(unsplit::add);
    return SplitChain.of(plan, unsplit, maxChunk);
  }

  @Override
  public List<MethodSpec> accessors() {
    List<MethodSpec> methods = new ArrayList<>();
    for (Step s : plan.declared()) {
      methods.add(
          MethodSpec.methodBuilder(s.field())
              .addAnnotation(Override.class)
              .addModifiers(PUBLIC)
              .returns(s.kernel())
              .addStatement("return $L", s.ref())
              .build());
    }
    return methods;
  }

  @Override
  public String trainNote() {
    return "";
  }

  @Override
  public CodeBlock camJavadoc() {
    CamHead cam = plan.camHead().orElseThrow();
    String maps =
        cam.mapsIndex() < 0
            ? table.model().input().toString()
            : plan.steps().get(cam.mapsIndex()).output().toString();
    String how =
        cam.dense().isPresent()
            ? "the maps weighted by row {@code classIndex} of {@code "
                + cam.dense().get().field()
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
