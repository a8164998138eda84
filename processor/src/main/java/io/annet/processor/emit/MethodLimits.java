package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the network class of a model would hold a method javac cannot compile (over the JVM's
 * 65,535 bytes of bytecode), as {@link NetworkEmitter} would generate it: a chain is split into
 * chunk methods when large, but its constructor still assigns every field (12 bytes each, about
 * 5,000 layers at most); a graph is not split. The processor reports such a model instead of
 * generating code javac would reject.
 */
public final class MethodLimits {
  /** The bound the split constructor of a chain may reach: the limit less a margin. */
  static final int SPLIT_CONSTRUCTOR = 60_000;

  /**
   * A graph is reported when a method's bound exceeds this: three times the limit, because the
   * bound of a graph's methods measured 2.3 to 2.9 times what javac emits (Inception-v4's
   * constructor: bound 50,900, javac 22,077 bytes), so such a graph is surely too large, while
   * one with a smaller bound may still compile (graphs are not split).
   */
  static final int GRAPH_REPORT = 3 * MethodSize.LIMIT;

  /**
   * A generated method over the limit.
   *
   * @param method the method's name, {@code constructor} for the constructor
   * @param bytes the bound of its bytecode ({@link MethodSize})
   * @param limit the bound it would have to stay within
   * @param split whether the model's methods are already split into chunks
   */
  public record Oversize(String method, int bytes, int limit, boolean split) {}

  private MethodLimits() {}

  /** The largest method over its limit, or empty when every generated method fits. */
  public static Optional<Oversize> check(ShapeTable table, int maxChunk) {
    if (!table.model().isChain()) {
      GraphPlan plan = new GraphPlan(table);
      GraphBodies bodies = new GraphBodies(plan, table);
      Map<String, CodeBlock> methods = new LinkedHashMap<>();
      methods.put("constructor", bodies.construct());
      methods.put("forward", bodies.forward());
      methods.put("trainStep", bodies.trainStep());
      if (plan.hasCam()) {
        methods.put("classActivationMap", bodies.classActivationMap());
      }
      return largest(methods, GRAPH_REPORT, false);
    }
    LayerPlan plan = new LayerPlan(table);
    List<CodeBlock> unsplit =
        new ArrayList<>(
            List.of(
                NetworkEmitter.constructor(plan).code(),
                PassBodies.forward(plan),
                PassBodies.trainStep(plan)));
    plan.camHead().ifPresent(cam -> unsplit.add(PassBodies.classActivationMap(plan, cam)));
    Optional<SplitChain> split = SplitChain.of(plan, unsplit, maxChunk);
    if (split.isEmpty()) {
      return Optional.empty();
    }
    SplitChain chunks = split.get();
    if (chunks.constructorBound() > SPLIT_CONSTRUCTOR) {
      return Optional.of(
          new Oversize("constructor", chunks.constructorBound(), SPLIT_CONSTRUCTOR, true));
    }
    Map<String, CodeBlock> methods = new LinkedHashMap<>();
    methods.put("forward", chunks.forward());
    methods.put("trainStep", chunks.trainStep());
    plan.camHead()
        .ifPresent(cam -> methods.put("classActivationMap", chunks.classActivationMap(cam)));
    for (MethodSpec m : chunks.helpers()) {
      methods.put(m.name(), m.code());
    }
    return largest(methods, MethodSize.LIMIT, true);
  }

  private static Optional<Oversize> largest(
      Map<String, CodeBlock> methods, int limit, boolean split) {
    Oversize worst = null;
    for (Map.Entry<String, CodeBlock> e : methods.entrySet()) {
      int bytes = MethodSize.of(e.getValue());
      if (bytes > limit && (worst == null || bytes > worst.bytes())) {
        worst = new Oversize(e.getKey(), bytes, limit, split);
      }
    }
    return Optional.ofNullable(worst);
  }
}
