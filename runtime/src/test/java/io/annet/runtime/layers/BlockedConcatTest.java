package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The blocked concatenation's reorders against ND4J's plain concatenation and a reshape into
 * {@code nChw16c}: Inception's ranges that start inside a block, plain and blocked inputs.
 */
class BlockedConcatTest {
  private static final DataType F = DataType.FLOAT;

  /** {@code plain} [N, C, H, W] as oneDNN's nChw16c holds it, in an array of the same shape. */
  static INDArray toBlocked(INDArray plain) {
    long[] s = plain.shape();
    return plain.reshape('c', s[0], s[1] / 16, 16, s[2], s[3]).permute(0, 1, 3, 4, 2).dup('c')
        .reshape('c', s);
  }

  private static INDArray fromBlocked(INDArray blocked) {
    long[] s = blocked.shape();
    return blocked.reshape('c', s[0], s[1] / 16, s[2], s[3], 16).permute(0, 1, 4, 2, 3).dup('c')
        .reshape('c', s);
  }

  private static INDArray[] inputs(long n, int[] channels, long h, long w) {
    INDArray[] xs = new INDArray[channels.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Nd4j.rand(F, n, channels[i], h, w).subi(0.5);
    }
    return xs;
  }

  private static int[][] shapes(int[] channels, int h, int w) {
    int[][] shapes = new int[channels.length][];
    for (int i = 0; i < shapes.length; i++) {
      shapes[i] = new int[] {channels[i], h, w};
    }
    return shapes;
  }

  private static void check(int[] channels, boolean[] blocked) {
    assertTrue(OneDnn.available(), OneDnn.status());
    Nd4j.getRandom().setSeed(17);
    int h = 5;
    int w = 3;
    long n = 3;
    BlockedConcat concat = new BlockedConcat(shapes(channels, h, w));
    concat.readBlocked(blocked);
    INDArray[] xs = inputs(n, channels, h, w);
    INDArray[] given = new INDArray[xs.length];
    for (int i = 0; i < xs.length; i++) {
      given[i] = concat.blocked(i) ? toBlocked(xs[i]) : xs[i];
    }
    INDArray plain = Nd4j.concat(1, xs);
    INDArray y = Nd4j.create(F, plain.shape());
    concat.join(given, y);
    assertEquals(toBlocked(plain), y);

    INDArray g = Nd4j.rand(F, plain.shape());
    INDArray[] dx = new INDArray[xs.length];
    for (int i = 0; i < dx.length; i++) {
      dx[i] = Nd4j.create(F, xs[i].shape());
    }
    concat.split(toBlocked(g), dx);
    long start = 0;
    for (int i = 0; i < dx.length; i++) {
      INDArray expected = g.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
          org.nd4j.linalg.indexing.NDArrayIndex.interval(start, start + channels[i]));
      assertEquals(expected, concat.blocked(i) ? fromBlocked(dx[i]) : dx[i], "input " + i);
      start += channels[i];
    }
  }

  @Test
  void inceptionRangesFromPlainInputs() {
    check(new int[] {16, 24, 8, 16}, null);
  }

  @Test
  void plainInputsOfChannelsNotAMultipleOf8AreTransposedRunByRun() {
    check(new int[] {12, 4, 16}, null);
  }

  @Test
  void blockedInputsAtBlockAndMidBlockOffsets() {
    // 16 at 0, 8 plain at 16, 32 blocked at 24 (crosses blocks), 16 blocked at 56 (mid-block)
    check(new int[] {16, 8, 32, 16, 24}, new boolean[] {true, false, true, true, true});
  }

  @Test
  void anInputOfOddChannelsStaysPlainWhateverIsAsked() {
    BlockedConcat concat = new BlockedConcat(shapes(new int[] {24, 8}, 2, 2));
    assertFalse(concat.readBlocked(new boolean[] {true, true}));
    assertFalse(concat.blocked(0));
    check(new int[] {24, 8}, new boolean[] {true, true});
  }

  @Test
  void refusesATotalThatIsNotAMultipleOf16() {
    assertThrows(IllegalArgumentException.class,
        () -> new BlockedConcat(shapes(new int[] {16, 8}, 2, 2)));
  }
}
