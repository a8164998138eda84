package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import java.util.List;
import java.util.Optional;

/**
 * The split form of a network's methods, a chain's ({@link SplitChain}) or a graph's ({@link
 * GraphSplit}), both cut by {@link Chunks}: what the emitter and {@link MethodLimits} read of it.
 */
interface SplitPasses {
  /** The reused fields the chunks keep their records (and gradients) in. */
  List<FieldSpec> fields();

  /** The constructor's body after {@code super(...)}. */
  CodeBlock constructorBody();

  /** The bound of the split constructor, which still assigns every field. */
  int constructorBound();

  /** The body of {@code forward}. */
  CodeBlock forward();

  /** The body of {@code trainStep}. */
  CodeBlock trainStep();

  /** The body of {@code classActivationMap}, when the network has a CAM head. */
  Optional<CodeBlock> classActivationMap();

  /** The chunk methods and static helpers, in the order the class declares them. */
  List<MethodSpec> helpers();
}
