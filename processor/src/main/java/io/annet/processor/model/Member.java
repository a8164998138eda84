package io.annet.processor.model;

import java.util.List;

/**
 * What one method of a model (or of a used block) stands for in the generated network: a single
 * layer node, or a composite handle over the nodes a {@code @Use} or {@code @Repeat} inlined.
 */
public sealed interface Member permits Member.Node, Member.Group {

  /** The dotted name, e.g. {@code conv1}, {@code mixed5b} or {@code inceptionA.0}. */
  String name();

  /** The parameter names of the method (its named inputs); empty for a repetition. */
  List<String> parameters();

  /**
   * One layer.
   *
   * @param name the node's name
   * @param index its index in {@link ModelSpec#layers()}
   * @param parameters the method's parameter names
   */
  record Node(String name, int index, List<String> parameters) implements Member {
    public Node {
      parameters = List.copyOf(parameters);
    }

    /** A node of a method without parameters. */
    public Node(String name, int index) {
      this(name, index, List.of());
    }
  }

  /**
   * A composite handle ({@code io.annet.runtime.layers.BlockHandle}).
   *
   * @param name the handle's dotted name
   * @param kind {@code Use} (members: the block's layers) or {@code Repeat} (the repetitions)
   * @param block the used block's simple name, or empty for a repeated single layer
   * @param members the direct members in declaration order
   * @param parameters the method's parameter names
   */
  record Group(
      String name, String kind, String block, List<Member> members, List<String> parameters)
      implements Member {
    public Group {
      members = List.copyOf(members);
      parameters = List.copyOf(parameters);
    }

    /** A group of a method without parameters. */
    public Group(String name, String kind, String block, List<Member> members) {
      this(name, kind, block, members, List.of());
    }

    /** The node whose output is the group's output: its last member's. */
    public int outputIndex() {
      Member last = members.get(members.size() - 1);
      return last instanceof Node n ? n.index() : ((Group) last).outputIndex();
    }

    /** The index of the first node inside the group. */
    public int firstIndex() {
      Member first = members.get(0);
      return first instanceof Node n ? n.index() : ((Group) first).firstIndex();
    }
  }
}
