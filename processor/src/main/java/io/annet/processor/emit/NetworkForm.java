package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.emit.LayerPlan.Step;
import io.annet.processor.shape.ShapeTable;
import java.util.List;
import java.util.Optional;

/**
 * What differs between the generated class of a chain ({@link ChainForm}) and of a graph ({@link
 * GraphForm}); {@link NetworkEmitter} and {@link MethodLimits} read both through this one path.
 */
interface NetworkForm {
  /** The form of {@code table}'s model: a chain's when it is one, else a graph's. */
  static NetworkForm of(ShapeTable table) {
    return table.model().isChain() ? new ChainForm(table) : new GraphForm(table);
  }

  /** Whether a kernel of {@code steps} draws initial weights (and takes the initializer). */
  static boolean needsInitializer(List<Step> steps) {
    return steps.stream().anyMatch(s -> KernelConstructors.needsInitializer(s.spec()));
  }

  /** The constructor's {@code Initializer init = new Initializer(seed);}, when a kernel needs it. */
  static void initializer(CodeBlock.Builder b, List<Step> steps) {
    if (needsInitializer(steps)) {
      // Weights are drawn in construction order, so the seed fixes every tensor.
      b.addStatement("$T init = new $T(seed)", RuntimeTypes.INITIALIZER, RuntimeTypes.INITIALIZER);
    }
  }

  /** Whether the network ends in a softmax the model did not declare. */
  boolean implicitSoftmax();

  /** The instance fields: the kernels, then whatever else the passes use. */
  List<FieldSpec> fields();

  /** The unsplit constructor's body after {@code super(...)}. */
  CodeBlock construct();

  /** The unsplit body of {@code forward}. */
  CodeBlock forward();

  /** The unsplit body of {@code trainStep}. */
  CodeBlock trainStep();

  /** The unsplit body of {@code classActivationMap}, when the network has a CAM head. */
  Optional<CodeBlock> classActivationMap();

  /** The split form, or empty when every unsplit method fits ({@code maxChunk}: 0 automatic). */
  Optional<? extends SplitPasses> split(int maxChunk);

  /** The accessors of the model's methods. */
  List<MethodSpec> accessors();

  /** What ends the first sentence of {@code trainStep}'s Javadoc. */
  String trainNote();

  /** The Javadoc of {@code classActivationMap}. */
  CodeBlock camJavadoc();
}
