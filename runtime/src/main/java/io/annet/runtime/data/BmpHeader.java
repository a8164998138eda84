package io.annet.runtime.data;

/**
 * Checks a BMP header's declared data size against the file before ImageIO sees it: for
 * run-length and embedded JPEG/PNG compression the JDK's reader allocates and reads the size the
 * header declares, so a forged 900 MB size in a 300-byte file cost seconds and the heap before
 * failing as truncated.
 */
public final class BmpHeader {
  /** How many bytes of a file's start {@link #problem(byte[], long)} reads. */
  public static final int HEAD_BYTES = 54;

  private static final int FILE_HEADER = 14;
  private static final int INFO_HEADER = 40;
  private static final String[] COMPRESSION = {"", "RLE8", "RLE4", "", "JPEG", "PNG"};

  private BmpHeader() {}

  /**
   * Why {@code bytes}, when they are a whole BMP file, cannot hold the compressed data its header
   * declares; null when they can, or are no BMP with such compression.
   */
  public static String problem(byte[] bytes) {
    return problem(bytes, bytes.length);
  }

  /**
   * As {@link #problem(byte[])} for a file of {@code fileLength} bytes that starts with {@code
   * head} (its first {@link #HEAD_BYTES} bytes, or all of it when shorter).
   */
  public static String problem(byte[] head, long fileLength) {
    byte[] bytes = head;
    if (bytes.length < FILE_HEADER + INFO_HEADER || bytes[0] != 'B' || bytes[1] != 'M'
        || intAt(bytes, FILE_HEADER) < INFO_HEADER) {
      return null;
    }
    long compression = intAt(bytes, 30);
    if (compression < 1 || compression >= COMPRESSION.length
        || COMPRESSION[(int) compression].isEmpty()) {
      return null;
    }
    long offset = intAt(bytes, 10);
    long declared = intAt(bytes, 34);
    long available = Math.max(0, fileLength - offset);
    if (declared <= available) {
      return null;
    }
    return "truncated or corrupt BMP: its header declares " + declared + " bytes of "
        + COMPRESSION[(int) compression] + " data at offset " + offset + ", the file has "
        + available + " there (checked before decoding)";
  }

  /** The unsigned little-endian 32-bit integer at {@code at}. */
  private static long intAt(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }
}
