package io.annet.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The did-you-mean hint: edit distance, a limit on how far a suggestion may be. */
class DidYouMeanTest {
  @Test
  void suggestsTheClosestCloseEnoughName() {
    assertEquals(0, DidYouMean.distance("conv", "conv"));
    assertEquals(3, DidYouMean.distance("kitten", "sitting"));
    assertEquals(Optional.of("branch1"), DidYouMean.closest("branch", List.of("stem", "branch1")));
    assertEquals(Optional.of("input"), DidYouMean.closest("inptu", List.of("stem", "input")));
    assertEquals(Optional.empty(), DidYouMean.closest("gap", List.of("mixed5b", "reduction")));
    assertEquals(Optional.empty(), DidYouMean.closest("x", List.of()));
  }
}
