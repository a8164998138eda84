package io.annet.runtime.data;

import java.util.function.Consumer;

/**
 * What an image data set does with a file it cannot use (not an image, truncated, unreadable, too
 * large): {@link #SKIP} it with one warning line naming the file and a count at the end, or stop
 * at the first with an {@link ImageFileException} ({@link #STRICT}).
 */
public enum BadInputPolicy {
  /** Leave the file out, saying so in one line; the default. */
  SKIP,
  /** Fail on the first bad file. */
  STRICT;

  /** Applies the policy to {@code problem}: warns and returns, or throws it. */
  void handle(ImageFileException problem, Consumer<String> warnings) {
    if (this == STRICT) {
      throw problem;
    }
    warnings.accept("skipped " + problem.getMessage());
  }
}
