package io.annet.runtime.data;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * How a network trained on images saw them, saved next to its checkpoint ({@code
 * <checkpoint>.images}) so that evaluation and prediction convert pictures the same way and print
 * class names: the class names in index order, the input shape, the resize policy, the training
 * set's per-channel normalisation, and the validation split that was held out.
 *
 * @param classNames class names, index = class
 * @param shape the network's input {@code [C, H, W]}
 * @param resize how pictures were fitted
 * @param normalization the per-channel mean and standard deviation applied, or null for none
 * @param validation the fraction held out for validation when there was no {@code test/} folder
 * @param splitSeed the seed of that split
 */
public record ImageDataInfo(List<String> classNames, int[] shape, ResizePolicy resize,
    Normalization normalization, double validation, long splitSeed) {

  public ImageDataInfo {
    classNames = List.copyOf(classNames);
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** The file next to {@code checkpoint} that holds this: {@code <checkpoint>.images}. */
  public static Path fileFor(Path checkpoint) {
    return checkpoint.resolveSibling(checkpoint.getFileName() + ".images");
  }

  /** Writes {@link #fileFor}{@code (checkpoint)} atomically (a temporary file, then a move). */
  public void save(Path checkpoint) throws IOException {
    Properties p = new Properties();
    p.setProperty("classes", String.valueOf(classNames.size()));
    for (int i = 0; i < classNames.size(); i++) {
      p.setProperty("class." + i, classNames.get(i));
    }
    p.setProperty("shape", join(Arrays.stream(shape).asDoubleStream().toArray(), true));
    p.setProperty("resize", resize.name());
    if (normalization != null) {
      p.setProperty("mean", join(normalization.mean(), false));
      p.setProperty("std", join(normalization.std(), false));
    }
    p.setProperty("validation", Double.toString(validation));
    p.setProperty("splitSeed", Long.toString(splitSeed));
    Path file = fileFor(checkpoint);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      p.store(w, "Annet: the image data " + checkpoint.getFileName() + " was trained on");
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The information saved next to {@code checkpoint}, or empty when there is none (a network
   * trained on IDX or CIFAR files).
   *
   * @throws DataFormatException when the file exists but is damaged
   */
  public static Optional<ImageDataInfo> load(Path checkpoint) {
    Path file = fileFor(checkpoint);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      int count = Integer.parseInt(p.getProperty("classes"));
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add(required(p, "class." + i));
      }
      int[] shape = Arrays.stream(split(required(p, "shape"))).mapToInt(d -> (int) d).toArray();
      Normalization n = p.getProperty("mean") == null ? null
          : new Normalization(split(p.getProperty("mean")), split(required(p, "std")));
      return Optional.of(new ImageDataInfo(names, shape,
          ResizePolicy.valueOf(required(p, "resize")), n,
          Double.parseDouble(required(p, "validation")),
          Long.parseLong(required(p, "splitSeed"))));
    } catch (IOException | RuntimeException e) {
      throw new DataFormatException(file, "damaged image data information (" + e.getMessage()
          + "); delete it and train again, or restore it", e);
    }
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return v;
  }

  private static String join(double[] values, boolean integers) {
    StringBuilder s = new StringBuilder();
    for (double v : values) {
      s.append(s.length() == 0 ? "" : ",").append(integers ? Long.toString((long) v)
          : Double.toString(v));
    }
    return s.toString();
  }

  private static double[] split(String s) {
    return Arrays.stream(s.split(",")).mapToDouble(v -> Double.parseDouble(v.strip())).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageDataInfo i && classNames.equals(i.classNames)
        && Arrays.equals(shape, i.shape) && resize == i.resize
        && String.valueOf(normalization).equals(String.valueOf(i.normalization))
        && validation == i.validation && splitSeed == i.splitSeed;
  }

  @Override
  public int hashCode() {
    return classNames.hashCode() * 31 + Arrays.hashCode(shape);
  }
}
