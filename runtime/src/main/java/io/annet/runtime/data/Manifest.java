package io.annet.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The entries of a CSV manifest of {@code path,label} lines, whatever file system it came from:
 * paths as written (relative to the manifest's folder, for the caller to resolve), labels as
 * indices into the sorted distinct label names. An optional first line {@code path,label}, blank
 * lines and {@code #} comments are skipped; the label is after the last comma, so paths may hold
 * commas; either part may be double-quoted.
 *
 * @param paths the image paths, in file order
 * @param labels the class index of each path
 * @param classNames the sorted distinct labels
 */
public record Manifest(List<String> paths, int[] labels, List<String> classNames) {

  /**
   * Parses the lines of the manifest {@code source} (named in errors).
   *
   * @throws DataFormatException naming the line when one has no comma or an empty part, or when
   *     fewer than two distinct labels are found
   */
  public static Manifest parse(List<String> lines, Path source) {
    List<String> paths = new ArrayList<>();
    List<String> labelNames = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.equals("path,label"))) {
        continue;
      }
      int comma = line.lastIndexOf(',');
      String path = comma < 0 ? "" : unquote(line.substring(0, comma).strip());
      String label = comma < 0 ? "" : unquote(line.substring(comma + 1).strip());
      if (path.isEmpty() || label.isEmpty()) {
        throw new DataFormatException(source, "line " + (i + 1) + ": expected path,label, found \""
            + line + "\"");
      }
      paths.add(path);
      labelNames.add(label);
    }
    TreeMap<String, Integer> index = new TreeMap<>();
    new TreeSet<>(labelNames).forEach(n -> index.put(n, index.size()));
    if (index.size() < 2) {
      throw new DataFormatException(source, "found " + index.size() + " class label(s) "
          + index.keySet() + "; expected at least two classes");
    }
    int[] labels = labelNames.stream().mapToInt(index::get).toArray();
    return new Manifest(List.copyOf(paths), labels, List.copyOf(index.keySet()));
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s;
  }
}
