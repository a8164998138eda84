package io.annet.processor.parse;

import io.annet.processor.model.BlockInput;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Member;
import io.annet.processor.model.Member.Group;
import io.annet.processor.model.Member.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * Flattens a model's body into the graph of layer nodes the later phases see: each {@code @Use}
 * inlines the block's layers as {@code <method>.<layer>}, each {@code @Repeat} chains {@code
 * <method>.0}, {@code <method>.1}, ..., and parameters become node indices. Keeps, per method,
 * the member (a node or a composite handle) the generated class returns.
 */
final class Inliner {
  final List<LayerSpec> layers = new ArrayList<>();
  final List<List<Integer>> inputs = new ArrayList<>();
  final List<LayerSource> sources = new ArrayList<>();
  final List<BlockInput> blockInputs = new ArrayList<>();
  final List<LayerSource> uses = new ArrayList<>();
  final List<Member> members = new ArrayList<>();
  private final Map<TypeElement, Body> blocks;

  Inliner(Map<TypeElement, Body> blocks) {
    this.blocks = blocks;
  }

  /** The output node of {@code member}. */
  static int output(Member member) {
    return member instanceof Node n ? n.index() : ((Group) member).outputIndex();
  }

  /**
   * Inlines {@code body} under {@code prefix} (empty for the model, else ending in a dot) fed by
   * node {@code input} (-1: the model input); returns the members of its methods in order.
   */
  List<Member> inline(Body body, String prefix, int input) {
    Map<String, Integer> scope = new HashMap<>();
    int previous = input;
    List<Member> members = new ArrayList<>();
    for (DeclaredLayer d : body.layers()) {
      List<Integer> in = new ArrayList<>();
      if (d.inputs().isEmpty()) {
        in.add(previous);
      }
      for (String name : d.inputs()) {
        in.add(name.equals(BodyParser.INPUT) ? input : scope.getOrDefault(name, previous));
      }
      String name = prefix + d.name();
      Member member;
      if (d.repeat() != null) {
        List<Member> repetitions = new ArrayList<>();
        List<Integer> repetitionInput = in;
        for (int r = 0; r < d.repeats(); r++) {
          Member repetition = one(d, name + "." + r, repetitionInput);
          repetitions.add(repetition);
          repetitionInput = List.of(output(repetition));
        }
        String block = d.block() == null ? "" : d.block().getSimpleName().toString();
        member = new Group(name, "Repeat", block, repetitions, d.inputs());
      } else {
        member = one(d, name, in);
        member =
            member instanceof Node n
                ? new Node(n.name(), n.index(), d.inputs())
                : withParameters((Group) member, d.inputs());
      }
      members.add(member);
      previous = output(member);
      scope.put(d.name(), previous);
    }
    return members;
  }

  private static Group withParameters(Group g, List<String> parameters) {
    return new Group(g.name(), g.kind(), g.block(), g.members(), parameters);
  }

  /** One layer node, or one inlined block. */
  private Member one(DeclaredLayer d, String name, List<Integer> in) {
    if (d.block() == null) {
      layers.add(d.layer().withName(name));
      inputs.add(in);
      sources.add(d.source());
      return new Node(name, layers.size() - 1);
    }
    Body block = blocks.get(d.block());
    return use(block, name, in.get(0), false, d.source());
  }

  /**
   * Inlines {@code block} as the composite {@code name} fed by node {@code input}; {@code site} is
   * the {@code @Use} method, or null for a model's backbone and head.
   */
  Group use(Body block, String name, int input, boolean head, LayerSource site) {
    int useIndex = uses.size();
    uses.add(site);
    block
        .declaredInput()
        .ifPresent(
            shape ->
                blockInputs.add(
                    new BlockInput(name, block.simpleName(), shape, input, head, useIndex)));
    return new Group(name, "Use", block.simpleName(), inline(block, name + ".", input));
  }
}
