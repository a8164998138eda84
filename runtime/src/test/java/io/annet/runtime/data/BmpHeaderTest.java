package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BMP whose header declares more compressed data than the file holds is refused before ImageIO
 * allocates the declared size (a fuzzed 342-byte file declaring 960 MB of embedded PNG took 10 s
 * to fail); honest BMPs, compressed or not, still decode.
 */
class BmpHeaderTest {
  @TempDir Path dir;

  @Test
  void aForgedEmbeddedPngSizeIsRefusedWithBothSizes() throws Exception {
    byte[] forged = bmpHeader(5, 960_036_864L, 342);
    Path file = Files.write(dir.resolve("forged.bmp"), forged);
    ImageFileException e = assertThrows(ImageFileException.class,
        () -> ImageDecoder.decode(file, 1, ImageDecoder.DEFAULT_MAX_PIXELS));
    assertTrue(e.getMessage().contains("declares 960036864 bytes of PNG data at offset 54, the"
        + " file has 288 there"), e.getMessage());
    assertTrue(e.getMessage().contains("forged.bmp"), e.getMessage());
  }

  @Test
  void everyRunLengthAndEmbeddedKindIsChecked() {
    assertTrue(BmpHeader.problem(bmpHeader(1, 1000, 100)).contains("RLE8"));
    assertTrue(BmpHeader.problem(bmpHeader(2, 1000, 100)).contains("RLE4"));
    assertTrue(BmpHeader.problem(bmpHeader(4, 1000, 100)).contains("JPEG"));
    assertNull(BmpHeader.problem(bmpHeader(0, 1_000_000, 100)), "uncompressed: ImageIO's own check");
    assertNull(BmpHeader.problem(bmpHeader(5, 46, 100)), "the data fits");
    assertNull(BmpHeader.problem(new byte[] {'B', 'M'}), "too short to be judged here");
  }

  @Test
  void anHonestRunLengthBmpStillDecodes() throws Exception {
    BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_INDEXED);
    image.getRaster().setSample(3, 2, 0, 255);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("bmp").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionType("BI_RLE8");
      writer.write(null, new IIOImage(image, null, null), param);
    }
    byte[] written = bytes.toByteArray();
    assertEquals(1, written[30], "the writer used RLE8");
    assertNull(BmpHeader.problem(written));
    Path file = Files.write(dir.resolve("rle.bmp"), written);
    ImageDecoder.Decoded d = ImageDecoder.decode(file, 1, ImageDecoder.DEFAULT_MAX_PIXELS);
    assertEquals(16 * 8, d.pixels().length);
  }

  /** A 24-bit 10x9 BMP header with {@code compression} and {@code imageSize}, padded to {@code length}. */
  private static byte[] bmpHeader(int compression, long imageSize, int length) {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'B').put((byte) 'M').putInt(length).putInt(0).putInt(54);
    b.putInt(40).putInt(10).putInt(9).putShort((short) 1).putShort((short) 24);
    b.putInt(compression).putInt((int) imageSize);
    return b.array();
  }
}
