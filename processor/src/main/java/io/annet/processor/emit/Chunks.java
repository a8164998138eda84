package io.annet.processor.emit;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.annet.processor.emit.NetworkPlan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The cut of {@link SplitPasses}, chains' and graphs' alike: the steps in chunks of consecutive
 * steps, and the split constructor's kernels, built by static {@code kernels<c>(dtype, init)}
 * helpers in construction order (so the seed draws the same weights) into an {@code Object[]} and
 * assigned to the {@code private final} fields one per statement.
 */
final class Chunks {
  static final TypeName OBJECTS = ArrayTypeName.of(ClassName.OBJECT);

  private final List<Step> steps;
  /** Chunk {@code c} holds steps {@code starts[c]} to {@code starts[c + 1] - 1}. */
  private final int[] starts;
  private final boolean init;
  /** The prefix of the kernel helpers and their locals, named apart from every field. */
  private final String kernels;

  private Chunks(List<Step> steps, int[] starts, Set<String> fields) {
    this.steps = steps;
    this.starts = starts;
    init = NetworkForm.needsInitializer(steps);
    String prefix = "kernels";
    while (clashes(prefix, fields)) {
      prefix = "chunk" + prefix;
    }
    kernels = prefix;
  }

  /**
   * The chunks of {@code steps}, or empty when no method is {@code large} and {@code maxChunk}
   * (steps per method, 0 for automatic) does not force a split. A chunk ends before it would
   * exceed {@link MethodSize#CHUNK_LAYERS} steps, {@code maxChunk} steps or a summed {@code cost}
   * (the bound of a step's code) of {@link MethodSize#CHUNK_BUDGET}. {@code fields} are the
   * names the helpers must not take.
   */
  static Optional<Chunks> of(
      List<Step> steps, boolean large, int maxChunk, IntUnaryOperator cost, Set<String> fields) {
    int n = steps.size();
    boolean forced = maxChunk > 0 && n > maxChunk;
    if (!forced && !large) {
      return Optional.empty();
    }
    int layers =
        Math.min(maxChunk > 0 ? maxChunk : MethodSize.CHUNK_LAYERS, MethodSize.CHUNK_LAYERS);
    List<Integer> list = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < n; i++) {
      int c = cost.applyAsInt(i);
      int count = list.isEmpty() ? 0 : i - list.get(list.size() - 1);
      if (list.isEmpty() || count >= layers || size + c > MethodSize.CHUNK_BUDGET) {
        list.add(i);
        size = 0;
      }
      size += c;
    }
    list.add(n);
    int[] starts = list.stream().mapToInt(Integer::intValue).toArray();
    return Optional.of(new Chunks(steps, starts, fields));
  }

  /** {@code name}, or {@code name2}, {@code name3}... whichever {@code taken} does not hold. */
  static String unused(String name, Set<String> taken) {
    String candidate = name;
    for (int n = 2; taken.contains(candidate); n++) {
      candidate = name + n;
    }
    return candidate;
  }

  /** Whether {@code prefix} or a numbered {@code prefix<n>} is among {@code names}. */
  static boolean clashes(String prefix, Set<String> names) {
    return names.stream().anyMatch(f -> f.matches(prefix + "\\d+") || f.equals(prefix));
  }

  int count() {
    return starts.length - 1;
  }

  /** The first step of chunk {@code c}. */
  int start(int c) {
    return starts[c];
  }

  /** One past the last step of chunk {@code c}. */
  int end(int c) {
    return starts[c + 1];
  }

  /** The chunk's first and last step by their declared names: {@code conv1 to conv9}. */
  String range(int c) {
    return name(starts[c]) + " to " + name(starts[c + 1] - 1);
  }

  private String name(int i) {
    return steps.get(i).name();
  }

  /** The local (and helper) holding chunk {@code c}'s kernels: {@code kernels0}. */
  String local(int c) {
    return kernels + c;
  }

  /** The bound of the split constructor's kernels: one assignment per field, a call per chunk. */
  int constructorBound() {
    return MethodSize.ASSIGNMENT * steps.size() + 16 * count() + 128;
  }

  /**
   * The constructor's kernels: the initializer, then per chunk the call of its helper and the
   * assignment of its fields; returns the helpers' locals, {@code kernels0, kernels1, ...}.
   */
  List<CodeBlock> construct(CodeBlock.Builder b) {
    NetworkForm.initializer(b, steps);
    b.add("// Built in chunks: javac refuses a method of more than 64 KB of bytecode.\n");
    List<CodeBlock> locals = new ArrayList<>();
    for (int c = 0; c < count(); c++) {
      String local = kernels + c;
      locals.add(CodeBlock.of("$N", local));
      b.addStatement("$T $N = $N($L)", OBJECTS, local, local, init ? "dtype, init" : "dtype");
      for (int i = starts[c]; i < starts[c + 1]; i++) {
        Step s = steps.get(i);
        b.addStatement(
            "this.$N = ($T) $N[$L]", s.field(), s.kernel(), local, i - starts[c]);
      }
    }
    return locals;
  }

  /** The static helpers {@code kernels<c>}: each builds its chunk's kernels, {@code kernel(i)}. */
  List<MethodSpec> kernelHelpers(IntFunction<CodeBlock> kernel) {
    List<MethodSpec> methods = new ArrayList<>();
    for (int c = 0; c < count(); c++) {
      MethodSpec.Builder m =
          MethodSpec.methodBuilder(kernels + c)
              .addJavadoc("The kernels $L, in construction order.\n", range(c))
              .addModifiers(PRIVATE, STATIC)
              .returns(OBJECTS)
              .addParameter(RuntimeTypes.DATA_TYPE, "dtype");
      if (init) {
        m.addParameter(RuntimeTypes.INITIALIZER, "init");
      }
      List<CodeBlock> list = new ArrayList<>();
      for (int i = starts[c]; i < starts[c + 1]; i++) {
        list.add(kernel.apply(i));
      }
      m.addStatement("return new $T[] {$>\n$L$<}", ClassName.OBJECT, CodeBlock.join(list, ",\n"));
      methods.add(m.build());
    }
    return methods;
  }
}
