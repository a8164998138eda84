package io.annet.runtime.onnx;

import io.annet.runtime.onnx.AnnetSlot.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search behind an ONNX import's structural match: assigns ONNX nodes to the slots in order. Strict: only nodes of the slot's shapes, undoing a
 * choice when a later slot finds nothing (within a step budget), success only when every slot
 * (and, unless partial, every ONNX node) is matched. First-choice: the first qualifying node
 * even of other shapes, never undone, so the staging names what differs.
 */
final class MatchPlanner {
  /**
   * What one Annet slot takes: an ONNX node, the convolution a folded batch norm lives in, or
   * nothing.
   *
   * @param node the ONNX node (the convolution when folded), or null
   * @param folded whether the slot is a batch norm folded into {@code node}
   * @param wanted the ONNX wiring that had to feed it (for messages), or null when unknown
   */
  record Choice(OnnxParam node, boolean folded, Wire wanted) {}

  private static final int BUDGET = 100_000;
  final List<AnnetSlot> todo;
  final Map<String, String> taken;
  final List<OnnxParam> unused;
  final boolean strict;
  final Choice[] plan;
  final Map<String, OnnxParam> byId = new HashMap<>();
  int steps;

  private final OnnxImportOptions options;

  MatchPlanner(List<OnnxParam> params, OnnxImportOptions options, List<AnnetSlot> todo,
      Map<String, String> taken, List<OnnxParam> unused, boolean strict) {
    this.options = options;
    this.todo = todo;
    this.taken = new HashMap<>(taken);
    this.unused = new ArrayList<>(unused);
    this.strict = strict;
    this.plan = new Choice[todo.size()];
    params.forEach(p -> byId.put(p.id(), p));
  }

  /** Plans the slots from {@code i} on; whether it found a plan (always, first-choice). */
  boolean run(int i) {
    if (++steps > BUDGET) {
      return false;
    }
    if (i == todo.size()) {
      return !strict || options.partialImport() || unused.isEmpty();
    }
    AnnetSlot slot = todo.get(i);
    Wire wanted = slot.upstream().rename(taken);
    boolean known = wanted != null;
    List<OnnxParam> candidates = known ? candidates(slot, wanted) : List.of();
    for (OnnxParam c : candidates) {
      int at = unused.indexOf(c);
      unused.remove(at);
      taken.put(slot.layer(), c.id());
      plan[i] = new Choice(c, false, wanted);
      if (run(i + 1) || !strict) {
        return true;
      }
      taken.remove(slot.layer());
      unused.add(at, c);
    }
    OnnxParam conv = known && wanted.isLeaf() ? byId.get(wanted.leaf()) : null;
    if (candidates.isEmpty() && slot.kind() == Kind.BATCH_NORM && conv != null
        && conv.kind() == Kind.CONV) {
      taken.put(slot.layer(), conv.id());
      plan[i] = new Choice(conv, true, wanted);
      if (run(i + 1) || !strict) {
        return true;
      }
      taken.remove(slot.layer());
      return false;
    }
    if (!candidates.isEmpty() || (strict && !options.partialImport())) {
      return false;
    }
    plan[i] = new Choice(null, false, wanted);
    return run(i + 1);
  }

  /**
   * The unused ONNX nodes of {@code slot}'s kind fed by exactly {@code wanted}, in the file's
   * order: strict, those of the slot's weight shape; else the first of its shape, or the first.
   */
  List<OnnxParam> candidates(AnnetSlot slot, Wire wanted) {
    List<OnnxParam> fitting = new ArrayList<>();
    OnnxParam first = null;
    for (OnnxParam p : unused) {
      if (p.kind() != slot.kind() || !p.upstream().equals(wanted)) {
        continue;
      }
      first = first == null ? p : first;
      String role = slot.kind() == Kind.BATCH_NORM ? "gamma" : "weight";
      long[] shape = OnnxTensors.shape(p.tensors().get(role));
      long[] target = slot.tensors().get(role).shape();
      if (Arrays.equals(shape, target) || (slot.kind() == Kind.GEMM && shape.length == 2
          && shape[0] == target[1] && shape[1] == target[0])) {
        fitting.add(p);
      }
    }
    if (strict) {
      return fitting;
    }
    return !fitting.isEmpty() ? List.of(fitting.get(0)) : first != null ? List.of(first)
        : List.of();
  }
}
