package io.annet.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.shape.LayerRow;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The layers of a generated network in call order, with the names generated code uses for them:
 * the declared layers, then the implicit softmax when the model does not end in {@code @Softmax}.
 */
final class LayerPlan {
  /**
   * One layer of the network.
   *
   * @param field the field (and, for declared layers, accessor method) name
   * @param kernel the runtime kernel class
   * @param spec the parsed layer; for the implicit softmax a synthetic {@code SoftmaxSpec}
   * @param input per-example input shape
   * @param output per-example output shape
   * @param implicit whether the model did not declare it (the implicit softmax)
   * @param ref how code inside the class names the field: {@code conv1} or {@code this.x}
   */
  record Step(
      String field,
      ClassName kernel,
      LayerSpec spec,
      Shape input,
      Shape output,
      boolean implicit,
      CodeBlock ref) {

    /** The local holding this layer's {@code Saved} record in {@code trainStep}. */
    String savedLocal() {
      return field + "Out";
    }

    /**
     * The kernel's constructor call, chains' and graphs' alike; a merge's, which needs the shapes
     * of all its inputs, is {@code GraphBodies.kernel}'s.
     */
    CodeBlock newKernel() {
      return implicit
          ? CodeBlock.of("new $T($S, $L, dtype)", kernel, spec.name(), input.toJavaArray())
          : KernelConstructors.newKernel(spec, input);
    }

    /** The trailing shape comment: {@code conv1: [1, 28, 28] -> [32, 28, 28]}. */
    String comment() {
      return field + (implicit ? " (implicit)" : "") + ": " + input + " -> " + output;
    }
  }

  /**
   * The head a class activation map is computed from.
   *
   * @param mapsIndex index of the last step before the GAP, or -1 when the GAP reads the input
   * @param dense the {@code @Dense} after the GAP, if any (GAP -> Dense, Zhou et al. 2016)
   */
  record CamHead(int mapsIndex, Optional<Step> dense) {}

  private final List<Step> steps;
  private final boolean implicitSoftmax;
  private final Optional<CamHead> camHead;
  private final boolean[] trains;

  LayerPlan(ShapeTable table) {
    List<LayerRow> rows = table.rows();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("expected a model with at least one layer, found none");
    }
    Set<String> fieldNames = new HashSet<>();
    Set<String> shadowed = new HashSet<>(GeneratedNames.LOCALS);
    for (LayerRow row : rows) {
      fieldNames.add(row.layer().name());
      shadowed.add(row.layer().name() + "Out");
    }
    implicitSoftmax = !(rows.get(rows.size() - 1).layer() instanceof SoftmaxSpec);
    String softmaxField = "softmax";
    while (implicitSoftmax && fieldNames.contains(softmaxField)) {
      softmaxField = "implicit" + Character.toUpperCase(softmaxField.charAt(0))
          + softmaxField.substring(1);
    }
    if (implicitSoftmax) {
      shadowed.add(softmaxField + "Out");
    }
    List<Step> list = new ArrayList<>();
    for (LayerRow row : rows) {
      list.add(step(row.layer().name(), row.layer(), row.input(), row.output(), false, shadowed));
    }
    if (implicitSoftmax) {
      Shape last = rows.get(rows.size() - 1).output();
      list.add(step(softmaxField, new SoftmaxSpec("softmax"), last, last, true, shadowed));
    }
    steps = List.copyOf(list);
    trains = BackwardGuards.trains(table, steps.size());
    camHead =
        CamSite.find(rows, CamSite.chainInputs(rows.size()))
            .map(c -> new CamHead(c.maps(), optional(c.dense())));
  }

  private static Step step(
      String field, LayerSpec spec, Shape in, Shape out, boolean implicit, Set<String> shadowed) {
    CodeBlock ref = GeneratedNames.fieldRef(field, shadowed);
    return new Step(field, RuntimeTypes.kernel(spec), spec, in, out, implicit, ref);
  }

  private Optional<Step> optional(OptionalInt index) {
    return index.isPresent() ? Optional.of(steps.get(index.getAsInt())) : Optional.empty();
  }

  /** Every step in call order, the implicit softmax last. */
  List<Step> steps() {
    return steps;
  }

  /** The declared layers only: the fields with accessors, registered with the network. */
  List<Step> declared() {
    return implicitSoftmax ? steps.subList(0, steps.size() - 1) : steps;
  }

  /** The softmax that ends the network, declared or implicit. */
  Step head() {
    return steps.get(steps.size() - 1);
  }

  boolean implicitSoftmax() {
    return implicitSoftmax;
  }

  /** Whether step {@code i}'s layer has parameters (a backward may stop there). */
  boolean trains(int i) {
    return trains[i];
  }

  /** Present when the network gets a {@code classActivationMap} method. */
  Optional<CamHead> camHead() {
    return camHead;
  }
}
