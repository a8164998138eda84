package io.annet.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.annet.runtime.data.DataFormatException;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the IDX reader (plain and gzipped files, recognised by their content) with Jazzer: every
 * input, as an images file or as a labels file, either loads into a consistent dataset (pixels in
 * [0, 1], labels in range, counts agreeing) with the other file of a seed pair, or fails with a
 * {@link DataFormatException}; never another exception, an out-of-memory error from a forged
 * count, or a hang. Plain builds replay {@code IdxFuzzTestInputs/<method>/}; {@code -Pjazzer}
 * runs one target coverage-guided (see docs/RELIABILITY.md).
 */
class IdxFuzzTest {

  @Test
  void seedsLoad() {
    for (int i = 0; i < Corpus.IDX_IMAGES.size(); i++) {
      Path images = FuzzFiles.write(Corpus.IDX_IMAGES.get(i),
          Corpus.seed(Corpus.IDX_IMAGES_DIR, Corpus.IDX_IMAGES.get(i)));
      Path labels = FuzzFiles.write(Corpus.IDX_LABELS.get(i),
          Corpus.seed(Corpus.IDX_LABELS_DIR, Corpus.IDX_LABELS.get(i)));
      try {
        Dataset d = IdxReader.read(images, labels, 10);
        assertEquals(3, d.size());
        assertArrayEquals(new long[] {3, 1, 4, 5}, d.features().shape());
        assertEquals(37 / 255.0, d.features().getDouble(0, 0, 0, 1), 1e-6);
        assertArrayEquals(new int[] {7, 0, 9}, d.labels());
      } finally {
        FuzzFiles.delete(images);
        FuzzFiles.delete(labels);
      }
    }
  }

  /** {@code data} as an images file: on its own, and with the seed labels. */
  @FuzzTest(maxDuration = "10m")
  void images(byte[] data) {
    Path images = FuzzFiles.write("images-idx3-ubyte", data);
    Path labels = FuzzFiles.write("labels-idx1-ubyte",
        Corpus.seed(Corpus.IDX_LABELS_DIR, Corpus.IDX_LABELS.get(0)));
    try {
      check(images, labels, true);
    } finally {
      FuzzFiles.delete(images);
      FuzzFiles.delete(labels);
    }
  }

  /** {@code data} as a labels file: on its own, and with the seed images. */
  @FuzzTest(maxDuration = "10m")
  void labels(byte[] data) {
    Path images = FuzzFiles.write("images-idx3-ubyte",
        Corpus.seed(Corpus.IDX_IMAGES_DIR, Corpus.IDX_IMAGES.get(0)));
    Path labels = FuzzFiles.write("labels-idx1-ubyte", data);
    try {
      check(images, labels, false);
    } finally {
      FuzzFiles.delete(images);
      FuzzFiles.delete(labels);
    }
  }

  private static void check(Path images, Path labels, boolean fuzzedImages) {
    FuzzFiles.readOrReject(() -> fuzzedImages ? IdxReader.readImages(images)
        : IdxReader.readLabels(labels), DataFormatException.class);
    Dataset d = FuzzFiles.readOrReject(() -> IdxReader.read(images, labels, 10),
        DataFormatException.class);
    if (d != null) {
      FuzzFiles.assertConsistent(d, 1, 10);
    }
  }
}
