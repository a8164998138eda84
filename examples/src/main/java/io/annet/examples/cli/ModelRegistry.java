package io.annet.examples.cli;

import io.annet.examples.InceptionV4HeadNetwork;
import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.MobileMnistNetwork;
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

/**
 * Maps the example models' names, and the class names of users' models, to their generated
 * classes' factories and compile-time tables.
 */
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
   * @param className the generated class's fully qualified name
   * @param create a fresh network with weights drawn from a seed
   * @param loader a network restored from a checkpoint
   * @param summary the compile-time summary table
   * @param spec the canonical spec, one line per layer with its settings
   * @param parameters trainable parameters
   * @param macs multiply-accumulates per example
   */
  public record Entry(
      String name,
      String description,
      String className,
      LongFunction<Network> create,
      Loader loader,
      String summary,
      String spec,
      long parameters,
      long macs) {}

  private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

  static {
    add("MnistFcHead", "MNIST, conv body + flatten/dense/dense head", MnistFcHeadNetwork.class);
    add(
        "MnistGapHead",
        "MNIST, same body + mlpconv/global-average-pooling head",
        MnistGapHeadNetwork.class);
    add("NinCifar10", "CIFAR-10, Network in Network (Lin et al. 2014)", NinCifar10Network.class);
    add(
        "InceptionV4Head",
        "ImageNet, Inception-v4 head on 1536x8x8 features",
        InceptionV4HeadNetwork.class);
    add(
        "InceptionMnist",
        "MNIST, GoogLeNet-style inception modules (branches + concat) and a GAP head",
        InceptionMnistNetwork.class);
    add(
        "ResNetCifar",
        "CIFAR-10, a small ResNet (basic blocks, 1x1 projection shortcut)",
        ResNetCifarNetwork.class);
    add(
        "InceptionV4",
        "ImageNet, the full Inception-v4 (Szegedy et al. 2016) as backbone + head",
        InceptionV4Network.class);
    add(
        "InceptionResNetV1Head",
        "ImageNet, Inception-ResNet-v1 head on 1792x8x8 features",
        InceptionResNetV1HeadNetwork.class);
    add(
        "MobileMnist",
        "MNIST, MobileNet-style depthwise-separable blocks (Howard et al. 2017)",
        MobileMnistNetwork.class);
  }

  private ModelRegistry() {}

  private static void add(String name, String description, Class<? extends Network> type) {
    Entry entry = UserModels.entry(type, name, description);
    MODELS.put(entry.name().toLowerCase(Locale.ROOT), entry);
  }

  /**
   * The model called {@code name} (case-insensitive); a clear error naming the choices otherwise.
   */
  public static Entry get(String name) {
    return get(name, null);
  }

  /**
   * The example model called {@code name} (case-insensitive) or, for a fully qualified class
   * name, a generated network (or its {@code @Model} interface) found on {@code classpath} (null:
   * the program's own); a clear error naming the choices otherwise.
   */
  public static Entry get(String name, String classpath) {
    Entry entry = name.contains(".") ? null : MODELS.get(name.toLowerCase(Locale.ROOT));
    if (entry != null) {
      return entry;
    }
    if (!name.contains(".") && classpath != null) {
      // A simple name: the models the processor listed on the user's classpath.
      List<ClasspathModels.Listed> listed = ClasspathModels.list(classpath);
      List<ClasspathModels.Listed> matches =
          listed.stream().filter(m -> m.isCalled(name)).toList();
      if (matches.size() == 1) {
        return UserModels.load(matches.get(0).generatedClass(), classpath);
      }
      throw new CliException("unknown model '" + name + "'; " + (matches.isEmpty()
          ? "the models on --classpath " + classpath + " are: " + (listed.isEmpty()
              ? "none (compile them with annet-processor on the annotation processor path)"
              : String.join(", ", listed.stream().map(m -> m.interfaceName()).toList()))
          : "several models on --classpath are called so: " + String.join(", ",
              matches.stream().map(m -> m.interfaceName()).toList())
              + "; give the fully qualified name"));
    }
    if (!name.contains(".")) {
      throw new CliException("unknown model '" + name + "'; expected one of "
          + String.join(", ", names()) + ", or the fully qualified name of your own model's"
          + " generated class or interface with --classpath");
    }
    return UserModels.load(name, classpath);
  }

  /** The registered names, in registration order. */
  public static List<String> names() {
    return MODELS.values().stream().map(Entry::name).toList();
  }
}
