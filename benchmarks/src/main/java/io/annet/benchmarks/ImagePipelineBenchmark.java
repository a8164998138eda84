package io.annet.benchmarks;

import io.annet.runtime.Network;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.data.Augmentation;
import io.annet.runtime.data.Batch;
import io.annet.runtime.data.BatchStream;
import io.annet.runtime.data.ImageFolder;
import io.annet.runtime.data.ImageList;
import io.annet.runtime.data.ImageSource;
import io.annet.runtime.optim.Sgd;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 14's benchmark: how many images per second the streaming image source decodes and
 * augments with 1 and 2 background threads (MNIST-size PNGs, CIFAR-size PNGs, 640x480 JPEG
 * photographs fitted to 32x32), against how many the MNIST GAP and NIN-CIFAR networks train per
 * second, so that one sees when the pipeline would be the bottleneck. Writes {@code
 * images.md}; options {@code --quick} and {@code --out DIR}.
 */
public final class ImagePipelineBenchmark {
  private ImagePipelineBenchmark() {}

  /** One kind of picture on disk and the model input it is fitted to. */
  private record Kind(String name, String format, int width, int height, boolean rgb, int[] shape,
      int count) {}

  /** Runs the benchmark; see the class comment. */
  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    boolean quick = List.of(args).contains("--quick");
    int outAt = List.of(args).indexOf("--out");
    Path out = Path.of(outAt >= 0 ? args[outAt + 1] : "results");
    int scale = quick ? 4 : 1;
    List<Kind> kinds = List.of(
        new Kind("MNIST-size PNG, 28x28 gray -> [1, 28, 28]", "png", 28, 28, false,
            new int[] {1, 28, 28}, 4096 / scale),
        new Kind("CIFAR-size PNG, 32x32 RGB -> [3, 32, 32]", "png", 32, 32, true,
            new int[] {3, 32, 32}, 4096 / scale),
        new Kind("photo JPEG, 640x480 RGB -> [3, 32, 32]", "jpeg", 640, 480, true,
            new int[] {3, 32, 32}, 512 / scale));
    Path scratch = Files.createTempDirectory("annet-image-bench");
    StringBuilder report = new StringBuilder("# Image pipeline: decoding against training\n\n");
    report.append("Date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append("; machine: ").append(Machine.describe()).append("; ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores")
        .append(quick ? "; QUICK run, not for quoting" : "").append(".\n\n")
        .append("Decode + augment: `ImageSource` passes in batches of 64, consumed without")
        .append(" training (decoding, resizing, augmentation, normalisation, copying into the")
        .append(" batch buffers), best of 3 passes after one warm-up pass.\n\n")
        .append("| images | augmentation | 1 thread | 2 threads |\n| --- | --- | --- | --- |\n");
    try {
      for (Kind kind : kinds) {
        ImageList list = write(kind, scratch.resolve(kind.format + kind.width));
        Augmentation augmentation = kind.rgb
            ? Augmentation.standard(kind.shape[1], kind.shape[2])
            : new Augmentation(3, false, 1, 0, 0);
        double one = decodeRate(list, kind.shape, augmentation, 1);
        double two = decodeRate(list, kind.shape, augmentation, 2);
        report.append(String.format(Locale.ROOT, "| %s | %s | %,.0f img/s | %,.0f img/s |%n",
            kind.name, kind.rgb ? "all (shift, flip, resized crop, jitter)" : "shift 3 px",
            one, two));
        System.err.println(kind.name + ": " + Math.round(one) + " / " + Math.round(two));
      }
      report.append("\nTraining (Annet, float32, SGD step at batch 64, ")
          .append(NativeThreads.max()).append(" native threads):\n\n")
          .append("| model | training |\n| --- | --- |\n");
      for (boolean nin : new boolean[] {false, true}) {
        double rate = trainRate(nin, quick);
        report.append(String.format(Locale.ROOT, "| %s | %,.0f img/s |%n",
            nin ? "NIN-CIFAR [3, 32, 32]" : "MNIST GAP [1, 28, 28]", rate));
        System.err.println((nin ? "NIN" : "MNIST") + " training: " + Math.round(rate));
      }
    } finally {
      try (Stream<Path> files = Files.walk(scratch)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("images.md"), report);
    System.out.println(report);
  }

  /** {@code kind.count} pictures of noise in two class folders. */
  private static ImageList write(Kind kind, Path root) throws IOException {
    Random random = new Random(14);
    for (int i = 0; i < kind.count; i++) {
      BufferedImage image = new BufferedImage(kind.width, kind.height,
          kind.rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < kind.height; y++) {
        for (int x = 0; x < kind.width; x++) {
          // smooth gradients with noise: compresses like a picture, not like pure noise
          int v = (x * 5 + y * 3 + random.nextInt(32)) & 0xff;
          image.setRGB(x, y, kind.rgb ? (v << 16) | ((255 - v) << 8) | (v / 2) : v * 0x10101);
        }
      }
      Path file = root.resolve(i % 2 == 0 ? "a" : "b").resolve(i + "." + kind.format);
      Files.createDirectories(file.getParent());
      ImageIO.write(image, kind.format, file.toFile());
    }
    return ImageFolder.scan(root, null, io.annet.runtime.data.BadInputPolicy.STRICT, w -> { });
  }

  private static double decodeRate(ImageList list, int[] shape, Augmentation augmentation,
      int threads) {
    ImageSource source = ImageSource.builder(list, shape).augmentation(augmentation, 1)
        .threads(threads).build();
    double best = 0;
    for (int pass = 0; pass < 4; pass++) {
      long start = System.nanoTime();
      int seen = 0;
      try (BatchStream batches = source.open(64, source.shuffledOrder(pass), DataType.FLOAT)) {
        while (batches.hasNext()) {
          Batch b = batches.next();
          seen += b.size();
        }
      }
      double rate = seen / ((System.nanoTime() - start) / 1e9);
      if (pass > 0) {
        best = Math.max(best, rate);
      }
    }
    return best;
  }

  private static double trainRate(boolean nin, boolean quick) {
    Network net = AnnetStep.create(nin, DataType.FLOAT);
    int[] s = net.architecture().inputShape();
    INDArray x = Nd4j.rand(DataType.FLOAT, 64, s[0], s[1], s[2]);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 64, 10);
    for (int i = 0; i < 64; i++) {
      y.putScalar(i, i % 10, 1);
    }
    Sgd sgd = new Sgd(0.01);
    int steps = (nin ? 8 : 60) / (quick ? 4 : 1);
    List<Double> rates = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        net.computeGradients(x, y);
        sgd.step(net.parameters(), net.gradients());
      }
      rates.add(steps * 64 / ((System.nanoTime() - start) / 1e9));
    }
    return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
