package io.annet.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.data.Cifar10Reader;
import io.annet.runtime.data.DataFormatException;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fuzzes the IDX (plain and gzipped) and CIFAR-10 readers with mutations of the seed files:
 * every input either loads into a consistent dataset (pixels in [0, 1], labels in range, counts
 * agreeing) or fails with a {@link DataFormatException}; never another exception, an
 * out-of-memory error from a forged count, or a hang. The seeds are replayed first.
 */
class DataReaderFuzzTest {

  @Example
  void idxSeedsLoad() {
    for (int i = 0; i < Corpus.IDX_IMAGES.size(); i++) {
      Path images = FuzzFiles.write(Corpus.IDX_IMAGES.get(i),
          Corpus.seed("idx", Corpus.IDX_IMAGES.get(i)));
      Path labels = FuzzFiles.write(Corpus.IDX_LABELS.get(i),
          Corpus.seed("idx", Corpus.IDX_LABELS.get(i)));
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

  @Example
  void cifarSeedLoads() {
    Path file = FuzzFiles.write(Corpus.CIFAR, Corpus.seed("cifar", Corpus.CIFAR));
    try {
      Dataset d = Cifar10Reader.read(file);
      assertArrayEquals(new long[] {2, 3, 32, 32}, d.features().shape());
      assertArrayEquals(new int[] {3, 9}, d.labels());
      assertEquals((31 + 1) / 255.0, d.features().getDouble(1, 0, 0, 0), 1e-6);
    } finally {
      FuzzFiles.delete(file);
    }
  }

  @Property(tries = 300)
  void mutatedIdxFilesLoadOrFailCleanly(@ForAll("idxPairs") int pair,
      @ForAll boolean mutateImages, @ForAll("mutations") List<Mutation> mutations) {
    checkIdx(pair, mutateImages, mutations);
  }

  @Property(tries = 200)
  void mutatedCifarFilesLoadOrFailCleanly(@ForAll("mutations") List<Mutation> mutations) {
    checkCifar(mutations);
  }

  @Property(tries = 20_000)
  @AddLifecycleHook(FuzzOnly.class)
  void manyMutatedIdxFiles(@ForAll("idxPairs") int pair, @ForAll boolean mutateImages,
      @ForAll("mutations") List<Mutation> mutations) {
    checkIdx(pair, mutateImages, mutations);
  }

  @Property(tries = 10_000)
  @AddLifecycleHook(FuzzOnly.class)
  void manyMutatedCifarFiles(@ForAll("mutations") List<Mutation> mutations) {
    checkCifar(mutations);
  }

  @Provide
  Arbitrary<Integer> idxPairs() {
    return Arbitraries.integers().between(0, Corpus.IDX_IMAGES.size() - 1);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Mutation.lists();
  }

  private static void checkIdx(int pair, boolean mutateImages, List<Mutation> mutations) {
    byte[] images = Corpus.seed("idx", Corpus.IDX_IMAGES.get(pair));
    byte[] labels = Corpus.seed("idx", Corpus.IDX_LABELS.get(pair));
    Path imageFile = FuzzFiles.write(Corpus.IDX_IMAGES.get(pair),
        mutateImages ? Mutation.applyAll(mutations, images) : images);
    Path labelFile = FuzzFiles.write(Corpus.IDX_LABELS.get(pair),
        mutateImages ? labels : Mutation.applyAll(mutations, labels));
    try {
      Dataset d = FuzzFiles.readOrReject(() -> IdxReader.read(imageFile, labelFile, 10),
          DataFormatException.class);
      if (d != null) {
        assertConsistent(d, 1, 10);
      }
      // The single-file entry points on the mutated file on its own.
      Path mutated = mutateImages ? imageFile : labelFile;
      FuzzFiles.readOrReject(() -> mutateImages ? IdxReader.readImages(mutated)
          : IdxReader.readLabels(mutated), DataFormatException.class);
    } finally {
      FuzzFiles.delete(imageFile);
      FuzzFiles.delete(labelFile);
    }
  }

  private static void checkCifar(List<Mutation> mutations) {
    Path file = FuzzFiles.write(Corpus.CIFAR,
        Mutation.applyAll(mutations, Corpus.seed("cifar", Corpus.CIFAR)));
    try {
      Dataset d = FuzzFiles.readOrReject(() -> Cifar10Reader.read(file),
          DataFormatException.class);
      if (d != null) {
        assertConsistent(d, 3, 10);
        assertArrayEquals(new long[] {3, 32, 32},
            java.util.Arrays.copyOfRange(d.features().shape(), 1, 4));
      }
    } finally {
      FuzzFiles.delete(file);
    }
  }

  private static void assertConsistent(Dataset d, int channels, int classes) {
    INDArray x = d.features();
    assertEquals(d.size(), x.size(0), "one feature row per label");
    assertEquals(channels, x.size(1));
    assertEquals(d.size(), d.labels().length);
    assertTrue(x.minNumber().doubleValue() >= 0 && x.maxNumber().doubleValue() <= 1,
        "pixels in [0, 1]");
    for (int label : d.labels()) {
      assertTrue(label >= 0 && label < classes, "label " + label);
    }
  }
}
