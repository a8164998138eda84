package io.annet.spark;

import io.annet.runtime.AnnetException;
import io.annet.runtime.data.Cifar10Reader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads ranges of CIFAR-10 binary batch files through Hadoop's file systems, on executors. */
final class CifarPartitions {
  private static final int RECORD = Cifar10Reader.RECORD_BYTES;

  /**
   * Records {@code [from, to)} of one file, whose first record is example {@code first}.
   *
   * @param file the file's URI
   * @param from first record in the file
   * @param to end record (exclusive)
   * @param first the data set index of the file's record 0
   */
  record Range(String file, long from, long to, long first) implements Serializable {}

  private CifarPartitions() {}

  /** About {@code slices} ranges over all files, checked on the driver. */
  static List<Range> ranges(String[] files, int slices) {
    long[] records = new long[files.length];
    long total = 0;
    for (int f = 0; f < files.length; f++) {
      try {
        Path path = new Path(files[f]);
        long size = path.getFileSystem(new Configuration()).getFileStatus(path).getLen();
        if (size == 0 || size % RECORD != 0) {
          throw new AnnetException(files[f] + " holds " + size + " bytes, not a whole number of"
              + " " + RECORD + "-byte CIFAR-10 records");
        }
        records[f] = size / RECORD;
        total += records[f];
      } catch (IOException e) {
        throw new AnnetException("cannot read " + files[f] + ": " + e, e);
      }
    }
    long per = Math.max(1, (total + slices - 1) / slices);
    List<Range> ranges = new ArrayList<>();
    long first = 0;
    for (int f = 0; f < files.length; f++) {
      for (long from = 0; from < records[f]; from += per) {
        ranges.add(new Range(files[f], from, Math.min(records[f], from + per), first));
      }
      first += records[f];
    }
    return ranges;
  }

  /** The examples of one range, pixels scaled to [0, 1] as {@link Cifar10Reader} does. */
  static List<Example> read(Range range) throws IOException {
    Path path = new Path(range.file());
    FileSystem fs = path.getFileSystem(new Configuration());
    int n = (int) (range.to() - range.from());
    List<Example> out = new ArrayList<>(n);
    byte[] record = new byte[RECORD];
    try (DataInputStream in = new DataInputStream(fs.open(path, 1 << 16))) {
      in.skipNBytes(range.from() * RECORD);
      for (int r = 0; r < n; r++) {
        in.readFully(record);
        int label = record[0] & 0xff;
        if (label >= Cifar10Reader.CLASSES) {
          throw new AnnetException(range.file() + ": record " + (range.from() + r)
              + " has label " + label + "; expected 0..9");
        }
        float[] f = new float[RECORD - 1];
        for (int i = 1; i < RECORD; i++) {
          f[i - 1] = (record[i] & 0xff) / 255f;
        }
        out.add(new Example(range.first() + range.from() + r, f, label));
      }
    }
    return out;
  }
}
