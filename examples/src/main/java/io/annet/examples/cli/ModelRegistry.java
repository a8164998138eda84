package io.annet.examples.cli;

import io.annet.examples.InceptionV4HeadNetwork;
import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.InceptionResNetV1HeadNetwork;
import io.annet.examples.graphs.InceptionV4Network;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.runtime.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/** Maps the example models' names to their generated classes' factories and compile-time tables. */
public final class ModelRegistry {
  /** Loads a network of one model from a checkpoint file. */
  @FunctionalInterface
  public interface Loader {
    /** Reads the checkpoint; fails if it holds another architecture. */
    Network load(Path path) throws IOException;
  }

  /**
   * One example model.
   *
   * @param name the {@code @Model} interface's simple name
   * @param description one line for listings
   * @param create a fresh network with weights drawn from a seed
   * @param loader a network restored from a checkpoint
   * @param summary the compile-time summary table
   * @param parameters trainable parameters
   * @param macs multiply-accumulates per example
   */
  public record Entry(
      String name,
      String description,
      LongFunction<Network> create,
      Loader loader,
      String summary,
      long parameters,
      long macs) {}

  private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

  static {
    add(
        new Entry(
            "MnistFcHead",
            "MNIST, conv body + flatten/dense/dense head",
            MnistFcHeadNetwork::create,
            MnistFcHeadNetwork::load,
            MnistFcHeadNetwork.SUMMARY,
            MnistFcHeadNetwork.PARAMETERS,
            MnistFcHeadNetwork.MACS));
    add(
        new Entry(
            "MnistGapHead",
            "MNIST, same body + mlpconv/global-average-pooling head",
            MnistGapHeadNetwork::create,
            MnistGapHeadNetwork::load,
            MnistGapHeadNetwork.SUMMARY,
            MnistGapHeadNetwork.PARAMETERS,
            MnistGapHeadNetwork.MACS));
    add(
        new Entry(
            "NinCifar10",
            "CIFAR-10, Network in Network (Lin et al. 2014)",
            NinCifar10Network::create,
            NinCifar10Network::load,
            NinCifar10Network.SUMMARY,
            NinCifar10Network.PARAMETERS,
            NinCifar10Network.MACS));
    add(
        new Entry(
            "InceptionV4Head",
            "ImageNet, Inception-v4 head on 1536x8x8 features",
            InceptionV4HeadNetwork::create,
            InceptionV4HeadNetwork::load,
            InceptionV4HeadNetwork.SUMMARY,
            InceptionV4HeadNetwork.PARAMETERS,
            InceptionV4HeadNetwork.MACS));
    add(
        new Entry(
            "InceptionMnist",
            "MNIST, GoogLeNet-style inception modules (branches + concat) and a GAP head",
            InceptionMnistNetwork::create,
            InceptionMnistNetwork::load,
            InceptionMnistNetwork.SUMMARY,
            InceptionMnistNetwork.PARAMETERS,
            InceptionMnistNetwork.MACS));
    add(
        new Entry(
            "ResNetCifar",
            "CIFAR-10, a small ResNet (basic blocks, 1x1 projection shortcut)",
            ResNetCifarNetwork::create,
            ResNetCifarNetwork::load,
            ResNetCifarNetwork.SUMMARY,
            ResNetCifarNetwork.PARAMETERS,
            ResNetCifarNetwork.MACS));
    add(
        new Entry(
            "InceptionV4",
            "ImageNet, the full Inception-v4 (Szegedy et al. 2016) as backbone + head",
            InceptionV4Network::create,
            InceptionV4Network::load,
            InceptionV4Network.SUMMARY,
            InceptionV4Network.PARAMETERS,
            InceptionV4Network.MACS));
    add(
        new Entry(
            "InceptionResNetV1Head",
            "ImageNet, Inception-ResNet-v1 head on 1792x8x8 features",
            InceptionResNetV1HeadNetwork::create,
            InceptionResNetV1HeadNetwork::load,
            InceptionResNetV1HeadNetwork.SUMMARY,
            InceptionResNetV1HeadNetwork.PARAMETERS,
            InceptionResNetV1HeadNetwork.MACS));
  }

  private ModelRegistry() {}

  private static void add(Entry entry) {
    MODELS.put(entry.name().toLowerCase(Locale.ROOT), entry);
  }

  /**
   * The model called {@code name} (case-insensitive); a clear error naming the choices otherwise.
   */
  public static Entry get(String name) {
    Entry entry = MODELS.get(name.toLowerCase(Locale.ROOT));
    if (entry == null) {
      throw new CliException(
          "unknown model '" + name + "'; expected one of " + String.join(", ", names()));
    }
    return entry;
  }

  /** The registered names, in registration order. */
  public static List<String> names() {
    return MODELS.values().stream().map(Entry::name).toList();
  }
}
