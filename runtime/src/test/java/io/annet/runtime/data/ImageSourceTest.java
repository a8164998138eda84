package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageSourceTest {
  @TempDir Path dir;

  /** Ten 8x8 gray pictures in classes a (4) and b (6). */
  private ImageList tenPictures() throws Exception {
    for (int i = 0; i < 10; i++) {
      TestImages.grayPng(dir.resolve(i < 4 ? "a" : "b").resolve("img" + i + ".png"), 8, 8, i);
    }
    return ImageFolder.scan(dir, null, BadInputPolicy.STRICT, w -> {});
  }

  private static List<float[]> collect(BatchSource source, int batch, int[] order, DataType t) {
    List<float[]> all = new ArrayList<>();
    try (BatchStream s = source.open(batch, order, t)) {
      while (s.hasNext()) {
        Batch b = s.next();
        all.add(b.features().dup().data().asFloat());
        all.add(b.oneHot().dup().data().asFloat());
      }
    }
    return all;
  }

  @Test
  void scanSortsClassesAndFilesAndReadsPixelsExactly() throws Exception {
    ImageList list = tenPictures();
    assertEquals(List.of("a", "b"), list.classNames());
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, list.labels());
    Dataset d = ImageSource.builder(list, new int[] {1, 8, 8}).build().toDataset(DataType.FLOAT);
    // img0.png is the first file: pixel (x, y) of seed 0
    assertEquals(TestImages.grayValue(0, 3, 5) / 255f, d.features().getFloat(0, 0, 5, 3), 0);
    int six = list.files().indexOf(dir.resolve("b").resolve("img6.png"));
    assertEquals(TestImages.grayValue(6, 7, 1) / 255f, d.features().getFloat(six, 0, 1, 7), 0);
  }

  @Test
  void streamingGivesTheInMemoryBatchesInTheSameOrderWithAnyThreadCount() throws Exception {
    ImageList list = tenPictures();
    Normalization n = new Normalization(new double[] {0.4}, new double[] {0.3});
    Dataset memory = ImageSource.builder(list, new int[] {1, 8, 8}).normalization(n).build()
        .toDataset(DataType.FLOAT);
    int[] order = memory.shuffledOrder(7);
    List<float[]> expected = collect(memory, 4, order, DataType.FLOAT); // last batch of 2
    for (int threads : new int[] {1, 3}) {
      ImageSource streamed = ImageSource.builder(list, new int[] {1, 8, 8}).normalization(n)
          .threads(threads).prefetch(2).build();
      for (int epoch = 0; epoch < 2; epoch++) {
        List<float[]> found = collect(streamed, 4, order, DataType.FLOAT);
        assertEquals(expected.size(), found.size());
        for (int i = 0; i < expected.size(); i++) {
          assertArrayEquals(expected.get(i), found.get(i), "array " + i + ", threads " + threads);
        }
      }
      assertTrue(streamed.decodeImagesPerSecond() > 0);
    }
  }

  @Test
  void buffersAreAllocatedOnceAndReusedAcrossEpochs() throws Exception {
    ImageSource source = ImageSource.builder(tenPictures(), new int[] {1, 8, 8}).threads(2)
        .prefetch(3).build();
    Set<INDArray> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int epoch = 0; epoch < 4; epoch++) {
      try (BatchStream s = source.open(3, source.shuffledOrder(epoch), DataType.FLOAT)) {
        while (s.hasNext()) {
          buffers.add(s.next().features());
        }
      }
    }
    assertTrue(buffers.size() <= 4, "3 full-batch slots and 1 for the last batch, found "
        + buffers.size());
  }

  @Test
  void augmentationIsSeededPerExampleWhateverTheThreads() throws Exception {
    ImageList list = tenPictures();
    Augmentation all = new Augmentation(2, true, 0.7, 0.1, 0.1);
    int[] order = {3, 1, 4, 0, 5, 9, 2, 6, 8, 7};
    List<float[]> one = collect(ImageSource.builder(list, new int[] {1, 8, 8})
        .augmentation(all, 5).threads(1).build(), 4, order, DataType.FLOAT);
    List<float[]> two = collect(ImageSource.builder(list, new int[] {1, 8, 8})
        .augmentation(all, 5).threads(2).build(), 4, order, DataType.FLOAT);
    List<float[]> plain = collect(ImageSource.builder(list, new int[] {1, 8, 8}).build(), 4,
        order, DataType.FLOAT);
    List<float[]> otherSeed = collect(ImageSource.builder(list, new int[] {1, 8, 8})
        .augmentation(all, 6).build(), 4, order, DataType.FLOAT);
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(one.get(i), two.get(i));
    }
    assertFalse(java.util.Arrays.equals(one.get(0), plain.get(0)));
    assertFalse(java.util.Arrays.equals(one.get(0), otherSeed.get(0)));
    for (float v : one.get(0)) {
      assertTrue(v >= 0 && v <= 1, "augmented pixels stay in [0, 1] before normalisation: " + v);
    }
  }

  @Test
  void centreCropKeepsTheMiddleAndStretchAveragesTheWidth() throws Exception {
    TestImages.grayPng(dir.resolve("a").resolve("wide.png"), 16, 8, 1);
    TestImages.grayPng(dir.resolve("b").resolve("wide.png"), 16, 8, 2);
    ImageList list = ImageFolder.scan(dir, null, BadInputPolicy.STRICT, w -> {});
    INDArray crop = ImageSource.builder(list, new int[] {1, 8, 8}).build()
        .toDataset(DataType.FLOAT).features();
    INDArray stretch = ImageSource.builder(list, new int[] {1, 8, 8})
        .resize(ResizePolicy.STRETCH).build().toDataset(DataType.FLOAT).features();
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        assertEquals(TestImages.grayValue(1, x + 4, y) / 255f, crop.getFloat(0, 0, y, x), 1e-6);
      }
    }
    // scaling 16 -> 8 averages neighbouring columns with a triangle filter of width 4
    float mid = stretch.getFloat(0, 0, 3, 3);
    float lo = (TestImages.grayValue(1, 6, 3) + TestImages.grayValue(1, 7, 3)) / 510f;
    assertTrue(Math.abs(mid - lo) < 0.1, "stretched " + mid + " near the pair's mean " + lo);
  }

  @Test
  void aFileThatFailsWhileStreamingStopsThePassNamingItAndTheThreads() throws Exception {
    ImageList list = tenPictures();
    Path bad = list.files().get(7);
    Files.writeString(bad, "no longer a picture");
    ImageSource source = ImageSource.builder(list, new int[] {1, 8, 8}).threads(2).build();
    ImageFileException e = assertThrows(ImageFileException.class,
        () -> collect(source, 2, source.naturalOrder(), DataType.FLOAT));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    Thread.sleep(50);
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("annet-decode") && t.isAlive()),
        "decoding threads still running");
  }

  @Test
  void closingAPassEarlyEndsItsThreadsAndTheNextPassStartsClean() throws Exception {
    ImageSource source = ImageSource.builder(tenPictures(), new int[] {1, 8, 8}).threads(3)
        .prefetch(1).build();
    try (BatchStream s = source.open(2, source.naturalOrder(), DataType.FLOAT)) {
      s.next(); // the other threads are blocked waiting for a free slot
    }
    Thread.sleep(50);
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("annet-decode") && t.isAlive()),
        "decoding threads still running");
    assertEquals(5, collect(source, 2, source.naturalOrder(), DataType.FLOAT).size() / 2);
  }

  @Test
  void aModelWithOtherClassesIsRefused() throws Exception {
    io.annet.runtime.Architecture three = new io.annet.runtime.Architecture("Three",
        new int[] {1, 8, 8}, 3, "", "", 0, 0);
    assertTrue(assertThrows(io.annet.runtime.AnnetException.class,
        () -> ImageSource.builder(tenPictures(), three)).getMessage()
        .startsWith("Three has 3 classes but the images have 2: [a, b]"));
  }

  @Test
  void doubleBatchesForGradientChecksToo() throws Exception {
    ImageSource source = ImageSource.builder(tenPictures(), new int[] {1, 8, 8}).build();
    try (BatchStream s = source.open(10, source.naturalOrder(), DataType.DOUBLE)) {
      Batch b = s.next();
      assertEquals(DataType.DOUBLE, b.features().dataType());
      assertEquals(TestImages.grayValue(0, 3, 5) / 255.0, b.features().getDouble(0, 0, 5, 3),
          1e-6);
      assertEquals(1.0, b.oneHot().getDouble(9, 1));
      assertNotEquals(1.0, b.oneHot().getDouble(9, 0));
    }
  }

  @Test
  void stratifiedSplitIsSeededAndKeepsEveryClass() throws Exception {
    ImageList list = tenPictures();
    ImageList.Split a = list.split(0.5, 3);
    ImageList.Split b = list.split(0.5, 3);
    assertEquals(a, b);
    assertArrayEquals(new int[] {2, 3}, a.validation().classCounts());
    assertArrayEquals(new int[] {2, 3}, a.train().classCounts());
    assertNotEquals(a.validation().files(), list.split(0.5, 4).validation().files());
  }

  @Test
  void manifestKeepsItsOrderAndTakesLabelsAfterTheLastComma() throws Exception {
    TestImages.grayPng(dir.resolve("x, y.png"), 4, 4, 1);
    TestImages.grayPng(dir.resolve("z.png"), 4, 4, 2);
    Path csv = Files.writeString(dir.resolve("m.csv"), "path,label\nz.png,dog\nx, y.png,cat\n");
    ImageList list = ImageFolder.manifest(csv);
    assertEquals(List.of("cat", "dog"), list.classNames());
    assertEquals(List.of(dir.resolve("z.png"), dir.resolve("x, y.png")), list.files());
    assertArrayEquals(new int[] {1, 0}, list.labels());
    Files.writeString(csv, "z.png\n");
    assertTrue(assertThrows(DataFormatException.class, () -> ImageFolder.manifest(csv))
        .getMessage().contains("line 1"));
  }

  @Test
  void dataInfoRoundTripsNextToTheCheckpoint() throws Exception {
    ImageDataInfo info = new ImageDataInfo(List.of("chats noirs", "été", "猫"), new int[] {3, 32, 32},
        ResizePolicy.STRETCH, new Normalization(new double[] {0.1, 0.2, 0.3},
        new double[] {0.4, 0.5, 0.6}), 0.1, 42);
    Path checkpoint = dir.resolve("m.ckpt");
    info.save(checkpoint);
    assertTrue(Files.exists(dir.resolve("m.ckpt.images")));
    assertEquals(info, ImageDataInfo.load(checkpoint).orElseThrow());
    assertTrue(ImageDataInfo.load(dir.resolve("other.ckpt")).isEmpty());
  }
}
