package io.annet.runtime.onnx;

import io.annet.runtime.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The wiring of a generated network, read from its canonical spec: one node per spec line, in the
 * network's forward order, each naming the layers it consumes ({@code input} for the network's
 * input; a line without {@code <-} consumes the line before).
 *
 * @param nodes the layers in forward (topological) order
 */
public record Topology(List<Node> nodes) {
  /** The name the spec gives the network's input. */
  public static final String INPUT = "input";

  /**
   * One layer of the spec.
   *
   * @param name the layer's full name, e.g. {@code mixed.0.b1}
   * @param kind its annotation's name without the {@code @}, e.g. {@code Conv}
   * @param inputs the layers (or {@link #INPUT}) it consumes, in order
   */
  public record Node(String name, String kind, List<String> inputs) {}

  public Topology {
    nodes = List.copyOf(nodes);
  }

  /** Parses {@code architecture}'s spec; a line it cannot read is an {@link OnnxException}. */
  public static Topology of(Architecture architecture) {
    String[] lines = architecture.spec().split("\n");
    List<Node> nodes = new ArrayList<>();
    String previous = INPUT;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int space = line.indexOf(' ');
      int at = line.indexOf('@');
      int arrow = line.lastIndexOf(" -> ");
      if (space < 1 || at != space + 1 || arrow < 0) {
        throw new OnnxException(architecture.modelName() + ": cannot read the spec line '" + line
            + "'");
      }
      String name = line.substring(0, space);
      int end = at + 1;
      while (end < line.length() && Character.isJavaIdentifierPart(line.charAt(end))) {
        end++;
      }
      String kind = line.substring(at + 1, end);
      int from = line.indexOf(" <- ");
      List<String> inputs = from < 0 || from > arrow ? List.of(previous)
          : List.of(line.substring(from + 4, arrow).split(", "));
      nodes.add(new Node(name, kind, inputs));
      previous = name;
    }
    return new Topology(nodes);
  }
}
