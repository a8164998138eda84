package io.annet.runtime;

import io.annet.dsl.Layer;
import io.annet.runtime.layers.BlockHandle;
import io.annet.runtime.layers.Kernel;
import io.annet.runtime.layers.MergeKernel;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inference forward of a network up to one of its nodes, wired from its spec: the output of a
 * backbone ({@link Network#features(INDArray)}) or of any layer. Only
 * the nodes the target depends on run, each exactly as in {@code predict}.
 */
final class FeaturePass {
  private final String model;
  private final List<Layer> nodes;
  private final SpecGraph graph;

  FeaturePass(String model, List<Layer> nodes, String spec) {
    this.model = model;
    this.nodes = nodes;
    this.graph = SpecGraph.parse(spec);
    boolean same = graph.nodes().size() == nodes.size()
        || graph.nodes().size() == nodes.size() + 1; // a network whose softmax is implicit
    for (int i = 0; same && i < nodes.size(); i++) {
      same = nodes.get(i).name().equals(graph.nodes().get(i).name());
    }
    if (!same) {
      throw new AnnetException(model + ": its registered layers do not follow its spec, so it"
          + " cannot run part of its forward pass (a hand-written network?)");
    }
  }

  /**
   * The node whose output {@code features(x)} returns: the backbone's last, or the global pool
   * right after it that starts the head (the GAP vector of a GAP head).
   */
  int backboneFeatures(Layer backbone) {
    int last = lastNode(backbone);
    int next = last + 1;
    if (next < nodes.size() && graph.nodes().get(next).inputs().equals(List.of(last))) {
      String kind = nodes.get(next).kind();
      if (kind.equals("GlobalAvgPool") || kind.equals("GlobalMaxPool")) {
        return next;
      }
    }
    return last;
  }

  /** The index of {@code layer}'s node; a block's last member for a block handle. */
  int lastNode(Layer layer) {
    while (layer instanceof BlockHandle block) {
      layer = block.members().get(block.members().size() - 1);
    }
    int i = nodes.indexOf(layer);
    if (i < 0) {
      throw new AnnetException(model + " has no node " + layer.name());
    }
    return i;
  }

  /** The output of node {@code target} for the checked input {@code x}, a fresh array. */
  INDArray run(INDArray x, int target) {
    boolean[] needed = new boolean[target + 1];
    needed[target] = true;
    for (int i = target; i >= 0; i--) {
      if (needed[i]) {
        for (int p : graph.nodes().get(i).inputs()) {
          if (p >= 0) {
            needed[p] = true;
          }
        }
      }
    }
    INDArray[] out = new INDArray[target + 1];
    for (int i = 0; i <= target; i++) {
      if (!needed[i]) {
        continue;
      }
      List<Integer> inputs = graph.nodes().get(i).inputs();
      INDArray[] in =
          new INDArray[inputs.size()];
      for (int k = 0; k < in.length; k++) {
        in[k] = inputs.get(k) < 0 ? x : out[inputs.get(k)];
      }
      Layer node = nodes.get(i);
      if (node instanceof Kernel<?> kernel) {
        out[i] = kernel.forward(in[0], false).output();
      } else if (node instanceof MergeKernel<?> merge) {
        out[i] = merge.forward(false, in).output();
      } else {
        throw new AnnetException(model + ": node " + node.name() + " computes nothing");
      }
    }
    return out[target].dup();
  }
}
