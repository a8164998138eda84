package io.annet.runtime.data;

import io.annet.runtime.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Image files streamed from disk: each pass decodes, fits, augments and normalises the images on
 * background threads into a bounded queue of ready batches held in buffers allocated once, so
 * that the whole data set is never in memory and the training thread allocates nothing per
 * batch. For the same order it gives the same batches as a {@link Dataset} of the same images
 * (without augmentation); {@link #toDataset} builds that one for small data.
 *
 * <p>Check the files first with {@link ImageCheck} (which also computes the normalisation): a
 * file that fails here stops the pass with an {@link ImageFileException} naming it.
 */
public final class ImageSource implements BatchSource {
  private final ImageList images;
  private final ImagePipeline pipeline;
  private final long seed;
  private final int threads;
  private final int prefetch;
  private final AtomicLong decoded = new AtomicLong();
  private final AtomicLong busyNanos = new AtomicLong();
  private List<BatchSlot> slots = List.of();
  private BatchSlot partial;
  private PrefetchStream last;

  private ImageSource(Builder b) {
    this.images = b.images;
    this.pipeline = new ImagePipeline(b.shape, b.resize, b.maxPixels, b.normalization,
        b.augmentation);
    this.seed = b.seed;
    this.threads = b.threads;
    this.prefetch = b.prefetch;
  }

  /** A builder for {@code images} converted to examples of {@code shape = [C, H, W]}. */
  public static Builder builder(ImageList images, int[] shape) {
    return new Builder(images, shape);
  }

  /**
   * A builder for {@code images} as {@code architecture}'s input (its {@code [C, H, W]}), which
   * must have as many classes as the images.
   */
  public static Builder builder(ImageList images, Architecture architecture) {
    if (architecture.classes() != images.numClasses()) {
      throw new io.annet.runtime.AnnetException(architecture.modelName() + " has "
          + architecture.classes() + " classes but the images have " + images.numClasses() + ": "
          + images.classNames());
    }
    return new Builder(images, architecture.inputShape());
  }

  /** The image files and classes. */
  public ImageList images() {
    return images;
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int numClasses() {
    return images.numClasses();
  }

  @Override
  public int[] exampleShape() {
    return new int[] {pipeline.channels, pipeline.height, pipeline.width};
  }

  @Override
  public double decodeImagesPerSecond() {
    long n = decoded.get();
    long nanos = busyNanos.get();
    return n == 0 || nanos == 0 ? Double.NaN : n / (nanos / 1e9) * threads;
  }

  @Override
  public BatchStream open(int batchSize, int[] order, DataType dtype) {
    return open(batchSize, order, dtype, true);
  }

  private synchronized BatchStream open(
      int batchSize, int[] order, DataType dtype, boolean augment) {
    int[] checked = BatchSource.checkedOrder(order, size(), batchSize);
    int lastSize = checked.length % batchSize;
    if (last != null) {
      last.close();
    }
    boolean reusable = last == null || last.stopped();
    if (!reusable || slots.isEmpty() || slots.get(0).size != batchSize
        || slots.get(0).features.dataType() != dtype) {
      List<BatchSlot> fresh = new ArrayList<>();
      for (int i = 0; i < prefetch; i++) {
        fresh.add(new BatchSlot(batchSize, exampleShape(), numClasses(), dtype));
      }
      slots = fresh;
      partial = null;
    }
    if (lastSize > 0 && (!reusable || partial == null || partial.size != lastSize
        || partial.features.dataType() != dtype)) {
      partial = new BatchSlot(lastSize, exampleShape(), numClasses(), dtype);
    }
    // The augmentation of an example depends on the seed, the pass's order and the example only,
    // not on which thread decodes it or when.
    long passKey = seed * 0x9E3779B97F4A7C15L + Arrays.hashCode(checked);
    boolean augmenting = augment && !pipeline.augmentation.isNone();
    PrefetchStream stream = new PrefetchStream(checked, batchSize, slots,
        lastSize > 0 ? partial : null, pipeline.length(), threads,
        (example, slot, at, pixels, scratch) -> {
          long start = System.nanoTime();
          SplittableRandom rng = augmenting
              ? new SplittableRandom(passKey * 31 + example) : null;
          pipeline.load(images.files().get(example), rng, pixels, scratch, true);
          slot.put(at, pixels, images.label(example));
          busyNanos.addAndGet(System.nanoTime() - start);
          decoded.incrementAndGet();
        });
    last = stream;
    return stream;
  }

  /**
   * Every image decoded once into memory, normalised but never augmented: a {@link Dataset} with
   * the same examples in the same order, for data that fits in memory.
   */
  public Dataset toDataset(DataType dtype) {
    int[] s = exampleShape();
    INDArray x = Nd4j.create(dtype, size(), s[0], s[1], s[2]);
    int batch = 256;
    try (BatchStream stream = open(batch, naturalOrder(), dtype, false)) {
      while (stream.hasNext()) {
        Batch b = stream.next();
        long from = (long) b.index() * batch;
        x.get(NDArrayIndex.interval(from, from + b.size())).assign(b.features());
      }
    }
    return new Dataset(x, images.labels(), numClasses());
  }

  @Override
  public String toString() {
    return "ImageSource(" + size() + " images x " + Arrays.toString(exampleShape()) + ", "
        + numClasses() + " classes, " + threads + " decoding threads)";
  }

  /** Settings of an {@link ImageSource}. */
  public static final class Builder {
    private final ImageList images;
    private final int[] shape;
    private ResizePolicy resize = ResizePolicy.CENTRE_CROP;
    private Normalization normalization;
    private Augmentation augmentation = Augmentation.NONE;
    private long seed;
    private int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private int prefetch = -1;
    private long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;

    private Builder(ImageList images, int[] shape) {
      this.images = Objects.requireNonNull(images, "images");
      this.shape = shape.clone();
    }

    /** How pictures of another size are fitted (default {@link ResizePolicy#CENTRE_CROP}). */
    public Builder resize(ResizePolicy resize) {
      this.resize = Objects.requireNonNull(resize, "resize");
      return this;
    }

    /** The per-channel normalisation, e.g. {@link ImageCheck.Result#statistics()}; none if null. */
    public Builder normalization(Normalization normalization) {
      this.normalization = normalization;
      return this;
    }

    /** Augments every pass with {@code augmentation}, drawn from {@code seed} (default none). */
    public Builder augmentation(Augmentation augmentation, long seed) {
      this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
      this.seed = seed;
      return this;
    }

    /** Decoding threads, >= 1 (default: 2, or 1 on one core). */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("decoding threads must be in 1..256, found " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Ready batches held at most, >= 1 (default: threads + 2). */
    public Builder prefetch(int batches) {
      if (batches < 1) {
        throw new IllegalArgumentException("prefetch must be >= 1 batch, found " + batches);
      }
      this.prefetch = batches;
      return this;
    }

    /** The largest picture decoded, in pixels (default 2^25, checked from the header). */
    public Builder maxPixels(long maxPixels) {
      this.maxPixels = maxPixels;
      return this;
    }

    /** The source. */
    public ImageSource build() {
      if (prefetch < 0) {
        prefetch = threads + 2;
      }
      return new ImageSource(this);
    }
  }
}
