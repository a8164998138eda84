package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** A picture's bytes fit to [C, H, W] exactly as ImageSource fits the file. */
class ImageBytesTest {
  @TempDir Path dir;

  @Test
  void bytesGiveTheImageSourcesExample() throws IOException {
    Path jpeg = TestImages.rgb(dir.resolve("a.jpg"), "jpg", 90, 60, 3);
    Path png = TestImages.grayPng(dir.resolve("b.png"), 40, 70, 5);
    int[] shape = {3, 16, 16};
    Normalization n = new Normalization(new double[] {0.4, 0.5, 0.6}, new double[] {0.2, 0.3, 1});
    ImageList list = new ImageList(List.of(jpeg, png), new int[] {0, 1}, List.of("a", "b"));
    float[] expected = ImageSource.builder(list, shape).normalization(n).build()
        .toDataset(DataType.FLOAT).features().dup('c').data().asFloat();
    ImageBytes fitter = new ImageBytes(shape, ResizePolicy.CENTRE_CROP, n);
    float[] out = new float[fitter.length()];
    assertFalse(fitter.fit(Files.readAllBytes(jpeg), jpeg, out));
    assertArrayEquals(java.util.Arrays.copyOfRange(expected, 0, out.length), out);
    assertTrue(fitter.fit(Files.readAllBytes(png), png, out)); // grayscale into RGB
    assertArrayEquals(java.util.Arrays.copyOfRange(expected, out.length, 2 * out.length), out);
  }

  @Test
  void badBytesNameTheFile() {
    ImageBytes fitter = new ImageBytes(new int[] {1, 8, 8}, ResizePolicy.STRETCH, null);
    float[] out = new float[64];
    Path name = Path.of("hdfs:/cluster/cats/x.png");
    ImageFileException empty = assertThrows(ImageFileException.class,
        () -> fitter.fit(new byte[0], name, out));
    assertTrue(empty.getMessage().contains("x.png") && empty.getMessage().contains("empty"),
        empty.getMessage());
    ImageFileException text = assertThrows(ImageFileException.class,
        () -> fitter.fit("hello".getBytes(), name, out));
    assertTrue(text.getMessage().contains("not an image"), text.getMessage());
  }
}
