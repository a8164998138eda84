package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import io.annet.processor.emit.NetworkPlan.Step;
import io.annet.processor.model.Member;
import io.annet.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * The generated constructor's statements after {@code super(...)}, unsplit or after the split
 * kernels: the kernels in declaration order (each block use with a comment above its first node),
 * the composite handles of {@code @Use}/{@code @Repeat} methods, the {@code GradientSum}s, and
 * {@code register(...)} of the declared members.
 */
final class Construction {
  private final NetworkPlan plan;

  Construction(NetworkPlan plan) {
    this.plan = plan;
  }

  /** The unsplit body: the initializer, the kernels in order, then {@link #tail}. */
  CodeBlock unsplit() {
    CodeBlock.Builder b = CodeBlock.builder();
    NetworkForm.initializer(b, plan.steps());
    for (int i = 0; i < plan.steps().size(); i++) {
      plan.header(b, i);
      b.addStatement("$L = $L", plan.ref(i), plan.newKernel(i));
    }
    return b.add(tail(Optional.empty())).build();
  }

  /**
   * After the kernels: the composite handles, the gradient sums, {@code register(...)}. A split
   * constructor ({@code chunkLocals}: its helpers' arrays) of a network without handles registers
   * {@code declaredLayers(count, chunks...)}, the first kernels its helpers built, rather than
   * every field by name (which would cost a few bytes of bytecode per layer).
   */
  CodeBlock tail(Optional<List<CodeBlock>> chunkLocals) {
    CodeBlock.Builder b = CodeBlock.builder();
    List<Step> steps = plan.steps();
    List<CodeBlock> registered = new ArrayList<>();
    for (Member m : plan.model().members()) {
      if (m instanceof Member.Group g) {
        b.addStatement("$L = $L", plan.ref(g.name()), handle(g));
        registered.add(plan.ref(g.name()));
      } else {
        registered.add(plan.ref(((Member.Node) m).index()));
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      Optional<String> sum = plan.sum(i);
      if (sum.isPresent()) {
        b.addStatement(
            "$L = new $T($S, $L, dtype)",
            plan.ref(sum.get()),
            RuntimeTypes.GRADIENT_SUM,
            steps.get(i).name(),
            steps.get(i).output().toJavaArray());
      }
    }
    if (chunkLocals.isPresent() && plan.registersNodesOnly()) {
      b.addStatement(
          "register($N($L,$W$L))",
          SplitPasses.DECLARED_LAYERS,
          registered.size(),
          CodeBlock.join(chunkLocals.get(), ",$W"));
    } else {
      b.addStatement("register($L)", CodeBlock.join(registered, ",$W"));
    }
    return b.build();
  }

  /**
   * {@code private final GradientSum stemSum;} for each node whose gradient is summed over
   * several consumers, in declaration order.
   */
  List<FieldSpec> sumFields() {
    List<FieldSpec> fields = new ArrayList<>();
    for (int i = 0; i < plan.steps().size(); i++) {
      Optional<String> sum = plan.sum(i);
      if (sum.isPresent()) {
        fields.add(
            FieldSpec.builder(
                    RuntimeTypes.GRADIENT_SUM, sum.get(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(
                    "The gradient of $L, summed over its $L consumers.\n",
                    plan.steps().get(i).name(),
                    plan.consumers(i))
                .build());
      }
    }
    return fields;
  }

  /** {@code new BlockHandle("mixed", "Repeat", new int[] {...}, List.of(...))}, recursively. */
  private CodeBlock handle(Member.Group g) {
    List<CodeBlock> members = new ArrayList<>();
    for (Member m : g.members()) {
      members.add(
          m instanceof Member.Group inner ? handle(inner) : plan.ref(((Member.Node) m).index()));
    }
    Shape out = plan.table().rows().get(g.outputIndex()).output();
    return CodeBlock.of(
        "new $T($S, $S, $L,$W$T.of($L))",
        RuntimeTypes.BLOCK_HANDLE,
        g.name(),
        g.kind(),
        out.toJavaArray(),
        RuntimeTypes.LIST,
        CodeBlock.join(members, ",$W"));
  }
}
