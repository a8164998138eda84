package io.annet.runtime.layers;

import io.annet.dsl.Layer;
import io.annet.runtime.ShapeMismatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The composite handle of an inlined ({@code @Use}) or repeated ({@code @Repeat}) block: what its
 * layer method returns. Shape rule: its output is its last member's output; its parameter count
 * is the sum over its members.
 *
 * <p>For {@code @Use} the members are the block's layers in declaration order, named {@code
 * <method>.<blockLayer>} (a nested {@code @Use} is itself a {@code BlockHandle}); for {@code
 * @Repeat} they are the repetitions {@code <method>.0}, {@code <method>.1}, ..., each a {@code
 * BlockHandle} for a block or the kernel itself for a single layer. The handle computes nothing:
 * the network calls the member kernels directly.
 */
public final class BlockHandle implements Layer {
  private final String name;
  private final String kind;
  private final int[] outputShape;
  private final List<Layer> members;
  private final long parameterCount;

  /**
   * A handle named {@code name} (the layer method), of {@code kind} ({@code Use} or {@code
   * Repeat}), over {@code members} in order; {@code outputShape} must be the last member's.
   */
  public BlockHandle(String name, String kind, int[] outputShape, List<Layer> members) {
    if (members == null || members.isEmpty() || members.stream().anyMatch(m -> m == null)) {
      throw new IllegalArgumentException(
          name + ": a block handle needs at least one member and no null, found " + members);
    }
    Layer last = members.get(members.size() - 1);
    if (!Arrays.equals(outputShape, last.outputShape())) {
      throw new ShapeMismatchException(
          name + ": a block's output is its last member's, expected "
              + Arrays.toString(last.outputShape()) + " (" + last.name() + "), found "
              + Arrays.toString(outputShape));
    }
    this.name = name;
    this.kind = kind;
    this.outputShape = outputShape.clone();
    this.members = List.copyOf(members);
    long sum = 0;
    for (Layer member : members) {
      sum += member.parameterCount();
    }
    this.parameterCount = sum;
  }

  /** The members in order: the block's layers, or the repetitions. */
  public List<Layer> members() {
    return members;
  }

  /**
   * The direct member named {@code <name>.<relativeName>}, e.g. {@code member("b1")} of {@code
   * mixed5b} or {@code member("2")} of a repeat; throws when there is none, listing the names.
   */
  public Layer member(String relativeName) {
    String full = name + "." + relativeName;
    List<String> names = new ArrayList<>();
    for (Layer member : members) {
      if (member.name().equals(full)) {
        return member;
      }
      names.add(member.name());
    }
    throw new IllegalArgumentException(
        name + " has no member " + full + "; its members are " + names);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  @Override
  public long parameterCount() {
    return parameterCount;
  }

  @Override
  public String toString() {
    return name + " @" + kind + " " + members.size() + " members -> "
        + Arrays.toString(outputShape) + ", " + parameterCount + " parameters";
  }
}
