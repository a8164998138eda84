package io.annet.runtime.data;

/**
 * The EXIF orientation of a JPEG (how a camera says its stored pixels must be turned to show the
 * picture upright), read from the file's bytes and applied to decoded planes, which ImageIO does
 * not do: a phone photograph stored sideways is used upright.
 */
final class ExifOrientation {
  private static final int ORIENTATION_TAG = 0x0112;

  private ExifOrientation() {}

  /** The orientation 1..8 in {@code jpeg}'s first EXIF segment; 1 when none or unreadable. */
  static int of(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
      return 1;
    }
    int at = 2;
    while (at + 4 <= jpeg.length && (jpeg[at] & 0xff) == 0xFF) {
      int marker = jpeg[at + 1] & 0xff;
      if (marker == 0xD9 || marker == 0xDA) {
        return 1; // end of image, or the scan: the metadata segments are all before it
      }
      int length = u16(jpeg, at + 2, true);
      if (length < 2) {
        return 1;
      }
      int end = Math.min(jpeg.length, at + 2 + length);
      if (marker == 0xE1 && at + 10 <= end && "Exif\0\0".equals(ascii(jpeg, at + 4, 6))) {
        return fromTiff(jpeg, at + 10, end);
      }
      at += 2 + length;
    }
    return 1;
  }

  private static int fromTiff(byte[] b, int tiff, int end) {
    if (tiff + 8 > end) {
      return 1;
    }
    String order = ascii(b, tiff, 2);
    if (!order.equals("MM") && !order.equals("II")) {
      return 1;
    }
    boolean big = order.equals("MM");
    long ifd = tiff + (u32(b, tiff + 4, big) & 0xffffffffL);
    if (ifd + 2 > end) {
      return 1;
    }
    int count = u16(b, (int) ifd, big);
    for (int i = 0; i < count; i++) {
      long entry = ifd + 2 + 12L * i;
      if (entry + 12 > end) {
        return 1;
      }
      if (u16(b, (int) entry, big) == ORIENTATION_TAG && u16(b, (int) entry + 2, big) == 3) {
        int value = u16(b, (int) entry + 8, big);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
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

  private static int u16(byte[] b, int at, boolean big) {
    int hi = b[big ? at : at + 1] & 0xff;
    int lo = b[big ? at + 1 : at] & 0xff;
    return hi << 8 | lo;
  }

  private static int u32(byte[] b, int at, boolean big) {
    return big ? u16(b, at, true) << 16 | u16(b, at + 2, true)
        : u16(b, at + 2, false) << 16 | u16(b, at, false);
  }

  private static String ascii(byte[] b, int at, int n) {
    return at + n <= b.length
        ? new String(b, at, n, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
  }
}
