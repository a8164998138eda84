package io.annet.runtime.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds labelled images: one sub-folder per class (the class names are the sorted folder names;
 * images may sit in nested folders of a class), or a CSV manifest of {@code path,label} lines.
 * Only the names are read here; {@link ImageCheck} decodes the files.
 */
public final class ImageFolder {
  /** The extensions taken as images, lower case. */
  public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  private ImageFolder() {}

  /** Whether {@code file}'s name ends with an image extension (any case) and is not hidden. */
  public static boolean isImageName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return !name.startsWith(".") && dot > 0
        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Whether {@code dir} looks like an image data set: a {@code train/} folder, or a sub-folder
   * holding an image file.
   */
  public static boolean isImageFolder(Path dir) {
    if (Files.isDirectory(dir.resolve("train"))) {
      return true;
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(Files::isDirectory).anyMatch(ImageFolder::holdsImage);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean holdsImage(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(ImageFolder::isImageName);
    } catch (IOException e) {
      return false;
    }
  }

  /** The class folders of {@code root}, sorted by name (hidden folders left out). */
  public static List<String> classNames(Path root) {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new DataFormatException(root, "cannot list the class folders: " + e, e);
    }
  }

  /**
   * The images under {@code root}, one sub-folder per class; {@code classes} fixes the class
   * names and their order (e.g. a test folder's, taken from its training folder), or null to take
   * the sorted sub-folder names.
   *
   * @throws DataFormatException when there are fewer than two classes, a folder of {@code
   *     classes} is missing, or (under {@link BadInputPolicy#STRICT}) a folder cannot be read or
   *     a class has no image
   */
  public static ImageList scan(
      Path root, List<String> classes, BadInputPolicy policy, Consumer<String> warnings) {
    if (!Files.isDirectory(root)) {
      throw new DataFormatException(root, "not a directory");
    }
    List<String> found = classNames(root);
    List<String> names = classes == null ? found : classes;
    if (names.size() < 2) {
      throw new DataFormatException(root, "found " + names.size() + " class folder"
          + (names.size() == 1 ? " (" + names.get(0) + ")" : "") + "; expected one sub-folder per"
          + " class and at least two classes (e.g. " + root.resolve("cats") + " and "
          + root.resolve("dogs") + ")");
    }
    if (classes != null) {
      List<String> unknown = found.stream().filter(n -> !classes.contains(n)).toList();
      if (!unknown.isEmpty()) {
        throw new DataFormatException(root, "class folders " + unknown + " are not among the"
            + " training classes " + classes);
      }
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      Path dir = root.resolve(names.get(c));
      List<Path> images = imagesUnder(dir, policy, warnings);
      if (images.isEmpty() && Files.isDirectory(dir)) {
        String problem = "class '" + names.get(c) + "' has no images (" + String.join(", ",
            EXTENSIONS) + "); it stays class " + c + " so that the others keep their indices";
        if (policy == BadInputPolicy.STRICT) {
          throw new DataFormatException(dir, problem);
        }
        warnings.accept(dir + ": " + problem);
      }
      for (Path image : images) {
        files.add(image);
        labels.add(c);
      }
    }
    return new ImageList(files, labels.stream().mapToInt(Integer::intValue).toArray(), names);
  }

  /**
   * The image files under {@code dir} (nested folders included, symbolic links followed), sorted;
   * a folder that cannot be read or a symbolic-link loop is a warning (or, strict, an error).
   */
  public static List<Path> imagesUnder(Path dir, BadInputPolicy policy, Consumer<String> warnings) {
    TreeSet<Path> images = new TreeSet<>();
    try {
      Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return d.getFileName() != null && d.getFileName().toString().startsWith(".")
                  && !d.equals(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (isImageName(file)) {
                images.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              String problem = e instanceof FileSystemLoopException ? "a symbolic-link loop"
                  : e instanceof AccessDeniedException ? "permission denied"
                  : "cannot read it (" + e + ")";
              if (isImageName(file) && !(e instanceof FileSystemLoopException)) {
                images.add(file); // the decoder names the problem when it reads it
              } else {
                policy.handle(new ImageFileException(file, problem), warnings);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      policy.handle(new ImageFileException(dir, "cannot list it (" + e + ")"), warnings);
    }
    return new ArrayList<>(images);
  }

  /**
   * The images of a CSV manifest of {@code path,label} lines (paths relative to the manifest's
   * folder; an optional first line {@code path,label}; the label after the last comma, so paths
   * may hold commas). The class names are the sorted distinct labels.
   *
   * @throws DataFormatException naming the line when one has no comma or an empty part
   */
  public static ImageList manifest(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataFormatException(csv, "cannot read the manifest: " + e, e);
    }
    Path base = csv.toAbsolutePath().getParent();
    Manifest manifest = Manifest.parse(lines, csv);
    List<Path> files = new ArrayList<>();
    manifest.paths().forEach(path -> files.add(base.resolve(path)));
    return new ImageList(files, manifest.labels(), new ArrayList<>(manifest.classNames()));
  }
}
