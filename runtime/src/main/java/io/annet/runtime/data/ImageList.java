package io.annet.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Image files with their class indices and the class names, in a fixed order (by class, then by
 * path, for a folder; the manifest's order for a CSV manifest). Built by {@link ImageFolder}.
 *
 * @param files the image files
 * @param labels the class index of each file, into {@code classNames}
 * @param classNames the class names, index = class
 */
public record ImageList(List<Path> files, int[] labels, List<String> classNames) {

  public ImageList {
    files = List.copyOf(files);
    labels = labels.clone();
    classNames = List.copyOf(classNames);
    if (files.size() != labels.length) {
      throw new IllegalArgumentException(files.size() + " files but " + labels.length + " labels");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new IllegalArgumentException("label " + labels[i] + " of " + files.get(i)
            + " is outside 0.." + (classNames.size() - 1));
      }
    }
  }

  /** A training list and a validation list. */
  public record Split(ImageList train, ImageList validation) {}

  /** Number of files. */
  public int size() {
    return labels.length;
  }

  /** Number of classes. */
  public int numClasses() {
    return classNames.size();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  int label(int i) {
    return labels[i];
  }

  /** The files at {@code indices}, in that order, with the same classes. */
  public ImageList subset(int[] indices) {
    List<Path> f = new ArrayList<>(indices.length);
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      f.add(files.get(indices[i]));
      y[i] = labels[indices[i]];
    }
    return new ImageList(f, y, classNames);
  }

  /** The first {@code n} files (all when {@code n} is larger). */
  public ImageList first(int n) {
    int[] indices = new int[Math.min(n, size())];
    Arrays.setAll(indices, i -> i);
    return subset(indices);
  }

  /**
   * A seeded, stratified split: from each class, {@code round(fraction * count)} files drawn by
   * {@code seed} go to validation (at least one when the class has two or more files and the
   * fraction is positive); both lists keep this list's order.
   */
  public Split split(double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), found " + fraction);
    }
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] validation = new boolean[size()];
    for (int c = 0; c < numClasses(); c++) {
      int[] members = new int[size()];
      int count = 0;
      for (int i = 0; i < size(); i++) {
        if (labels[i] == c) {
          members[count++] = i;
        }
      }
      int take = (int) Math.round(fraction * count);
      if (fraction > 0 && count >= 2) {
        take = Math.max(1, Math.min(count - 1, take));
      }
      for (int i = 0; i < take; i++) { // a partial Fisher-Yates draw of `take` members
        int j = i + random.nextInt(count - i);
        int t = members[i];
        members[i] = members[j];
        members[j] = t;
        validation[members[i]] = true;
      }
    }
    int[] trainIdx = new int[size()];
    int[] valIdx = new int[size()];
    int nt = 0;
    int nv = 0;
    for (int i = 0; i < size(); i++) {
      if (validation[i]) {
        valIdx[nv++] = i;
      } else {
        trainIdx[nt++] = i;
      }
    }
    return new Split(subset(Arrays.copyOf(trainIdx, nt)), subset(Arrays.copyOf(valIdx, nv)));
  }

  /** How many files each class has. */
  public int[] classCounts() {
    int[] counts = new int[numClasses()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageList l && files.equals(l.files) && Arrays.equals(labels, l.labels)
        && classNames.equals(l.classNames);
  }

  @Override
  public int hashCode() {
    return files.hashCode() * 31 + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "ImageList(" + size() + " files, classes " + classNames + ")";
  }
}
