package io.annet.spark;

import io.annet.runtime.AnnetException;
import io.annet.runtime.data.BadInputPolicy;
import io.annet.runtime.data.DataFormatException;
import io.annet.runtime.data.ImageFolder;
import io.annet.runtime.data.Manifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Labelled image files named by Hadoop file system URIs (a local path, {@code hdfs://}, {@code
 * s3a://}), listed on the driver in the order {@link ImageFolder} lists a local folder: one
 * sub-folder per class (class names = the sorted folder names; images in nested folders, sorted by
 * path), or a CSV manifest of {@code path,label} lines in its order (class names = sorted labels).
 *
 * @param files the images' URIs
 * @param labels the class of each, into {@code classNames}
 * @param classNames class names, index = class
 */
public record ImageFiles(List<String> files, int[] labels, List<String> classNames)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ImageFiles {
    files = List.copyOf(files);
    labels = labels.clone();
    classNames = List.copyOf(classNames);
    if (files.size() != labels.length) {
      throw new IllegalArgumentException(files.size() + " files but " + labels.length + " labels");
    }
  }

  /** Number of files. */
  public int size() {
    return files.size();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  /**
   * The images under {@code root}, one sub-folder per class; {@code classes} fixes the class names
   * and their order (a test folder's, from its training folder), or null for the sorted folders.
   *
   * @throws DataFormatException when there are fewer than two classes, or (strict) a class has
   *     no image
   */
  public static ImageFiles scan(String root, List<String> classes, BadInputPolicy policy,
      Consumer<String> warnings) {
    Path dir = new Path(root);
    java.nio.file.Path name = java.nio.file.Path.of(root);
    try {
      FileSystem fs = dir.getFileSystem(new Configuration());
      if (!fs.getFileStatus(dir).isDirectory()) {
        throw new DataFormatException(name, "not a directory");
      }
      List<String> found = new ArrayList<>();
      for (FileStatus child : fs.listStatus(dir)) {
        if (child.isDirectory() && !child.getPath().getName().startsWith(".")) {
          found.add(child.getPath().getName());
        }
      }
      found.sort(null);
      List<String> names = classes == null ? found : classes;
      if (names.size() < 2) {
        throw new DataFormatException(name, "found " + names.size() + " class folder(s) " + names
            + "; expected one sub-folder per class and at least two classes");
      }
      List<String> unknown = found.stream().filter(n -> !names.contains(n)).toList();
      if (!unknown.isEmpty()) {
        throw new DataFormatException(name, "class folders " + unknown
            + " are not among the training classes " + names);
      }
      List<String> files = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      for (int c = 0; c < names.size(); c++) {
        Path classDir = new Path(dir, names.get(c));
        TreeSet<String> images = new TreeSet<>();
        if (fs.exists(classDir)) {
          String prefix = fs.getFileStatus(classDir).getPath().toString();
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(classDir, true);
          while (it.hasNext()) {
            String file = it.next().getPath().toString();
            String relative = file.startsWith(prefix) ? file.substring(prefix.length()) : file;
            if (!relative.contains("/.")
                && ImageFolder.isImageName(java.nio.file.Path.of(new Path(file).getName()))) {
              images.add(file);
            }
          }
        }
        if (images.isEmpty()) {
          String problem = "class '" + names.get(c) + "' has no images; it stays class " + c
              + " so that the others keep their indices";
          if (policy == BadInputPolicy.STRICT) {
            throw new DataFormatException(java.nio.file.Path.of(classDir.toString()), problem);
          }
          warnings.accept(classDir + ": " + problem);
        }
        for (String image : images) {
          files.add(image);
          labels.add(c);
        }
      }
      return new ImageFiles(files, labels.stream().mapToInt(Integer::intValue).toArray(), names);
    } catch (IOException e) {
      throw new DataFormatException(name, "cannot list it: " + e, e);
    }
  }

  /**
   * The images of a CSV manifest of {@code path,label} lines, read as {@link
   * ImageFolder#manifest} reads a local one (paths relative to the manifest's folder).
   */
  public static ImageFiles manifest(String csv) {
    Path file = new Path(csv);
    java.nio.file.Path name = java.nio.file.Path.of(csv);
    List<String> lines = new ArrayList<>();
    try {
      FileSystem fs = file.getFileSystem(new Configuration());
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        r.lines().forEach(lines::add);
      }
    } catch (IOException e) {
      throw new DataFormatException(name, "cannot read the manifest: " + e, e);
    }
    Path base = file.getParent();
    Manifest manifest = Manifest.parse(lines, name);
    List<String> files = new ArrayList<>();
    manifest.paths().forEach(path -> files.add(new Path(base, path).toString()));
    return new ImageFiles(files, manifest.labels(), new ArrayList<>(manifest.classNames()));
  }

  /** Whether {@code uri} is a folder with a {@code train/} folder or a class folder of images. */
  public static boolean isImageFolder(String uri) {
    try {
      Path dir = new Path(uri);
      FileSystem fs = dir.getFileSystem(new Configuration());
      if (!fs.getFileStatus(dir).isDirectory()) {
        return false;
      }
      if (fs.exists(new Path(dir, "train"))) {
        return true;
      }
      for (FileStatus child : fs.listStatus(dir)) {
        if (child.isDirectory() && Arrays.stream(fs.listStatus(child.getPath())).anyMatch(
            f -> f.isFile() && ImageFolder.isImageName(
                java.nio.file.Path.of(f.getPath().getName())))) {
          return true;
        }
      }
      return false;
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new AnnetException("cannot look into " + uri + ": " + e, e);
    }
  }
}
