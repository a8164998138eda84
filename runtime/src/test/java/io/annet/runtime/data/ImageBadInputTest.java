package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The bad inputs of issue 14, each skipped with one warning naming the file (and counted), or,
 * strict, failing with an error naming it; none crashes, exhausts the heap or stalls a thread.
 */
class ImageBadInputTest {
  private static final int[] GRAY = {1, 8, 8};
  private static final int[] RGB = {3, 8, 8};

  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  /** Two classes of two good pictures each. */
  private void goodPictures() throws IOException {
    for (int i = 0; i < 4; i++) {
      TestImages.grayPng(dir.resolve(i < 2 ? "a" : "b").resolve("good" + i + ".png"), 8, 8, i);
    }
  }

  private ImageCheck.Result check(int[] shape) {
    ImageList list = ImageFolder.scan(dir, null, BadInputPolicy.SKIP, warnings::add);
    return ImageCheck.run(list, shape, ResizePolicy.CENTRE_CROP, BadInputPolicy.SKIP, 2,
        warnings::add);
  }

  /** Skipped with one warning naming it and a count; strict fails naming it. */
  private void skippedOrStrict(Path bad, String reason) {
    ImageCheck.Result result = check(GRAY);
    assertEquals(1, result.skipped());
    assertEquals(4, result.images().size());
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("skipped " + bad), warnings.get(0));
    assertTrue(warnings.get(0).contains(reason), warnings.get(0));
    assertEquals("skipped 1 of 5 image files (named above)", warnings.get(1));
    ImageList list = ImageFolder.scan(dir, null, BadInputPolicy.STRICT, w -> {});
    ImageFileException e = assertThrows(ImageFileException.class, () -> ImageCheck.run(list, GRAY,
        ResizePolicy.CENTRE_CROP, BadInputPolicy.STRICT, 2, w -> {}));
    assertTrue(e.getMessage().startsWith(bad.toString()) && e.getMessage().contains(reason),
        e.getMessage());
  }

  @Test
  void truncatedJpeg() throws Exception {
    goodPictures();
    Path jpeg = TestImages.rgb(dir.resolve("a").resolve("cut.jpg"), "jpeg", 64, 64, 1);
    byte[] bytes = Files.readAllBytes(jpeg);
    Files.write(jpeg, Arrays.copyOf(bytes, bytes.length / 2));
    skippedOrStrict(jpeg, "truncated or corrupt");
  }

  @Test
  void textFileNamedPng() throws Exception {
    goodPictures();
    Path text = Files.writeString(dir.resolve("b").resolve("notes.png"), "hello, not a picture");
    skippedOrStrict(text, "not an image");
  }

  @Test
  void zeroByteFile() throws Exception {
    goodPictures();
    Path empty = Files.createFile(dir.resolve("a").resolve("empty.png"));
    skippedOrStrict(empty, "empty file (0 bytes)");
  }

  @Test
  void hugePngIsRefusedFromItsHeaderWithoutDecoding() throws Exception {
    goodPictures();
    Path huge = TestImages.hugePng(dir.resolve("b").resolve("huge.png"), 20_000, 20_000);
    assertTrue(Files.size(huge) < 5_000_000, "a small file: " + Files.size(huge));
    long before = usedHeap();
    skippedOrStrict(huge, "declares 20000x20000 pixels");
    // decoding it would take 400 M pixels (1.6 GB as floats); the check read only the header
    assertTrue(usedHeap() - before < 200_000_000L, "heap grew by " + (usedHeap() - before));
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  @Test
  void symbolicLinkLoops() throws Exception {
    goodPictures();
    Path a = dir.resolve("a").resolve("loop1.png");
    Path b = dir.resolve("a").resolve("loop2.png");
    try {
      Files.createSymbolicLink(a, b.getFileName());
      Files.createSymbolicLink(b, a.getFileName());
      Files.createSymbolicLink(dir.resolve("b").resolve("again"), dir.resolve("b"));
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "symbolic links not supported here: " + e);
    }
    ImageCheck.Result result = check(GRAY);
    assertEquals(4, result.images().size());
    assertEquals(2, result.skipped());
    String all = String.join("\n", warnings);
    assertTrue(all.contains(dir.resolve("b").resolve("again") + ": a symbolic-link loop"), all);
    assertTrue(all.contains("skipped " + a + ": cannot read it") || all.contains("skipped " + a),
        all);
    assertTrue(all.contains("skipped 2 of 6 image files"), all);
  }

  @Test
  void unreadableFile() throws Exception {
    goodPictures();
    Path locked = TestImages.grayPng(dir.resolve("a").resolve("locked.png"), 8, 8, 9);
    try {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "no POSIX permissions here");
    }
    // root reads any file whatever its mode: then there is nothing to test
    assumeFalse(Files.isReadable(locked), "running as root: chmod 000 does not deny reading");
    skippedOrStrict(locked, "permission denied");
  }

  @Test
  void emptyClassFolderStaysAClassWithAWarning() throws Exception {
    goodPictures();
    Files.createDirectories(dir.resolve("c"));
    ImageList list = ImageFolder.scan(dir, null, BadInputPolicy.SKIP, warnings::add);
    assertEquals(List.of("a", "b", "c"), list.classNames());
    assertArrayEquals(new int[] {2, 2, 0}, list.classCounts());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).startsWith(dir.resolve("c") + ": class 'c' has no images"),
        warnings.get(0));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> ImageFolder.scan(dir, null, BadInputPolicy.STRICT, w -> {}));
    assertTrue(e.getMessage().startsWith(dir.resolve("c").toString()), e.getMessage());
  }

  @Test
  void folderWithOneClassIsAnError() throws Exception {
    TestImages.grayPng(dir.resolve("cats").resolve("1.png"), 8, 8, 1);
    for (BadInputPolicy policy : BadInputPolicy.values()) {
      DataFormatException e = assertThrows(DataFormatException.class,
          () -> ImageFolder.scan(dir, null, policy, w -> {}));
      assertTrue(e.getMessage().contains("found 1 class folder (cats)")
          && e.getMessage().contains("at least two classes"), e.getMessage());
    }
  }

  @Test
  void grayscalePictureForAnRgbModelIsRepeatedIntoThreeChannels() throws Exception {
    TestImages.grayPng(dir.resolve("a").resolve("g.png"), 8, 8, 3);
    TestImages.solidRgb(dir.resolve("b").resolve("c.png"), 8, 8, 0x336699);
    ImageCheck.Result result = check(RGB);
    assertEquals(0, result.skipped());
    assertEquals(1, result.converted());
    float[] x = ImageSource.builder(result.images(), RGB).build().toDataset(DataType.FLOAT)
        .features().slice(0).dup().data().asFloat();
    for (int c = 0; c < 3; c++) {
      assertEquals(TestImages.grayValue(3, 5, 2) / 255f, x[c * 64 + 2 * 8 + 5], 1e-6);
    }
  }

  @Test
  void rgbPictureForAGrayModelIsWeightedIntoLuminance() throws Exception {
    TestImages.grayPng(dir.resolve("a").resolve("g.png"), 8, 8, 3);
    TestImages.solidRgb(dir.resolve("b").resolve("c.png"), 8, 8, 0x336699);
    ImageCheck.Result result = check(GRAY);
    assertEquals(1, result.converted());
    float v = ImageSource.builder(result.images(), GRAY).build().toDataset(DataType.FLOAT)
        .features().getFloat(1, 0, 4, 4);
    assertEquals((0.299 * 0x33 + 0.587 * 0x66 + 0.114 * 0x99) / 255, v, 1e-5);
  }

  @Test
  void namesWithSpacesAndNonAsciiCharacters() throws Exception {
    Path one = TestImages.grayPng(dir.resolve("chats noirs").resolve("été 1.png"), 8, 8, 1);
    Path two = TestImages.grayPng(dir.resolve("猫").resolve("日本 語.PNG"), 8, 8, 2);
    ImageCheck.Result result = check(GRAY);
    assertEquals(List.of("chats noirs", "猫"), result.images().classNames());
    assertEquals(List.of(one, two), result.images().files());
    assertEquals(0, result.skipped(), warnings.toString());
  }
}
