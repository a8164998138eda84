package io.annet.spark;

import io.annet.runtime.AnnetException;
import io.annet.runtime.data.IdxReader;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads ranges of an IDX images/labels pair through Hadoop's file systems, on the executors. */
final class IdxPartitions {
  /** The images file's header. */
  record Header(int count, int rows, int cols) implements Serializable {}

  private IdxPartitions() {}

  /** {@code name + ".gz"} when that exists, else {@code name}. */
  static String locate(String name) {
    try {
      Path gz = new Path(name + ".gz");
      return gz.getFileSystem(new Configuration()).exists(gz) ? name + ".gz" : name;
    } catch (IOException e) {
      throw new AnnetException("cannot look for " + name + ": " + e, e);
    }
  }

  /** Reads and checks both headers on the driver. */
  static Header header(String images, String labels) {
    try (DataInputStream x = open(images); DataInputStream y = open(labels)) {
      int magic = x.readInt();
      if (magic != IdxReader.IMAGES_MAGIC) {
        throw new AnnetException(images + " is not an IDX images file: magic 0x"
            + Integer.toHexString(magic) + ", expected 0x803");
      }
      Header header = new Header(x.readInt(), x.readInt(), x.readInt());
      int labelMagic = y.readInt();
      if (labelMagic != IdxReader.LABELS_MAGIC) {
        throw new AnnetException(labels + " is not an IDX labels file: magic 0x"
            + Integer.toHexString(labelMagic) + ", expected 0x801");
      }
      int labelCount = y.readInt();
      if (header.count() < 1 || header.rows() < 1 || header.cols() < 1
          || labelCount != header.count()) {
        throw new AnnetException(images + " declares " + header.count() + " images of "
            + header.rows() + "x" + header.cols() + " and " + labels + " " + labelCount
            + " labels; expected equal positive counts");
      }
      return header;
    } catch (IOException e) {
      throw new AnnetException("cannot read " + images + " or " + labels + ": " + e, e);
    }
  }

  /** Examples {@code [from, to)}. */
  static List<Example> read(String images, String labels, Header header, int numClasses,
      long from, long to) throws IOException {
    int length = header.rows() * header.cols();
    int n = (int) (to - from);
    byte[] pixels = new byte[Math.multiplyExact(n, length)];
    byte[] classes = new byte[n];
    try (DataInputStream x = open(images); DataInputStream y = open(labels)) {
      x.skipNBytes(16 + from * length);
      x.readFully(pixels);
      y.skipNBytes(8 + from);
      y.readFully(classes);
    }
    List<Example> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] f = new float[length];
      for (int p = 0; p < length; p++) {
        f[p] = (pixels[i * length + p] & 0xff) / 255f;
      }
      int label = classes[i] & 0xff;
      if (label >= numClasses) {
        throw new AnnetException(labels + ": label " + label + " of example " + (from + i)
            + " is outside 0.." + (numClasses - 1));
      }
      out.add(new Example(from + i, f, label));
    }
    return out;
  }

  private static DataInputStream open(String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(new Configuration());
    InputStream in = new BufferedInputStream(fs.open(path), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(in);
  }
}
