package io.annet.runtime.checkpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two canonical specs (one line per layer), by longest common subsequence: common
 * lines start with two spaces, lines only in the expected spec with {@code "- "}, lines only in
 * the found spec with {@code "+ "}.
 */
final class SpecDiff {
  private SpecDiff() {}

  /** The diff lines, in order. */
  static List<String> diff(String expected, String found) {
    String[] a = expected.split("\n", -1);
    String[] b = found.split("\n", -1);
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1
            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        out.add("  " + a[i++]);
        j++;
      } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.add("- " + a[i++]);
      } else {
        out.add("+ " + b[j++]);
      }
    }
    return out;
  }
}
