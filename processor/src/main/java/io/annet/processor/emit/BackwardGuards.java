package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.annet.processor.shape.LayerRow;
import io.annet.processor.shape.ShapeTable;
import java.util.List;

/**
 * The guards that end a training step's backward at the first layer that trains (issue 16:
 * frozen layers). The runtime's {@code Network.backwardStop()} is the index, in declaration order
 * with blocks flattened (the generated code's node index), of the first layer with a trainable
 * parameter that is not frozen, or the softmax's when nothing trains; 0 when nothing is frozen.
 * Every node that has parameters gets, before its backward, {@code if (backwardStop() == i) {
 * node.backwardParameters(saved, grad); return ...; }}: its parameter gradients, and nothing
 * below it, whose layers all are frozen (declaration order is topological, so no node below it
 * trains). The softmax gets {@code if (backwardStop() == head) return loss;}. In a split network
 * the call of a backward chunk is guarded too: {@code if (backwardStop() < end)}, {@code end}
 * the chunk's first node after it, so no chunk below the stop runs.
 */
final class BackwardGuards {
  private BackwardGuards() {}

  /** Per step, whether its layer has parameters (the implicit softmax, past the rows, has none). */
  static boolean[] trains(ShapeTable table, int steps) {
    boolean[] trains = new boolean[steps];
    List<LayerRow> rows = table.rows();
    for (int i = 0; i < rows.size() && i < steps; i++) {
      trains[i] = rows.get(i).parameters() > 0;
    }
    return trains;
  }

  /** {@code if (backwardStop() == head) return loss;}, before the softmax's backward. */
  static CodeBlock head(int head) {
    return CodeBlock.builder()
        .beginControlFlow("if (backwardStop() == $L)", head)
        .addStatement("return loss")
        .endControlFlow()
        .build();
  }

  /**
   * Before node {@code i}'s backward: when it is the stop, its parameter gradients only, then
   * {@code exit} ({@code "return loss"}, {@code "return grad"} or {@code "return"}).
   */
  static CodeBlock node(int i, CodeBlock kernel, CodeBlock saved, CodeBlock grad, String exit) {
    return CodeBlock.builder()
        .beginControlFlow("if (backwardStop() == $L)", i)
        .addStatement("$L.backwardParameters($L, $L)", kernel, saved, grad)
        .addStatement(exit)
        .endControlFlow()
        .build();
  }

  /** The condition of a backward chunk's call: it holds a node at or above the stop. */
  static CodeBlock chunkCall(int end, CodeBlock call) {
    return CodeBlock.builder()
        .beginControlFlow("if (backwardStop() < $L)", end)
        .addStatement(call)
        .endControlFlow()
        .build();
  }
}
