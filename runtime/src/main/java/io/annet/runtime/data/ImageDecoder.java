package io.annet.runtime.data;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one image file with ImageIO (PNG, JPEG, BMP, GIF) into planar floats in [0, 1],
 * grayscale or RGB as asked; JPEGs go through TwelveMonkeys' reader, which also decodes the CMYK
 * and YCCK files print software writes (the JDK's refuses them), which it converts to RGB. The size the header declares is checked before any pixel is
 * decoded, so a forged or huge picture cannot exhaust the heap; a decoder warning (a truncated
 * JPEG, which ImageIO would otherwise fill with gray) is an error, so nothing is used half-read.
 * A JPEG's EXIF orientation is applied ({@link ExifOrientation}).
 */
final class ImageDecoder {
  /** Largest picture decoded by default, in pixels (a 33-megapixel photograph). */
  static final long DEFAULT_MAX_PIXELS = 1L << 25;

  /** Largest file read, in bytes. */
  static final long MAX_FILE_BYTES = 1L << 28;

  static {
    registerJpegReader();
  }

  private ImageDecoder() {}

  /**
   * Registers TwelveMonkeys' JPEG reader with ImageIO by hand, whatever class loader the thread
   * decoding has (a prefetch thread, a Spark executor): ImageIO's own scan of the class path uses
   * the context class loader of the first thread that asks. The reader orders itself before the
   * JDK's on registration.
   */
  private static void registerJpegReader() {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    if (registry.getServiceProviderByClass(JPEGImageReaderSpi.class) == null) {
      registry.registerServiceProvider(new JPEGImageReaderSpi());
    }
  }

  /**
   * A decoded picture: {@code pixels} holds {@code channels} planes of {@code height x width}.
   *
   * @param converted whether its own channels differed (grayscale for RGB, or the reverse)
   */
  record Decoded(float[] pixels, int channels, int height, int width, boolean converted) {}

  /**
   * Decodes {@code file} into {@code channels} planes (1: luminance; 3: RGB; a grayscale picture
   * is repeated into the three, an RGB one weighted 0.299/0.587/0.114 into one). Transparent
   * pixels are laid over white.
   *
   * @throws ImageFileException naming the file and what is wrong with it
   */
  static Decoded decode(Path file, int channels, long maxPixels) {
    return decode(file, channels, maxPixels, 0, 0);
  }

  /**
   * As {@link #decode(Path, int, long)}, for a model input of {@code targetW x targetH} (0 for
   * none): a picture at least four times as large on both sides is decoded with ImageIO's
   * subsampling to no less than twice the target, which the resampler's filter then averages; a
   * phone photograph for a 32x32 model so costs a fraction of its full size in memory and time.
   */
  static Decoded decode(Path file, int channels, long maxPixels, int targetW, int targetH) {
    return decode(read(file), file, channels, maxPixels, targetW, targetH);
  }

  /**
   * As {@link #decode(Path, int, long, int, int)}, for a file's {@code bytes} already read (from
   * a Hadoop file system, say); {@code file} names it in messages.
   */
  static Decoded decode(byte[] bytes, Path file, int channels, long maxPixels, int targetW,
      int targetH) {
    if (bytes.length == 0) {
      throw new ImageFileException(file, "empty file (0 bytes)");
    }
    String what = "expected a PNG, JPEG, BMP or GIF image";
    String bmp = BmpHeader.problem(bytes);
    if (bmp != null) {
      throw new ImageFileException(file, bmp);
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageFileException(file, "not an image (" + what + "; it starts with "
            + startOf(bytes) + ")");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w < 1 || h < 1 || w * h > maxPixels) {
          throw new ImageFileException(file, "its header declares " + w + "x" + h
              + " pixels; expected at least 1x1 and at most " + maxPixels + " pixels (checked"
              + " before decoding; resize it, or raise the limit)");
        }
        String[] warning = new String[1];
        reader.addIIOReadWarningListener(warnings(warning));
        javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
        // either side may end up either way round after an EXIF rotation: take the safe step
        int step = targetW < 1 ? 1
            : (int) (Math.min(w, h) / (2L * Math.max(targetW, targetH)));
        if (step >= 2) {
          param.setSourceSubsampling(step, step, 0, 0);
        }
        BufferedImage image = reader.read(0, param);
        if (warning[0] != null) {
          throw new ImageFileException(file, "truncated or corrupt " + reader.getFormatName()
              + " (" + warning[0] + ")");
        }
        Decoded planes = toPlanes(image, channels);
        return reader.getFormatName().equalsIgnoreCase("jpeg")
            ? ExifOrientation.apply(planes, ExifOrientation.of(bytes)) : planes;
      } finally {
        reader.dispose();
      }
    } catch (ImageFileException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      // a forged length inside the file asking the decoder for one huge array, never allocated
      throw new ImageFileException(file, "decoding it needs more memory than this JVM has ("
          + e.getMessage() + "): the file is corrupt or the picture too large", e);
    } catch (IOException | RuntimeException e) {
      // ImageIO's decoders throw bare EOFExceptions, IndexOutOfBounds... on damaged files
      throw new ImageFileException(file, "truncated or corrupt image (" + e + ")", e);
    }
  }

  /**
   * Keeps the first warning about the pixels. A notice about the colour profile (TwelveMonkeys
   * says so when a CMYK JPEG has no ICC profile, or a broken one, and converts without
   * one) is no damage: every pixel is decoded, in approximate colours.
   */
  private static IIOReadWarningListener warnings(String[] first) {
    return (source, warning) -> {
      String lower = String.valueOf(warning).toLowerCase(java.util.Locale.ROOT);
      if (first[0] == null && !lower.contains("icc") && !lower.contains("color profile")) {
        first[0] = warning;
      }
    };
  }

  /** The file's bytes, with I/O problems (permissions, a symbolic-link loop) named. */
  private static byte[] read(Path file) {
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw new ImageFileException(file, "empty file (0 bytes)");
      }
      if (size > MAX_FILE_BYTES) {
        throw new ImageFileException(file, size + " bytes; expected at most " + MAX_FILE_BYTES);
      }
      return Files.readAllBytes(file);
    } catch (AccessDeniedException e) {
      throw new ImageFileException(file, "permission denied", e);
    } catch (NoSuchFileException e) {
      throw new ImageFileException(file, "no such file (a broken symbolic link?)", e);
    } catch (FileSystemException e) {
      throw new ImageFileException(file, "cannot read it: " + e.getReason(), e);
    } catch (IOException e) {
      throw new ImageFileException(file, "cannot read it: " + e, e);
    }
  }

  private static String startOf(byte[] bytes) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      int b = bytes[i] & 0xff;
      s.append(b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return s.append('"').toString();
  }

  /** The picture's samples as planes of floats in [0, 1]; see {@link #decode}. */
  static Decoded toPlanes(BufferedImage image, int channels) {
    int w = image.getWidth();
    int h = image.getHeight();
    int n = w * h;
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    // the picture's own channels (1 or 3), alpha laid over white; 8-bit gray, RGB and RGBA (what
    // PNG and JPEG decode to) straight from the bytes
    float[][] own = bytePlanes(image);
    if (own == null && cm instanceof ComponentColorModel
        && (isGray(cm) || cm.getColorSpace().isCS_sRGB())) {
      int colours = cm.getNumColorComponents();
      own = new float[colours][];
      float[] alpha = cm.hasAlpha() ? scaled(raster, colours, cm, w, h) : null;
      for (int c = 0; c < colours; c++) {
        own[c] = scaled(raster, c, cm, w, h);
        if (alpha != null) {
          for (int i = 0; i < n; i++) {
            own[c][i] = alpha[i] * own[c][i] + (1 - alpha[i]);
          }
        }
      }
    } else if (own == null) {
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      own = new float[3][n];
      for (int i = 0; i < n; i++) {
        float a = (argb[i] >>> 24) / 255f;
        for (int c = 0; c < 3; c++) {
          own[c][i] = a * ((argb[i] >> (16 - 8 * c)) & 0xff) / 255f + (1 - a);
        }
      }
    }
    float[] out = new float[channels * n];
    if (channels == own.length) {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(own[c], 0, out, c * n, n);
      }
    } else if (channels == 1) {
      for (int i = 0; i < n; i++) {
        out[i] = 0.299f * own[0][i] + 0.587f * own[1][i] + 0.114f * own[2][i];
      }
    } else {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(own[0], 0, out, c * n, n);
      }
    }
    return new Decoded(out, channels, h, w, channels != own.length);
  }

  /**
   * The planes of an 8-bit pixel-interleaved picture (gray, gray + alpha, RGB, RGBA in any band
   * order), read from its byte array; null for any other layout.
   */
  private static float[][] bytePlanes(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (!(cm instanceof ComponentColorModel) || !(raster.getDataBuffer()
        instanceof java.awt.image.DataBufferByte bytes) || bytes.getNumBanks() != 1
        || !(raster.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm)
        || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
        || !(isGray(cm) || cm.getColorSpace().isCS_sRGB())) {
      return null;
    }
    for (int bits : cm.getComponentSize()) {
      if (bits != 8) {
        return null;
      }
    }
    byte[] data = bytes.getData();
    int[] offsets = sm.getBandOffsets();
    int stride = sm.getPixelStride();
    int scan = sm.getScanlineStride();
    int w = image.getWidth();
    int h = image.getHeight();
    int colours = cm.getNumColorComponents();
    int alphaOffset = cm.hasAlpha() ? offsets[colours] : -1;
    float[][] planes = new float[colours][w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int at = bytes.getOffset() + y * scan + x * stride;
        int i = y * w + x;
        float a = alphaOffset < 0 ? 1f : (data[at + alphaOffset] & 0xff) / 255f;
        for (int c = 0; c < colours; c++) {
          float v = (data[at + offsets[c]] & 0xff) / 255f;
          planes[c][i] = alphaOffset < 0 ? v : a * v + (1 - a);
        }
      }
    }
    return planes;
  }

  private static boolean isGray(ColorModel cm) {
    return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
  }

  /** Band {@code band} of the raster scaled by its bit depth to [0, 1]. */
  private static float[] scaled(Raster raster, int band, ColorModel cm, int w, int h) {
    float[] v = raster.getSamples(0, 0, w, h, band, (float[]) null);
    int bits = cm.getComponentSize(band);
    float max = bits >= 31 ? 1f : (float) ((1L << bits) - 1);
    if (raster.getTransferType() == java.awt.image.DataBuffer.TYPE_FLOAT
        || raster.getTransferType() == java.awt.image.DataBuffer.TYPE_DOUBLE) {
      max = 1f;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= max;
    }
    return v;
  }
}
