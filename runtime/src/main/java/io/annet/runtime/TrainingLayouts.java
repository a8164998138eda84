package io.annet.runtime;

import io.annet.dsl.Layer;
import io.annet.runtime.layers.BlockedLayout;
import io.annet.runtime.layers.BlockedTraining;
import io.annet.runtime.onnx.LayerIndex;
import io.annet.runtime.onnx.OnnxException;
import io.annet.runtime.onnx.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans which activations of a network's float32 training step stay in oneDNN's blocked layout
 * ({@link BlockedLayout}), from the spec's wiring: layers that keep a layout (batch norm, sums,
 * windowed pooling) join their inputs and output into one group of tensors, and a group is blocked
 * when every layer writing one of its tensors can write it blocked and every layer reading one
 * can read it blocked; the network's input and output stay plain. A convolution between two
 * blocked groups then reads and writes oneDNN's layout directly, with no reorder on either side.
 */
final class TrainingLayouts {
  /** The system property that keeps every training tensor plain ({@code false}). */
  static final String PROPERTY = "annet.trainingLayouts";

  /**
   * The system property that keeps each ReLU's gradient with its convolution ({@code false})
   * rather than on the gradient of the max pooling reading it ({@link #deferActivations}).
   */
  static final String MASK_PROPERTY = "annet.poolingMasksRelu";

  private TrainingLayouts() {}

  /**
   * Marks the kernels of {@code network} for the blocked groups and returns the switch of their
   * blocked calls, or null when no tensor can be blocked (double precision, no oneDNN, unreadable
   * wiring, {@code -Dannet.trainingLayouts=false}): the step then runs on plain arrays throughout.
   */
  static BlockedLayout plan(Network network) {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return null;
    }
    Map<String, Layer> kernels = LayerIndex.of(network);
    List<Topology.Node> nodes;
    try {
      nodes = Topology.of(network.architecture()).nodes();
    } catch (OnnxException e) {
      return null;
    }
    Map<String, String> parent = new HashMap<>();
    Map<String, List<Topology.Node>> consumers = new HashMap<>();
    for (Topology.Node node : nodes) {
      for (String input : node.inputs()) {
        consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
        if (role(kernels.get(node.name())) == BlockedTraining.Role.KEEPS) {
          union(parent, input, node.name());
        }
      }
    }
    Map<String, Boolean> blocked = new HashMap<>();
    String output = nodes.isEmpty() ? Topology.INPUT : nodes.get(nodes.size() - 1).name();
    blocked.put(find(parent, Topology.INPUT), false);
    blocked.put(find(parent, output), false);
    for (Topology.Node node : nodes) {
      String group = find(parent, node.name());
      boolean ok = writes(kernels.get(node.name()));
      for (Topology.Node reader : consumers.getOrDefault(node.name(), List.of())) {
        ok &= reads(kernels.get(reader.name()));
      }
      blocked.merge(group, ok, Boolean::logicalAnd);
    }
    for (Topology.Node node : nodes) { // a concatenation written plain reads its inputs plain
      if (kernels.get(node.name()) instanceof BlockedTraining kernel
          && kernel.readsBlockedIntoBlockedOnly()
          && !blocked.getOrDefault(find(parent, node.name()), false)) {
        node.inputs().forEach(input -> blocked.put(find(parent, input), false));
      }
    }
    BlockedLayout scope = new BlockedLayout();
    boolean any = false;
    for (Topology.Node node : nodes) {
      if (kernels.get(node.name()) instanceof BlockedTraining kernel) {
        boolean in = !node.inputs().isEmpty()
            && blocked.getOrDefault(find(parent, node.inputs().get(0)), false);
        boolean out = blocked.getOrDefault(find(parent, node.name()), false);
        any |= kernel.markBlocked(scope, in, out);
        boolean[] inputs = new boolean[node.inputs().size()];
        for (int i = 0; i < inputs.length; i++) {
          inputs[i] = blocked.getOrDefault(find(parent, node.inputs().get(i)), false);
        }
        kernel.markInputsBlocked(inputs);
        List<Topology.Node> readers = consumers.getOrDefault(node.name(), List.of());
        kernel.allowOverwritingOutputGradient(!node.name().equals(output) && (readers.size() > 1
            || readers.size() == 1 // several readers: the gradient is a GradientSum's own sum
            && kernels.get(readers.get(0).name()) instanceof BlockedTraining reader
            && reader.ownsInputGradient()));
      }
    }
    if (any) {
      deferActivations(kernels, nodes, consumers, output, scope);
    }
    return any ? scope : null;
  }

  /**
   * Lets each max pooling that is the one reader of a ReLU's output apply the ReLU's gradient on
   * its own output's gradient (4x smaller with a 3x3 window of stride 2), the layer writing the
   * ReLU's output then skipping it: the same gradient, since the pooling's backward only sends
   * gradient to cells holding a window's maximum (see {@link
   * BlockedTraining#deferrableActivation}).
   */
  private static void deferActivations(Map<String, Layer> kernels, List<Topology.Node> nodes,
      Map<String, List<Topology.Node>> consumers, String output, BlockedLayout scope) {
    if ("false".equalsIgnoreCase(System.getProperty(MASK_PROPERTY))) {
      return;
    }
    for (Topology.Node node : nodes) {
      List<Topology.Node> readers = consumers.getOrDefault(node.name(), List.of());
      if (kernels.get(node.name()) instanceof BlockedTraining writer
          && writer.deferrableActivation() != null && readers.size() == 1
          && !node.name().equals(output) && readers.get(0).inputs().size() == 1
          && kernels.get(readers.get(0).name()) instanceof BlockedTraining reader
          && reader.takesActivationGradient(writer.deferrableActivation(), scope)) {
        writer.deferActivationGradient(scope);
      }
    }
  }

  /** Whether the last planned training step of {@code network} keeps some tensor blocked. */
  static boolean active(Network network) {
    return network.training.active();
  }

  /** Unmarks every kernel of {@code network}: all its calls take plain arrays again. */
  static void clear(Network network) {
    for (Layer layer : LayerIndex.of(network).values()) {
      if (layer instanceof BlockedTraining kernel) {
        kernel.markBlocked(null, false, false);
      }
    }
  }

  private static BlockedTraining.Role role(Layer layer) {
    return layer instanceof BlockedTraining kernel ? kernel.layoutRole() : null;
  }

  private static boolean writes(Layer layer) {
    return layer instanceof BlockedTraining kernel && kernel.writesBlocked()
        && (kernel.layoutRole() != BlockedTraining.Role.KEEPS || kernel.readsBlocked());
  }

  private static boolean reads(Layer layer) {
    return layer instanceof BlockedTraining kernel && kernel.readsBlocked();
  }

  private static String find(Map<String, String> parent, String tensor) {
    String root = tensor;
    while (parent.containsKey(root)) {
      root = parent.get(root);
    }
    return root;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(ra, rb);
    }
  }
}
