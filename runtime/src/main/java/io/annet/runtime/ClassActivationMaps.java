package io.annet.runtime;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Class activation maps (Zhou et al. 2016) from the feature maps that feed a global average
 * pooling head: which places of the input made the network choose a class.
 */
public final class ClassActivationMaps {
  private ClassActivationMaps() {}

  /**
   * The map of one class for a Network-in-Network head, where the last maps already have one
   * channel per class: {@code maps[:, classIndex, :, :]}, {@code [N, C, H, W] -> [N, H, W]}.
   */
  public static INDArray ofClass(INDArray maps, int classIndex) {
    requireMaps(maps);
    requireClass(classIndex, maps.size(1), "channels of the maps");
    return maps.get(NDArrayIndex.all(), NDArrayIndex.point(classIndex), NDArrayIndex.all(),
            NDArrayIndex.all())
        .dup('c');
  }

  /**
   * The map of one class for a GAP followed by a dense layer: {@code sum_c W[classIndex, c] maps[:,
   * c, :, :]}, from {@code maps [N, C, H, W]} and the dense weight {@code [classes, C]} to {@code
   * [N, H, W]}.
   */
  public static INDArray weighted(INDArray maps, INDArray denseWeight, int classIndex) {
    requireMaps(maps);
    if (denseWeight.rank() != 2 || denseWeight.size(1) != maps.size(1)) {
      throw new ShapeMismatchException(
          "class activation maps expect a dense weight [classes, " + maps.size(1) + "], found "
              + Arrays.toString(denseWeight.shape()));
    }
    if (denseWeight.dataType() != maps.dataType()) {
      throw new DataTypeMismatchException(
          "class activation maps expect a dense weight of type " + maps.dataType() + ", found "
              + denseWeight.dataType());
    }
    requireClass(classIndex, denseWeight.size(0), "rows of the dense weight");
    INDArray row = denseWeight.getRow(classIndex).dup(); // [C]
    INDArray scaled = Nd4j.createUninitialized(maps.dataType(), maps.shape(), 'c');
    Nd4j.exec(new BroadcastMulOp(maps, row, scaled, 1)); // [N,C,H,W] * [C] along dim 1
    return scaled.sum(1); // [N,H,W]
  }

  private static void requireMaps(INDArray maps) {
    if (maps.rank() != 4) {
      throw new ShapeMismatchException(
          "class activation maps expect maps [N, C, H, W], found " + Arrays.toString(maps.shape()));
    }
  }

  private static void requireClass(int classIndex, long classes, String what) {
    if (classIndex < 0 || classIndex >= classes) {
      throw new LabelException(
          "class index must be in [0, " + classes + ") (the " + what + "), found " + classIndex);
    }
  }
}
