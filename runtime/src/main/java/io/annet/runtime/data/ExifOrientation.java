package io.annet.runtime.data;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The EXIF orientation of a JPEG (how a camera says its stored pixels must be turned to show the
 * picture upright), read with TwelveMonkeys' maintained EXIF (TIFF) reader and applied to decoded
 * planes, which no ImageIO reader does: a phone photograph stored sideways is used upright.
 */
final class ExifOrientation {
  private ExifOrientation() {}

  /**
   * The orientation 1..8 in {@code jpeg}'s first EXIF segment; 1 when it has none, or when the
   * segment is damaged (the picture itself is still decoded, as stored).
   */
  static int of(byte[] jpeg) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
      if (exif.isEmpty()) {
        return 1;
      }
      byte[] data = exif.get(0).data().readAllBytes(); // after "Exif\0": a pad, then the TIFF
      if (data.length < 2) {
        return 1;
      }
      // a stream that knows its length, so offsets past the segment's end are refused
      Directory tiff = new TIFFReader().read(
          new ByteArrayImageInputStream(data, 1, data.length - 1));
      Entry entry = tiff.getEntryById(TIFF.TAG_ORIENTATION);
      if (entry == null || !(entry.getValue() instanceof Number value)) {
        return 1;
      }
      int orientation = value.intValue();
      return orientation >= 1 && orientation <= 8 ? orientation : 1;
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      return 1; // damaged metadata: the pixels are still used, as stored
    }
  }

  /** {@code image} turned as {@code orientation} says (a new record; the same for 1). */
  static ImageDecoder.Decoded apply(ImageDecoder.Decoded image, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    boolean swap = orientation >= 5; // 5..8 turn by a quarter: width and height swap
    int outW = swap ? h : w;
    int outH = swap ? w : h;
    float[] src = image.pixels();
    float[] out = new float[src.length];
    int plane = w * h;
    for (int c = 0; c < image.channels(); c++) {
      for (int y = 0; y < outH; y++) {
        for (int x = 0; x < outW; x++) {
          int sx;
          int sy;
          switch (orientation) {
            case 2 -> { sx = w - 1 - x; sy = y; } // mirrored left-right
            case 3 -> { sx = w - 1 - x; sy = h - 1 - y; } // upside down
            case 4 -> { sx = x; sy = h - 1 - y; } // mirrored top-bottom
            case 5 -> { sx = y; sy = x; } // transposed
            case 6 -> { sx = y; sy = h - 1 - x; } // to be turned a quarter clockwise
            case 7 -> { sx = w - 1 - y; sy = h - 1 - x; } // transversed
            default -> { sx = w - 1 - y; sy = x; } // 8: to be turned a quarter anticlockwise
          }
          out[c * plane + y * outW + x] = src[c * plane + sy * w + sx];
        }
      }
    }
    return new ImageDecoder.Decoded(out, image.channels(), outH, outW, image.converted());
  }
}
