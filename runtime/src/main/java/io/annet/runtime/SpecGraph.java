package io.annet.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of a canonical spec ({@code Architecture.spec()}), one per line after the header:
 * {@code name @Kind(...) [<- a, b] -> [shape]}, a node consuming the one before unless it names
 * its inputs. Read by the runtime to run part of a network ({@link Network#features}) and to
 * compare a block of two architectures ({@link BlockWeights}).
 */
final class SpecGraph {
  /**
   * One node.
   *
   * @param name the dotted name
   * @param body the annotation's canonical form
   * @param inputs the nodes it consumes, by index; -1 is the network's input
   * @param output the output shape as written, e.g. {@code [32, 7, 7]}
   */
  record Node(String name, String body, List<Integer> inputs, String output) {}

  private final String input;
  private final List<Node> nodes;
  private final Map<String, Integer> index = new HashMap<>();

  private SpecGraph(String input, List<Node> nodes) {
    this.input = input;
    this.nodes = List.copyOf(nodes);
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).name(), i);
    }
  }

  /** Parses {@code spec}; the header may start with a model name (older checkpoints). */
  static SpecGraph parse(String spec) {
    String[] lines = spec.split("\n");
    String header = lines.length == 0 ? "" : lines[0];
    int at = header.indexOf("input=");
    int end = header.indexOf(']', Math.max(at, 0));
    String input = at < 0 || end < 0 ? "?" : header.substring(at + "input=".length(), end + 1);
    Map<String, Integer> seen = new HashMap<>();
    List<Node> nodes = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int space = line.indexOf(' ');
      int arrow = line.lastIndexOf(" -> ");
      if (space < 0 || arrow < space) {
        throw new AnnetException("unreadable spec line " + i + ": " + line);
      }
      String name = line.substring(0, space);
      String body = line.substring(space + 1, arrow);
      List<Integer> inputs = List.of(nodes.size() - 1);
      int from = body.indexOf(" <- ");
      if (from >= 0) {
        inputs = new ArrayList<>();
        for (String in : body.substring(from + " <- ".length()).split(", ")) {
          Integer p = in.equals("input") ? Integer.valueOf(-1) : seen.get(in);
          if (p == null) {
            throw new AnnetException("spec line " + i + " names an unknown input " + in);
          }
          inputs.add(p);
        }
        body = body.substring(0, from);
      }
      seen.put(name, nodes.size());
      nodes.add(new Node(name, body, List.copyOf(inputs), line.substring(arrow + 4)));
    }
    return new SpecGraph(input, nodes);
  }

  /** The network's per-example input shape as written, e.g. {@code [1, 28, 28]}. */
  String input() {
    return input;
  }

  List<Node> nodes() {
    return nodes;
  }

  /** The index of node {@code name}, or -1. */
  int indexOf(String name) {
    return index.getOrDefault(name, -1);
  }

  /** The output shape of node {@code p} as written, the input's for -1. */
  String outputOf(int p) {
    return p < 0 ? input : nodes.get(p).output();
  }

  /**
   * The nodes of block {@code block} (those named {@code block.*}), in order, as lines that do
   * not depend on where the block is used: names relative to the block, a node outside it read
   * as {@code input}, the inputs written only where they are not the node before; the first line
   * is the block's input shape. Two uses of one block give the same lines.
   */
  List<String> blockLines(String block) {
    String prefix = block + ".";
    List<String> lines = new ArrayList<>();
    int previous = Integer.MIN_VALUE;
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (!n.name().startsWith(prefix)) {
        continue;
      }
      List<String> ins = new ArrayList<>();
      for (int p : n.inputs()) {
        boolean inside = p >= 0 && nodes.get(p).name().startsWith(prefix);
        if (lines.isEmpty() && !inside) {
          lines.add("input=" + outputOf(p));
        }
        ins.add(inside ? nodes.get(p).name().substring(prefix.length()) : "input");
      }
      boolean implicit = previous == Integer.MIN_VALUE ? ins.equals(List.of("input"))
          : n.inputs().equals(List.of(previous));
      String relative = n.name().substring(prefix.length());
      lines.add(relative + " " + n.body() + (implicit ? "" : " <- " + String.join(", ", ins))
          + " -> " + n.output());
      previous = i;
    }
    return lines;
  }
}
