package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.annet.processor.emit.LayerPlan.CamHead;
import io.annet.processor.emit.LayerPlan.Step;
import java.util.List;

/**
 * The straight-line bodies of the generated passes: inference forward, the training step (forward
 * with saved records, fused softmax loss, backward in reverse order) and the class activation map.
 */
final class PassBodies {
  private PassBodies() {}

  /** Inference: each layer's output feeds the next; returns the softmax probabilities. */
  static CodeBlock forward(LayerPlan plan) {
    List<Step> steps = plan.steps();
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("$T a = x", RuntimeTypes.INDARRAY);
    for (Step s : steps.subList(0, steps.size() - 1)) {
      b.add("a = $L.forward(a, false).output(); // $L\n", s.ref(), s.comment());
    }
    Step head = plan.head();
    b.add("return $L.forward(a, false).output(); // $L\n", head.ref(), head.comment());
    return b.build();
  }

  /** Training: forward keeping every {@code Saved} record, loss, then backward from the head. */
  static CodeBlock trainStep(LayerPlan plan) {
    List<Step> steps = plan.steps();
    CodeBlock.Builder b = CodeBlock.builder();
    String input = "x";
    for (Step s : steps) {
      // The comment goes above: these lines are too long for a trailing one.
      b.add("// $L\n", s.comment());
      b.addStatement(
          "$T $N = $L.forward($L, true)",
          RuntimeTypes.saved(s.kernel()),
          s.savedLocal(),
          s.ref(),
          input);
      input = s.savedLocal() + ".output()";
    }
    Step head = plan.head();
    b.addStatement("double loss = $L.loss($N, labels)", head.ref(), head.savedLocal());
    List<Step> body = steps.subList(0, steps.size() - 1);
    if (!body.isEmpty()) {
      b.add(BackwardGuards.head(steps.size() - 1));
      b.addStatement(
          "$T grad = $L.backwardFromLabels($N, labels)",
          RuntimeTypes.INDARRAY,
          head.ref(),
          head.savedLocal());
      for (int i = body.size() - 1; i >= 1; i--) {
        Step s = body.get(i);
        if (plan.trains(i)) {
          b.add(BackwardGuards.node(
              i, s.ref(), CodeBlock.of("$N", s.savedLocal()), CodeBlock.of("grad"), "return loss"));
        }
        b.addStatement("grad = $L.backward($N, grad)", s.ref(), s.savedLocal());
      }
      // The first layer's input gradient is unused: only its parameter gradients are computed.
      Step first = body.get(0);
      b.addStatement("$L.backwardParameters($N, grad)", first.ref(), first.savedLocal());
    }
    b.addStatement("return loss");
    return b.build();
  }

  /** Inference up to the maps feeding the GAP, then the class's map (weighted for a dense head). */
  static CodeBlock classActivationMap(LayerPlan plan, CamHead cam) {
    CodeBlock.Builder b = CodeBlock.builder();
    // The same boundary check as predict: the layers below must never see a malformed input.
    b.addStatement("$T maps = checkInput(x)", RuntimeTypes.INDARRAY);
    for (Step s : plan.steps().subList(0, cam.mapsIndex() + 1)) {
      b.add("maps = $L.forward(maps, false).output(); // $L\n", s.ref(), s.comment());
    }
    return b.add(camReturn(cam)).build();
  }

  /** The class's map from {@code maps}: weighted by the dense head's row, or the map itself. */
  static CodeBlock camReturn(CamHead cam) {
    if (cam.dense().isPresent()) {
      return CodeBlock.builder()
          .addStatement(
              "return $T.weighted(maps, $L.weight(), classIndex)",
              RuntimeTypes.CLASS_ACTIVATION_MAPS,
              cam.dense().get().ref())
          .build();
    }
    return CodeBlock.builder()
        .addStatement("return $T.ofClass(maps, classIndex)", RuntimeTypes.CLASS_ACTIVATION_MAPS)
        .build();
  }
}
