package io.annet.processor.model;

import java.util.List;

/**
 * A parsed {@code @Model} interface: everything the shape and emit phases need, with no javac
 * types.
 *
 * @param packageName package of the interface (and of the generated class); empty for the default
 * @param interfaceName the interface's name relative to its package, e.g. {@code Outer.Mnist}
 * @param className simple name of the generated class, e.g. {@code MnistNetwork}
 * @param input per-example input shape {@code [C, H, W]}
 * @param classes number of classes
 * @param layers the layers in declaration order
 * @param budget resource limits
 * @param fcHeavySuppressed whether {@code @SuppressWarnings("annet.fc-heavy")} is present
 */
public record ModelSpec(
    String packageName,
    String interfaceName,
    String className,
    Shape input,
    int classes,
    List<LayerSpec> layers,
    BudgetSpec budget,
    boolean fcHeavySuppressed) {
  public ModelSpec {
    layers = List.copyOf(layers);
  }
}
