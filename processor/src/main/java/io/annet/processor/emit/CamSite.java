package io.annet.processor.emit;

import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.shape.LayerRow;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a class activation map is read from, the one CAM-head check for chains and graphs: a
 * global average pool followed, in a chain, by the end, by {@code @Softmax}, or by one {@code
 * @Dense} (then {@code @Softmax} or the end; Zhou et al. 2016).
 *
 * @param maps the node whose maps feed the pool, -1 when the pool reads the input
 * @param dense the index of the {@code @Dense} after the pool, if any
 */
record CamSite(int maps, OptionalInt dense) {

  /**
   * The first global average pool that ends such a head, or empty. {@code inputs} lists per row
   * the rows it consumes (-1: the input); the rows after the pool must each consume the previous
   * one (in a chain they all do).
   */
  static Optional<CamSite> find(List<LayerRow> rows, List<List<Integer>> inputs) {
    int end = rows.size() - (rows.get(rows.size() - 1).layer() instanceof SoftmaxSpec ? 1 : 0);
    for (int g = 0; g < rows.size(); g++) {
      if (!(rows.get(g).layer() instanceof GlobalAvgPoolSpec) || !chainAfter(g, inputs)) {
        continue;
      }
      int maps = inputs.get(g).get(0);
      if (end == g + 1) {
        return Optional.of(new CamSite(maps, OptionalInt.empty()));
      }
      if (end == g + 2 && rows.get(g + 1).layer() instanceof DenseSpec) {
        return Optional.of(new CamSite(maps, OptionalInt.of(g + 1)));
      }
    }
    return Optional.empty();
  }

  private static boolean chainAfter(int g, List<List<Integer>> inputs) {
    for (int i = g + 1; i < inputs.size(); i++) {
      if (!inputs.get(i).equals(List.of(i - 1))) {
        return false;
      }
    }
    return true;
  }
}
