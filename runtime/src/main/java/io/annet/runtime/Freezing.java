package io.annet.runtime;

import io.annet.dsl.Layer;
import io.annet.runtime.layers.BlockHandle;
import io.annet.runtime.layers.Freezable;
import io.annet.runtime.layers.Kernel;
import io.annet.runtime.layers.SoftmaxLayer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which layers of a network are frozen for the current training run, and what follows from it:
 * the gradients an optimizer sees (those of trainable, unfrozen parameters only, so frozen ones
 * get neither an update nor optimizer state), the node at which the generated backward stops
 * ({@link #backwardStop()}), and the inference-mode computation of frozen batch norms and
 * dropouts.
 *
 * <p>Nodes are the network's kernels (merges included) in declaration order, the members of
 * block handles flattened: the same order, and so the same indices, as the generated code's
 * layers, the implicit softmax last.
 */
final class Freezing {
  private final String model;
  private final List<Layer> nodes;
  /** Every node and block handle by its dotted name. */
  private final Map<String, Layer> named = new LinkedHashMap<>();
  private final Map<String, INDArray> allGradients;
  private final Set<Layer> frozen = Collections.newSetFromMap(new IdentityHashMap<>());
  private Map<String, INDArray> gradients;
  private int backwardStop;

  Freezing(String model, List<Layer> handles, Map<String, INDArray> gradients) {
    this.model = model;
    List<Layer> flat = new ArrayList<>();
    for (Layer handle : handles) {
      flatten(handle, flat);
    }
    this.nodes = List.copyOf(flat);
    this.allGradients = gradients;
    update();
  }

  private void flatten(Layer layer, List<Layer> out) {
    named.putIfAbsent(layer.name(), layer);
    if (layer instanceof BlockHandle block) {
      for (Layer member : block.members()) {
        flatten(member, out);
      }
    } else if (!out.contains(layer)) {
      out.add(layer);
    }
  }

  /** The nodes in declaration order (the generated code's layer indices). */
  List<Layer> nodes() {
    return nodes;
  }

  /** The node or block handle named {@code name}; throws listing the names when there is none. */
  Layer find(String name) {
    Layer layer = named.get(name);
    if (layer == null) {
      List<String> top = new ArrayList<>();
      for (String n : named.keySet()) {
        if (!n.contains(".")) {
          top.add(n);
        }
      }
      throw new AnnetException(model + " has no layer or block named '" + name + "'; its layers"
          + " and blocks are " + top + " (members of a block by their dotted names, e.g. "
          + example() + ")");
    }
    return layer;
  }

  private String example() {
    for (String n : named.keySet()) {
      if (n.contains(".")) {
        return n;
      }
    }
    return "block.layer";
  }

  /** Freezes ({@code on}) or unfreezes every node of each named layer or block. */
  void set(boolean on, List<String> names) {
    List<Layer> targets = new ArrayList<>();
    for (String name : names) {
      targets.add(find(name)); // all found before anything changes
    }
    for (Layer target : targets) {
      List<Layer> members = new ArrayList<>();
      flatten(target, members);
      for (Layer node : members) {
        if (on) {
          frozen.add(node);
        } else {
          frozen.remove(node);
        }
        if (node instanceof Freezable f) {
          f.setFrozen(on);
        }
      }
    }
    update();
  }

  /** Copies {@code other}'s frozen layers by name (a copy of the network). */
  void copyFrom(Freezing other) {
    List<String> names = new ArrayList<>();
    for (Layer node : other.nodes) {
      if (other.frozen.contains(node)) {
        names.add(node.name());
      }
    }
    set(false, List.copyOf(namesOfAll()));
    set(true, names);
  }

  private List<String> namesOfAll() {
    List<String> names = new ArrayList<>();
    for (Layer node : nodes) {
      names.add(node.name());
    }
    return names;
  }

  private void update() {
    Map<String, INDArray> open = new LinkedHashMap<>();
    int stop = -1;
    for (int i = 0; i < nodes.size(); i++) {
      Layer node = nodes.get(i);
      if (!(node instanceof Kernel<?> kernel) || frozen.contains(node)) {
        continue;
      }
      for (Parameter p : kernel.parameters()) {
        if (p.trainable() && allGradients.containsKey(p.name())) {
          open.put(p.name(), allGradients.get(p.name()));
          stop = stop < 0 ? i : stop;
        }
      }
    }
    gradients = Collections.unmodifiableMap(open);
    backwardStop = stop >= 0 ? stop : softmaxIndex();
  }

  /** The index of the softmax that ends the network: the last node, or the implicit one after. */
  private int softmaxIndex() {
    boolean declared = !nodes.isEmpty() && nodes.get(nodes.size() - 1) instanceof SoftmaxLayer;
    return declared ? nodes.size() - 1 : nodes.size();
  }

  /** The gradients of the trainable parameters of unfrozen layers, in order, live. */
  Map<String, INDArray> gradients() {
    return gradients;
  }

  /**
   * The index of the first node with a trainable parameter that is not frozen, or the softmax's
   * when there is none: the generated backward computes that node's parameter gradients only
   * and nothing below it.
   */
  int backwardStop() {
    return backwardStop;
  }

  /** The names of the frozen nodes, in declaration order. */
  Set<String> frozenNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Layer node : nodes) {
      if (frozen.contains(node)) {
        names.add(node.name());
      }
    }
    return Collections.unmodifiableSet(names);
  }
}
