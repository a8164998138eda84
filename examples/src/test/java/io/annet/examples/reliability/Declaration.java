package io.annet.examples.reliability;

import java.util.List;

/**
 * A random {@code @Model} declaration: the Java source of one interface plus what it declares, so
 * that the {@link ShapeOracle} can predict shapes independently of the processor.
 *
 * @param packageName the package, unique per case
 * @param interfaceName the interface's simple name
 * @param generatedName the simple name of the class the processor should write
 * @param channels declared input channels
 * @param height declared input height
 * @param width declared input width
 * @param classes declared classes
 * @param layers the layer methods, in declaration order
 * @param misuse a deliberate misuse of the DSL (null when none), which must be rejected
 * @param source the compilation unit
 */
record Declaration(
    String packageName,
    String interfaceName,
    String generatedName,
    int channels,
    int height,
    int width,
    int classes,
    List<LayerDecl> layers,
    String misuse,
    String source) {

  /** The fully qualified name of the generated network class. */
  String generatedClass() {
    return packageName + "." + generatedName;
  }

  /** The source file's path relative to a source root. */
  String sourcePath() {
    return packageName.replace('.', '/') + "/" + interfaceName + ".java";
  }
}
