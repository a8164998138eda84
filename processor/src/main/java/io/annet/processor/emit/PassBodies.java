package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.emit.NetworkPlan.Step;
import io.annet.processor.model.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * The unsplit bodies of the generated passes, chains' and graphs' alike, in declaration
 * (topological) order with a shape comment per node: inference forward, the class activation map,
 * and the training step whose backward walks the nodes in reverse, summing the gradient of a node
 * that feeds several consumers in a {@code GradientSum} field of its own (the first contribution
 * copied into its reused buffer, the others added), so that no kernel's reused buffer is ever
 * written by the network and a step allocates nothing.
 *
 * <p>A chain reads as if written by hand: one running local ({@code a = conv1.forward(a,
 * false).output(); // conv1: [1, 28, 28] -> [32, 28, 28]}, {@code grad = pool1.backward(pool1Out,
 * grad);}); a graph names each node's output ({@code stemOut}) and gradient ({@code gradStem}).
 */
final class PassBodies {
  /** The deepest indentation of a pass's statements (inside classActivationMap's try). */
  private static final int INDENT = 6;

  private final NetworkPlan plan;

  PassBodies(NetworkPlan plan) {
    this.plan = plan;
  }

  /** The accessor of a method with its parameters (the inputs it names, unused here). */
  static MethodSpec.Builder accessor(Member m) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(m.name()).addModifiers(Modifier.PUBLIC);
    for (String p : m.parameters()) {
      b.addParameter(RuntimeTypes.LAYER, p);
    }
    return b;
  }

  private String out(int i) {
    return plan.steps().get(i).field() + "Out";
  }

  private static String capital(String field) {
    return Character.toUpperCase(field.charAt(0)) + field.substring(1);
  }

  /** {@code args} with a wrap point after each comma: javapoet wraps lines at 100 columns. */
  static CodeBlock arguments(String args) {
    return CodeBlock.join(
        Arrays.stream(args.split(", ")).map(a -> CodeBlock.of("$L", a)).toList(), ",$W");
  }

  /**
   * Inference through nodes {@code 0} to {@code last}; {@code x} names the input. A chain keeps
   * its activation in the local {@code x} itself ({@code a}, {@code maps}); a graph declares
   * {@code <field>Out} per node. With {@code returnLast}, the last call is returned.
   */
  private void forwardNodes(CodeBlock.Builder b, int last, String x, boolean returnLast) {
    for (int i = 0; i <= last; i++) {
      plan.header(b, i);
      List<String> in = new ArrayList<>();
      for (int p : plan.inputs().get(i)) {
        in.add(p < 0 || plan.chain() ? x : out(p));
      }
      String args =
          plan.steps().get(i).spec().isMerge()
              ? "false, " + String.join(", ", in)
              : in.get(0) + ", false";
      String target =
          returnLast && i == last ? "return " : plan.chain() ? x + " = " : "INDArray " + out(i)
              + " = ";
      call(b, target, plan.ref(i), args, plan.comment(i));
    }
  }

  /**
   * {@code <target>kernel.forward(args).output(); // comment}, or the comment above the statement
   * when a trailing comment would make the line longer than 100 columns.
   */
  private static void call(
      CodeBlock.Builder b, String target, CodeBlock kernel, String args, String comment) {
    String line = target + kernel + ".forward(" + args + ").output();";
    CodeBlock lhs =
        target.startsWith("INDArray ")
            ? CodeBlock.of("$T $L", RuntimeTypes.INDARRAY, target.substring("INDArray ".length()))
            : CodeBlock.of("$L", target);
    if (INDENT + line.length() + " // ".length() + comment.length() <= 100) {
      b.add("$L$L.forward($L).output(); // $L\n", lhs, kernel, args, comment);
    } else {
      b.add("// $L\n", comment);
      b.addStatement("$L$L.forward($L).output()", lhs, kernel, arguments(args));
    }
  }

  /** Inference: every node in order; returns the softmax probabilities. */
  CodeBlock forward() {
    CodeBlock.Builder b = CodeBlock.builder();
    int head = plan.steps().size() - 1;
    if (plan.chain()) {
      b.addStatement("$T a = x", RuntimeTypes.INDARRAY);
      forwardNodes(b, head, "a", true);
    } else {
      forwardNodes(b, head, "x", false);
      b.addStatement("return $N", out(head));
    }
    return b.build();
  }

  /** The class activation map: inference up to the maps feeding the GAP, then the class's map. */
  CodeBlock classActivationMap() {
    CodeBlock.Builder b = CodeBlock.builder();
    // The same boundary check as predict: the layers below must never see a malformed input.
    String input = plan.chain() ? "maps" : "checked";
    b.addStatement("$T $N = checkInput(x)", RuntimeTypes.INDARRAY, input);
    forwardNodes(b, plan.camMaps(), input, false);
    String maps = plan.camMaps() < 0 || plan.chain() ? input : out(plan.camMaps());
    return b.add(camReturn(plan, CodeBlock.of("$N", maps), plan::ref)).build();
  }

  /**
   * The class's map from {@code maps}: weighted by the dense head's row (its kernel named by
   * {@code ref}), or the map itself; the unsplit and the split {@code classActivationMap} alike.
   */
  static CodeBlock camReturn(NetworkPlan plan, CodeBlock maps, Function<String, CodeBlock> ref) {
    if (plan.camDense().isPresent()) {
      return CodeBlock.builder()
          .addStatement(
              "return $T.weighted($L, $L.weight(), classIndex)",
              RuntimeTypes.CLASS_ACTIVATION_MAPS,
              maps,
              ref.apply(plan.camDense().get().field()))
          .build();
    }
    return CodeBlock.builder()
        .addStatement("return $T.ofClass($L, classIndex)", RuntimeTypes.CLASS_ACTIVATION_MAPS, maps)
        .build();
  }

  /** Forward keeping every {@code Saved} record, the loss, then backward in reverse order. */
  CodeBlock trainStep() {
    List<Step> steps = plan.steps();
    int head = steps.size() - 1;
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i <= head; i++) {
      Step s = steps.get(i);
      plan.header(b, i);
      List<String> in = new ArrayList<>();
      for (int p : plan.inputs().get(i)) {
        in.add(p < 0 ? "x" : out(p) + ".output()");
      }
      String args = s.spec().isMerge() ? "true, " + String.join(", ", in) : in.get(0) + ", true";
      // The comment goes above: these lines are too long for a trailing one.
      b.add("// $L\n", plan.comment(i));
      b.addStatement(
          "$T $N = $L.forward($L)",
          RuntimeTypes.saved(s.kernel()),
          out(i),
          plan.ref(i),
          arguments(args));
    }
    b.addStatement("double loss = $L.loss($N, labels)", plan.ref(head), out(head));
    new Backward(b).run();
    b.addStatement("return loss");
    return b.build();
  }

  /** The reverse walk of {@link #trainStep()}. */
  private final class Backward {
    private final CodeBlock.Builder b;
    private final List<List<Integer>> inputs = plan.inputs();
    private final int n = plan.steps().size();
    private final int[] received = new int[n];
    private final String[] grad = new String[n];
    /** Whether a chain's running {@code grad} is declared yet. */
    private boolean declared;

    Backward(CodeBlock.Builder b) {
      this.b = b;
    }

    void run() {
      int head = n - 1;
      if (inputs.get(head).get(0) >= 0) {
        b.add(BackwardGuards.head(head));
        contribute(
            inputs.get(head).get(0),
            CodeBlock.of("$L.backwardFromLabels($N, labels)", plan.ref(head), out(head)),
            true);
      }
      for (int i = head - 1; i >= 0; i--) {
        if (!plan.live(i)) {
          continue;
        }
        Step s = plan.steps().get(i);
        if (plan.trains(i) && i > 0) { // node 0's backward is the last anyway
          b.add(BackwardGuards.node(i, plan.ref(i), CodeBlock.of("$N", out(i)),
              CodeBlock.of("$L", grad[i]), "return loss"));
        }
        if (s.spec().isMerge()) {
          String grads = s.field() + "Grads";
          b.addStatement(
              "$T[] $N = $L.backward($N, $L)",
              RuntimeTypes.INDARRAY,
              grads,
              plan.ref(i),
              out(i),
              grad[i]);
          for (int k = 0; k < inputs.get(i).size(); k++) {
            int p = inputs.get(i).get(k);
            if (p >= 0) {
              contribute(p, CodeBlock.of("$N[$L]", grads, k), false);
            }
          }
          continue;
        }
        int p = inputs.get(i).get(0);
        if (p < 0) {
          // The input's gradient is unused: only this layer's parameter gradients are computed.
          b.addStatement("$L.backwardParameters($N, $L)", plan.ref(i), out(i), grad[i]);
        } else {
          contribute(p, CodeBlock.of("$L.backward($N, $L)", plan.ref(i), out(i), grad[i]), true);
        }
      }
    }

    /**
     * Adds {@code expr} to the gradient of node {@code p}'s output: with one consumer it is that
     * gradient (a chain's running {@code grad}); with several, the node's {@code GradientSum}
     * copies the first into a buffer of its own and adds the rest there: the network never writes
     * a kernel's returned buffer.
     */
    private void contribute(int p, CodeBlock expr, boolean call) {
      received[p]++;
      int total = plan.consumers(p);
      String local = plan.chain() ? "grad" : "grad" + capital(plan.steps().get(p).field());
      if (total == 1) {
        if (!call) {
          grad[p] = expr.toString();
        } else if (plan.chain() && declared) {
          b.addStatement("$N = $L", local, expr);
          grad[p] = local;
        } else {
          b.addStatement("$T $N = $L", RuntimeTypes.INDARRAY, local, expr);
          grad[p] = local;
          declared = true;
        }
        return;
      }
      CodeBlock sum = plan.ref(plan.sum(p).orElseThrow());
      if (received[p] == 1) {
        b.add(
            "$T $N =$W$L.first($L); // 1 of $L\n", RuntimeTypes.INDARRAY, local, sum, expr, total);
        grad[p] = local;
      } else {
        b.add("$L.add($Z$L); // $L of $L\n", sum, expr, received[p], total);
      }
    }
  }
}
