package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.annet.dsl.Activation;
import io.annet.dsl.Layer;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.ShapeMismatchException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The composite handle of an inlined or repeated block: shape, count, members, checks. */
class BlockHandleTest {
  private static final DataType D = DataType.DOUBLE;

  /** A two-branch block inlined as {@code prefix}: 1x1 conv, 3x3 conv, concat. */
  private static BlockHandle twoBranches(String prefix, Initializer init) {
    int[] in = {3, 5, 5};
    ConvLayer b1 =
        new ConvLayer(prefix + ".b1", in, 2, Window.square(1, 1, 0), Activation.RELU, true, D,
            init);
    ConvLayer b2 =
        new ConvLayer(prefix + ".b2", in, 4, Window.square(3, 1, 1), Activation.RELU, false, D,
            init);
    ConcatLayer out = new ConcatLayer(prefix + ".out", new int[][] {{2, 5, 5}, {4, 5, 5}}, D);
    return new BlockHandle(prefix, "Use", new int[] {6, 5, 5}, List.of(b1, b2, out));
  }

  @Test
  void sumsTheParametersOfItsMembersAndReportsTheLastOutput() {
    BlockHandle block = twoBranches("mixed5b", new Initializer(1));
    assertEquals("mixed5b", block.name());
    assertEquals("Use", block.kind());
    assertArrayEquals(new int[] {6, 5, 5}, block.outputShape());
    assertEquals((2 * 3 + 2) + 4 * 3 * 9, block.parameterCount());
    assertEquals(
        List.of("mixed5b.b1", "mixed5b.b2", "mixed5b.out"),
        block.members().stream().map(Layer::name).toList());
    assertSame(block.members().get(1), block.member("b2"));
  }

  @Test
  void nestsForRepeatedBlocks() {
    Initializer init = new Initializer(2);
    List<Layer> repetitions = List.of(twoBranches("inceptionA.0", init));
    BlockHandle repeat =
        new BlockHandle("inceptionA", "Repeat", new int[] {6, 5, 5}, repetitions);
    assertEquals(repetitions.get(0).parameterCount(), repeat.parameterCount());
    BlockHandle first = (BlockHandle) repeat.member("0");
    assertEquals("inceptionA.0.b1", first.member("b1").name());
  }

  @Test
  void isImmutable() {
    BlockHandle block = twoBranches("m", new Initializer(3));
    block.outputShape()[0] = 99;
    assertArrayEquals(new int[] {6, 5, 5}, block.outputShape());
    assertThrows(UnsupportedOperationException.class, () -> block.members().clear());
  }

  @Test
  void rejectsAnOutputThatIsNotItsLastMembersAndAMissingMember() {
    BlockHandle block = twoBranches("m", new Initializer(4));
    ShapeMismatchException e =
        assertThrows(
            ShapeMismatchException.class,
            () -> new BlockHandle("m", "Use", new int[] {2, 5, 5}, block.members()));
    assertEquals(
        "m: a block's output is its last member's, expected [6, 5, 5] (m.out), found [2, 5, 5]",
        e.getMessage());
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BlockHandle("m", "Use", new int[] {6, 5, 5}, List.of()));
    assertEquals(
        "m: a block handle needs at least one member and no null, found []", empty.getMessage());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> block.member("b3"));
    assertEquals(
        "m has no member m.b3; its members are [m.b1, m.b2, m.out]", missing.getMessage());
  }
}
