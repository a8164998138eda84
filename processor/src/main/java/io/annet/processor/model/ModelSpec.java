package io.annet.processor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code @Model} interface: everything the shape and emit phases need, with no javac
 * types. A graph is a list of layer nodes in declaration (topological) order, each naming the
 * nodes it consumes; blocks are already inlined into prefixed nodes such as {@code mixed5b.b1}.
 *
 * @param packageName package of the interface (and of the generated class); empty for the default
 * @param interfaceName the interface's name relative to its package, e.g. {@code Outer.Mnist}
 * @param className simple name of the generated class, e.g. {@code MnistNetwork}
 * @param input per-example input shape {@code [C, H, W]}
 * @param classes number of classes
 * @param layers the layer nodes in declaration order
 * @param budget resource limits
 * @param fcHeavySuppressed whether the interface suppresses {@code annet.fc-heavy} ({@code
 *     @SuppressWarnings} or {@code @Suppress})
 * @param inputs per node, the indices of the nodes it consumes in order; -1 is the model input
 * @param members the interface's methods in declaration order: nodes or composite handles
 * @param blockInputs the declared inputs of used blocks, to check
 */
public record ModelSpec(
    String packageName,
    String interfaceName,
    String className,
    Shape input,
    int classes,
    List<LayerSpec> layers,
    BudgetSpec budget,
    boolean fcHeavySuppressed,
    List<List<Integer>> inputs,
    List<Member> members,
    List<BlockInput> blockInputs) {

  public ModelSpec {
    layers = List.copyOf(layers);
    inputs = inputs.stream().map(List::copyOf).toList();
    members = List.copyOf(members);
    blockInputs = List.copyOf(blockInputs);
    if (inputs.size() != layers.size()) {
      throw new IllegalArgumentException(
          "expected inputs for each of the " + layers.size() + " layers, found " + inputs.size());
    }
  }

  /** A chain: each layer consumes the one before it, and each is a method of its own. */
  public ModelSpec(
      String packageName,
      String interfaceName,
      String className,
      Shape input,
      int classes,
      List<LayerSpec> layers,
      BudgetSpec budget,
      boolean fcHeavySuppressed) {
    this(
        packageName,
        interfaceName,
        className,
        input,
        classes,
        layers,
        budget,
        fcHeavySuppressed,
        chainInputs(layers.size()),
        nodes(layers),
        List.of());
  }

  private static List<List<Integer>> chainInputs(int n) {
    List<List<Integer>> inputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inputs.add(List.of(i - 1));
    }
    return inputs;
  }

  private static List<Member> nodes(List<LayerSpec> layers) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      members.add(new Member.Node(layers.get(i).name(), i));
    }
    return members;
  }

  /**
   * Whether the model is a plain chain (every node consumes the one before it, no merge, no
   * composite handle): such models are generated exactly as before graphs existed.
   */
  public boolean isChain() {
    for (int i = 0; i < layers.size(); i++) {
      if (!inputs.get(i).equals(List.of(i - 1)) || layers.get(i).isMerge()) {
        return false;
      }
    }
    return members.stream().allMatch(m -> m instanceof Member.Node && m.parameters().isEmpty());
  }

  /** The nodes consuming each node's output (a node twice if it consumes it twice). */
  public List<List<Integer>> consumers() {
    List<List<Integer>> consumers = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      consumers.add(new ArrayList<>());
    }
    for (int i = 0; i < layers.size(); i++) {
      for (int p : inputs.get(i)) {
        if (p >= 0) {
          consumers.get(p).add(i);
        }
      }
    }
    return consumers;
  }
}
