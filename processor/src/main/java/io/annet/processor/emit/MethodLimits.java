package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.annet.processor.shape.ShapeTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the network class of a model would hold a method javac cannot compile (over the JVM's
 * 65,535 bytes of bytecode), as {@link NetworkEmitter} would generate it: a large network's
 * methods are split into chunks, but its constructor still assigns every field (12 bytes each,
 * about 5,000 layers at most) and builds the composite handles of a graph. The processor reports
 * such a model instead of generating code javac would reject.
 */
public final class MethodLimits {
  /** The bound the split constructor of a network may reach: the limit less a margin. */
  static final int SPLIT_CONSTRUCTOR = 60_000;

  /**
   * A generated method over the limit.
   *
   * @param method the method's name, {@code constructor} for the constructor
   * @param bytes the bound of its bytecode ({@link MethodSize})
   * @param limit the bound it would have to stay within
   */
  public record Oversize(String method, int bytes, int limit) {}

  private MethodLimits() {}

  /** The largest method over its limit, or empty when every generated method fits. */
  public static Optional<Oversize> check(ShapeTable table, int maxChunk) {
    Optional<SplitPasses> split = new NetworkForm(table).split(maxChunk);
    if (split.isEmpty()) {
      return Optional.empty();
    }
    SplitPasses chunks = split.get();
    if (chunks.constructorBound() > SPLIT_CONSTRUCTOR) {
      return Optional.of(
          new Oversize("constructor", chunks.constructorBound(), SPLIT_CONSTRUCTOR));
    }
    Map<String, CodeBlock> methods = new LinkedHashMap<>();
    methods.put("forward", chunks.forward());
    methods.put("trainStep", chunks.trainStep());
    chunks.classActivationMap().ifPresent(cam -> methods.put("classActivationMap", cam));
    for (MethodSpec m : chunks.helpers()) {
      methods.put(m.name(), m.code());
    }
    return largest(methods, MethodSize.LIMIT);
  }

  private static Optional<Oversize> largest(
      Map<String, CodeBlock> methods, int limit) {
    Oversize worst = null;
    for (Map.Entry<String, CodeBlock> e : methods.entrySet()) {
      int bytes = MethodSize.of(e.getValue());
      if (bytes > limit && (worst == null || bytes > worst.bytes())) {
        worst = new Oversize(e.getKey(), bytes, limit);
      }
    }
    return Optional.ofNullable(worst);
  }
}
