package io.annet.processor.shape;

import io.annet.processor.diag.Message;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.BlockInput;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Member;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.shape.ShapeProblem.Anchor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checks of graphs: merges ({@code @Concat}: maps of one H and W; {@code @Add}: equal
 * shapes), the declared inputs of used blocks (a head against its backbone), and outputs no
 * layer consumes.
 */
final class GraphChecks {
  private final ModelSpec model;
  private final LayerRow[] rows;
  private final List<ShapeProblem> problems;

  /** Checks over {@code rows}, the rows by node index as inference fills them in. */
  GraphChecks(ModelSpec model, LayerRow[] rows, List<ShapeProblem> problems) {
    this.model = model;
    this.rows = rows;
    this.problems = problems;
  }

  /** The name of node {@code index}, {@code input} for -1. */
  String nameOf(int index) {
    return index < 0 ? "input" : model.layers().get(index).name();
  }

  /**
   * The method that declares layer {@code name}: its last part that is not a repetition index
   * ({@code s} for {@code body.s.1}), so that a suggested declaration is valid Java.
   */
  static String methodName(String name) {
    String[] parts = name.split("\\.");
    for (int i = parts.length - 1; i > 0; i--) {
      if (!parts[i].chars().allMatch(Character::isDigit)) {
        return parts[i];
      }
    }
    return parts[0];
  }

  /** The output shape of node {@code index} (already inferred), the model input for -1. */
  Shape shapeOf(int index) {
    return index < 0 ? model.input() : rows[index].output();
  }

  /** The row of merge node {@code i}, or null (reported) when its inputs do not fit. */
  LayerRow merge(int i, LayerSpec layer, List<Integer> inputs) {
    List<Shape> shapes = inputs.stream().map(this::shapeOf).collect(Collectors.toList());
    String what = layer.name() + " " + TableText.describe(layer);
    String listed =
        inputs.stream()
            .map(p -> nameOf(p) + " " + shapeOf(p))
            .collect(Collectors.joining(", "));
    if (inputs.size() < 2) {
      String text =
          Message.MERGE_INPUTS.format(
              what, inputs.size(), listed, "@" + layer.kind(), methodName(layer.name()));
      problems.add(new ShapeProblem(Message.MERGE_INPUTS, text, Anchor.layer(i, null)));
      return null;
    }
    Shape first = shapes.get(0);
    if (layer instanceof AddSpec) {
      if (shapes.stream().allMatch(first::equals)) {
        return new LayerRow(layer, first, first, 0, 0, shapes);
      }
      String text = Message.ADD_MISMATCH.format(what, listed);
      problems.add(new ShapeProblem(Message.ADD_MISMATCH, text, Anchor.layer(i, null)));
      return null;
    }
    boolean fits =
        shapes.stream()
            .allMatch(
                s -> s.isMap() && s.height() == first.height() && s.width() == first.width());
    if (!fits || !first.isMap()) {
      String text = Message.CONCAT_MISMATCH.format(what, listed);
      problems.add(new ShapeProblem(Message.CONCAT_MISMATCH, text, Anchor.layer(i, null)));
      return null;
    }
    long channels = shapes.stream().mapToLong(Shape::channels).sum();
    if (channels > Integer.MAX_VALUE) {
      String text =
          Message.TOO_LARGE.format(
              what, Costs.text(channels), 0, "at most 2,147,483,647 channels");
      problems.add(new ShapeProblem(Message.TOO_LARGE, text, Anchor.layer(i, null)));
      return null;
    }
    return new LayerRow(
        layer, first, Shape.map((int) channels, first.height(), first.width()), 0, 0, shapes);
  }

  /**
   * Checks the declared input of every block fed by node {@code producer}; returns false when
   * one does not match (inference stops: the block's layers would only repeat the problem).
   */
  boolean checkBlockInputs(int producer) {
    boolean ok = true;
    for (BlockInput b : model.blockInputs()) {
      if (b.producer() != producer) {
        continue;
      }
      Shape fed = shapeOf(producer);
      if (fed.equals(b.expected())) {
        continue;
      }
      ok = false;
      if (b.head()) {
        String backbone =
            model.members().stream()
                .filter(m -> m instanceof Member.Group g && g.name().equals("backbone"))
                .map(m -> ((Member.Group) m).block())
                .findFirst()
                .orElse("?");
        String text =
            Message.HEAD_BACKBONE_MISMATCH.format(b.block(), b.expected(), backbone, fed);
        problems.add(
            new ShapeProblem(
                Message.HEAD_BACKBONE_MISMATCH, text, Anchor.use(b.useIndex(), "head")));
      } else {
        String from = producer < 0 ? " (the model input)" : " by " + nameOf(producer);
        String text =
            Message.BLOCK_INPUT_MISMATCH.format(b.use(), b.block(), b.expected(), fed, from);
        problems.add(
            new ShapeProblem(
                Message.BLOCK_INPUT_MISMATCH, text, Anchor.use(b.useIndex(), b.use())));
      }
    }
    return ok;
  }

  /** Warns about every node but the last whose output no node consumes (all rows inferred). */
  void checkUnused() {
    List<List<Integer>> consumers = model.consumers();
    List<Integer> unused = new ArrayList<>();
    for (int i = 0; i < rows.length - 1; i++) {
      if (consumers.get(i).isEmpty()) {
        unused.add(i);
      }
    }
    for (int i : unused) {
      LayerSpec layer = rows[i].layer();
      String name = layer.name();
      int dot = name.lastIndexOf('.');
      String scope = dot < 0 ? "the model" : "its block " + name.substring(0, dot);
      String text = Message.UNUSED_OUTPUT.format(name, TableText.describe(layer), scope);
      problems.add(new ShapeProblem(Message.UNUSED_OUTPUT, text, Anchor.layer(i, null)));
    }
  }
}
