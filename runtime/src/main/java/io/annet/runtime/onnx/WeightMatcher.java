package io.annet.runtime.onnx;

import io.annet.runtime.onnx.AnnetSlot.Kind;
import io.annet.runtime.onnx.proto.OnnxProto.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matches a network's parameterised layers to an ONNX file's parameterised nodes by graph
 * structure, both in topological order, and stages every value it would write, so that nothing
 * reaches the network until everything matched ({@link #commit}).
 *
 * <p>A batch norm the ONNX producer folded into the convolution before it (PyTorch does in
 * evaluation mode) has no node of its own: it becomes the identity (gamma 1, mean 0, variance
 * {@code 1 - epsilon}) carrying the convolution's bias as its beta, which computes exactly what the
 * folded convolution does.
 */
final class WeightMatcher {
  /** One value to write: the live tensor, the value, converted to its type and shape. */
  private record Staged(INDArray target, INDArray value) {}

  private final List<AnnetSlot> slots;
  private final List<OnnxParam> params;
  private final Map<String, TensorProto> constants;
  private final OnnxImportOptions options;
  private final DataType dtype;
  private final List<Staged> staged = new ArrayList<>();
  private final List<String> filled = new ArrayList<>();
  private final List<String> leftOut = new ArrayList<>();
  private final List<String> notFilled = new ArrayList<>();
  private final boolean fillAll;

  WeightMatcher(List<AnnetSlot> slots, OnnxModelReader model, OnnxImportOptions options,
      DataType dtype) {
    this(slots, model, options, dtype, false);
  }

  /**
   * A matcher that, with {@code fillAll}, requires every slot up to the options' last layer to
   * find its node even in a partial import (a backbone taken whole from a larger file).
   */
  WeightMatcher(List<AnnetSlot> slots, OnnxModelReader model, OnnxImportOptions options,
      DataType dtype, boolean fillAll) {
    this.fillAll = fillAll;
    this.slots = slots;
    this.params = OnnxParam.of(model);
    this.constants = model.constants();
    this.options = options;
    this.dtype = dtype;
  }

  /**
   * Matches everything and stages the values; throws {@link OnnxException} on a mismatch. Each
   * Annet slot, in forward order, takes an unused ONNX node of its kind fed by the ONNX nodes its
   * own feeding slots took (the wiring) and with its shapes; where several qualify (two branches
   * of the same shapes on one input) the file's order decides, and a choice that strands a later
   * slot is undone ({@link MatchPlanner}). A batch norm with no such node is folded into the
   * convolution feeding it. When no complete match exists, the first-choice match runs to name
   * the first layer that does not fit.
   */
  OnnxImportReport match() {
    List<AnnetSlot> todo = new ArrayList<>(limited());
    Map<String, String> taken = new HashMap<>(); // Annet slot layer -> ONNX node id
    taken.put(Topology.INPUT, Topology.INPUT);
    Set<String> named = byName(todo, taken);
    List<OnnxParam> unused = new ArrayList<>();
    for (OnnxParam p : params) {
      if (p.tensors().values().stream().noneMatch(t -> named.contains(t.getName()))) {
        unused.add(p);
      }
    }
    MatchPlanner planner = new MatchPlanner(params, options, todo, taken, unused, true);
    if (!planner.run(0) || (fillAll
        && Arrays.stream(planner.plan).anyMatch(c -> c.node() == null && !c.folded()))) {
      planner = new MatchPlanner(params, options, todo, taken, unused, false);
      planner.run(0);
    }
    Set<String> carried = new HashSet<>(); // ONNX convolutions whose bias a folded BN took
    Map<AnnetSlot, OnnxParam> biasless = new LinkedHashMap<>(); // Annet layers without bias
    for (int i = 0; i < todo.size(); i++) {
      AnnetSlot slot = todo.get(i);
      MatchPlanner.Choice choice = planner.plan[i];
      if (choice.folded()) {
        OnnxParam conv = choice.node();
        AnnetSlot convSlot = todo.stream()
            .filter(s -> Wire.leaf(s.layer()).equals(slot.upstream())).findFirst().orElse(null);
        boolean takesBias = convSlot != null && !convSlot.tensors().containsKey("bias")
            && conv.tensors().containsKey("bias") && carried.add(conv.id());
        foldedBatchNorm(slot, conv, takesBias);
      } else if (choice.node() == null) {
        if (!options.partialImport() || fillAll) {
          throw noCounterpart(slot, choice.wanted(), planner.unused);
        }
        notFilled.add(slot.layer());
      } else {
        OnnxParam p = choice.node();
        switch (slot.kind()) {
          case CONV -> conv(slot, p);
          case GEMM -> gemm(slot, p);
          case BATCH_NORM -> batchNorm(slot, p);
        }
        if (slot.kind() != Kind.BATCH_NORM && !slot.tensors().containsKey("bias")) {
          biasless.put(slot, p);
        }
      }
    }
    biasless.forEach((slot, p) -> {
      if (!carried.contains(p.id())) {
        requireNoLostBias(slot, p);
      }
    });
    List<OnnxParam> rest = planner.unused;
    if (!rest.isEmpty() && !options.partialImport()) {
      throw new OnnxException("the ONNX file has " + rest.size() + " parameterised nodes"
          + " no layer of the network took, from " + rest.get(0).describe()
          + " (import a backbone with a partial import, OnnxImportOptions.partial or upTo)");
    }
    rest.forEach(p -> leftOut.add(p.describe()));
    return new OnnxImportReport(filled, leftOut, notFilled);
  }

  private OnnxException noCounterpart(AnnetSlot slot, Wire wanted, List<OnnxParam> unused) {
    OnnxParam next = unused.stream().filter(p -> p.kind() == slot.kind()).findFirst()
        .orElse(unused.isEmpty() ? null : unused.get(0));
    return new OnnxException("the structures differ: Annet layer " + slot.describe() + " "
        + shapes(slot) + ", fed by " + slot.upstream()
        + (wanted == null ? "" : " (ONNX " + wanted + ")") + ", has no ONNX counterpart"
        + (next == null ? ": the file's parameterised nodes are used up"
            : "; the next unused ONNX node is " + next.describe() + ", fed by " + next.upstream())
        + " (a network of the same architecture has its convolutions, dense layers and batch"
        + " norms wired the same way)");
  }

  /** Writes every staged value into the network. */
  void commit() {
    for (Staged s : staged) {
      s.target().assign(s.value());
    }
  }

  /** The slots up to {@link OnnxImportOptions#lastLayer}, the rest reported as not filled. */
  private List<AnnetSlot> limited() {
    String last = options.lastLayer();
    if (last == null) {
      return slots;
    }
    int end = -1;
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).spec().equals(last) || slots.get(i).spec().startsWith(last + ".")) {
        end = i;
      }
    }
    if (end < 0 && slots.stream().noneMatch(s -> s.spec().equals(last))) {
      throw new OnnxException("upTo(" + last + "): the network has no parameterised layer "
          + last + "; its layers are "
          + slots.stream().map(AnnetSlot::spec).distinct().toList());
    }
    slots.subList(end + 1, slots.size()).forEach(s -> notFilled.add(s.layer()));
    return slots.subList(0, end + 1);
  }

  /** Fills the slots all of whose tensors the name map names, removing them from {@code todo}. */
  private Set<String> byName(List<AnnetSlot> todo, Map<String, String> taken) {
    Set<String> used = new HashSet<>();
    Map<String, String> nodeOf = new HashMap<>();
    params.forEach(p -> p.tensors().values().forEach(t -> nodeOf.put(t.getName(), p.id())));
    todo.removeIf(slot -> {
      boolean all = slot.tensors().keySet().stream()
          .allMatch(k -> options.names().containsKey(slot.parameter(k)));
      if (!all) {
        return false;
      }
      slot.tensors().forEach((suffix, target) -> {
        String name = options.names().get(slot.parameter(suffix));
        TensorProto t = constants.get(name);
        if (t == null) {
          throw new OnnxException("the name map gives " + slot.parameter(suffix)
              + " the ONNX tensor " + name + ", which the file does not have");
        }
        stage(slot, suffix, OnnxTensors.read(t, name, dtype), name);
        used.add(name);
        if (suffix.equals("weight") || suffix.equals("gamma")) {
          taken.put(slot.layer(), nodeOf.getOrDefault(name, name));
        }
      });
      filled.add(slot.layer() + " <- " + slot.tensors().keySet().stream()
          .map(k -> options.names().get(slot.parameter(k))).toList() + " (by name)");
      return true;
    });
    return used;
  }

  private void conv(AnnetSlot slot, OnnxParam p) {
    long[] strides = p.ints("strides", 1, 1);
    long[] dilations = p.ints("dilations", 1, 1);
    long group = p.integer("group", 1);
    long[] expectedPads = OnnxGraph.pads(slot.window(), slot.inputShape()[1],
        slot.inputShape()[2]);
    long[] pads = switch (p.string("auto_pad", "NOTSET")) {
      case "SAME_UPPER" -> samePads(slot, false);
      case "SAME_LOWER" -> samePads(slot, true);
      default -> p.ints("pads", 0, 0, 0, 0);
    };
    long[] expectedStrides = {slot.window().strideHeight(), slot.window().strideWidth()};
    if (!Arrays.equals(strides, expectedStrides) || !Arrays.equals(pads, expectedPads)
        || Arrays.stream(dilations).anyMatch(d -> d != 1) || group != slot.group()) {
      throw new OnnxException("Annet layer " + slot.describe() + " (window " + slot.window()
          + ", strides " + Arrays.toString(expectedStrides) + ", pads "
          + Arrays.toString(expectedPads) + ", group " + slot.group() + ") differs from ONNX node "
          + p.describe() + " (strides " + Arrays.toString(strides) + ", pads "
          + Arrays.toString(pads) + ", dilations " + Arrays.toString(dilations) + ", group "
          + group + ")");
    }
    affine(slot, p, read(p, "weight"));
  }

  private long[] samePads(AnnetSlot slot, boolean lower) {
    io.annet.dsl.Window w = slot.window();
    io.annet.dsl.Window same = new io.annet.dsl.Window(w.kernelHeight(), w.kernelWidth(),
        w.strideHeight(), w.strideWidth(), 0, 0, true);
    long[] pads = OnnxGraph.pads(same, slot.inputShape()[1], slot.inputShape()[2]);
    return lower ? new long[] {pads[2], pads[3], pads[0], pads[1]} : pads;
  }

  private void gemm(AnnetSlot slot, OnnxParam p) {
    boolean matMul = p.node().getOpType().equals("MatMul");
    if (!matMul && (p.integer("transA", 0) != 0 || p.real("alpha", 1) != 1
        || p.real("beta", 1) != 1)) {
      throw new OnnxException("ONNX node " + p.describe() + " has transA, alpha or beta other"
          + " than 0, 1, 1, which Annet layer " + slot.describe() + " cannot represent");
    }
    INDArray weight = read(p, "weight");
    boolean transposed = !matMul && p.integer("transB", 0) == 1;
    if (!transposed && weight.rank() == 2) {
      weight = weight.transpose().dup('c'); // [in, units] -> [units, in]
    }
    affine(slot, p, weight);
  }

  /** Stages weight and bias, or checks a missing Annet bias has nothing to take. */
  private void affine(AnnetSlot slot, OnnxParam p, INDArray weight) {
    stage(slot, "weight", weight, p.describe());
    if (p.tensors().containsKey("bias") && slot.tensors().containsKey("bias")) {
      stage(slot, "bias", read(p, "bias"), p.describe());
    } else if (slot.tensors().containsKey("bias")) {
      stage(slot, "bias", Nd4j.zeros(dtype, slot.tensors().get("bias").shape()), p.describe());
    }
    filled.add(slot.layer() + " <- " + p.describe());
  }

  private void batchNorm(AnnetSlot slot, OnnxParam p) {
    for (String role : List.of("gamma", "beta", "mean")) {
      stage(slot, role, read(p, role), p.describe());
    }
    // the same normalisation under Annet's epsilon: var + eps_onnx - eps_annet
    double epsilon = (float) p.real("epsilon", 1e-5);
    INDArray variance = read(p, "var");
    if (!(variance.minNumber().doubleValue() + epsilon > 0)) {
      throw new OnnxException("ONNX node " + p.describe() + ": a variance plus epsilon is "
          + (variance.minNumber().doubleValue() + epsilon) + ", not positive, so Annet layer "
          + slot.describe() + " cannot normalise with it");
    }
    stage(slot, "var", variance.addi(epsilon - slot.epsilon()), p.describe());
    filled.add(slot.layer() + " <- " + p.describe());
  }

  private void foldedBatchNorm(AnnetSlot slot, OnnxParam convParam, boolean biasHere) {
    INDArray gamma = slot.tensors().get("gamma");
    stage(slot, "gamma", Nd4j.ones(dtype, gamma.shape()), "folded");
    stage(slot, "beta", biasHere ? read(convParam, "bias") : Nd4j.zeros(dtype, gamma.shape()),
        "folded");
    stage(slot, "mean", Nd4j.zeros(dtype, gamma.shape()), "folded");
    stage(slot, "var", Nd4j.valueArrayOf(gamma.shape(), 1 - slot.epsilon(), dtype), "folded");
    filled.add(slot.layer() + " <- folded into " + convParam.describe()
        + ": the identity" + (biasHere ? " carrying its bias" : ""));
  }

  /** An ONNX bias that an Annet layer without bias and no folded batch norm would lose. */
  private void requireNoLostBias(AnnetSlot slot, OnnxParam p) {
    if (p.tensors().containsKey("bias") && read(p, "bias").amaxNumber().doubleValue() != 0) {
      throw new OnnxException("ONNX node " + p.describe() + " has a nonzero bias, but Annet"
          + " layer " + slot.describe() + " has none (bias = false) and no batch norm after it"
          + " to carry it");
    }
  }

  private INDArray read(OnnxParam p, String role) {
    return OnnxTensors.read(p.tensors().get(role), p.describe(), dtype);
  }

  /**
   * Stages {@code value} for the tensor {@code suffix} of {@code slot}: of the same shape, or for
   * a vector (bias, beta) of the same length, e.g. a bias stored as {@code [1, units]}.
   */
  private void stage(AnnetSlot slot, String suffix, INDArray value, String from) {
    INDArray target = slot.tensors().get(suffix);
    if (target.rank() == 1 && value.length() == target.length()) {
      value = value.reshape(target.shape());
    }
    if (!Arrays.equals(target.shape(), value.shape())) {
      throw new OnnxException("Annet layer " + slot.describe() + " has " + suffix + " "
          + Arrays.toString(target.shape()) + ", but ONNX " + from + " gives "
          + Arrays.toString(value.shape()));
    }
    staged.add(new Staged(target, value.castTo(target.dataType())));
  }

  private static String shapes(AnnetSlot slot) {
    StringBuilder b = new StringBuilder("[");
    slot.tensors().forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append(' ')
        .append(Arrays.toString(v.shape())));
    return b.append(']').toString();
  }
}
