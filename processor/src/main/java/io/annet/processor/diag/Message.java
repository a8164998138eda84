package io.annet.processor.diag;

import java.util.Locale;

/**
 * The catalogue of every diagnostic Annet reports: a stable tag users can search for, its severity,
 * and the message template ({@link String#format} syntax). Several constants may share one tag when
 * the fix text differs; processor/DIAGNOSTICS.md documents every tag.
 */
public enum Message {
  // Shape errors.
  HEAD_MISMATCH_POOL(
      "head-mismatch",
      Severity.ERROR,
      "@%1$s yields %2$d channels but the model has %3$d classes: expected [%3$d], found [%2$d]."
          + " End the last @MlpConv/@Conv with filters = %3$d (NIN head) or add"
          + " @Dense(units = %3$d) after @%1$s"),
  HEAD_MISMATCH_DENSE(
      "head-mismatch",
      Severity.ERROR,
      "@Dense(units = %1$d) yields [%1$d] but the model has %2$d classes: expected [%2$d], found"
          + " [%1$d]. Set units = %2$d"),
  HEAD_MISMATCH_CONV(
      "head-mismatch",
      Severity.ERROR,
      "@%1$s yields %2$s but the model has %3$d classes: expected [%3$d, 1, 1], found %2$s. Set"
          + " the last filters = %3$d"),
  HEAD_MISMATCH_OTHER(
      "head-mismatch",
      Severity.ERROR,
      "%1$s yields %2$s but the model has %3$d classes: expected [%3$d], found %2$s. End the"
          + " model with a layer of width %3$d, e.g. @Dense(units = %3$d)"),
  NOT_FLAT(
      "not-flat",
      Severity.ERROR,
      "%1$s expects a vector [N] (or a [C, 1, 1] map) but is fed the map %2$s (H = %3$d, W = %4$d)."
          + " Add @GlobalAvgPool before it (0 parameters; yields [%5$d]%6$s) or @Flatten (0"
          + " parameters; yields [%7$d]%8$s)"),
  NEEDS_MAP(
      "needs-map",
      Severity.ERROR,
      "%1$s expects a map [C, H, W] but is fed the vector %2$s. Move it before the layer that"
          + " flattened the maps (@Flatten, @GlobalAvgPool, @GlobalMaxPool or @Dense)"),
  KERNEL_TOO_LARGE(
      "kernel-too-large",
      Severity.ERROR,
      "%1$s cannot consume %2$s: kernel %3$s %4$d > padded %3$s %5$d (%6$d + 2 * %7$d); output"
          + " %3$s floor((%6$d + 2 * %7$d - %4$d) / %8$d) + 1 = %9$d, expected at least 1. Use a"
          + " kernel of at most %5$d, more padding, same = true, or less downsampling before it"),
  ACTIVATION_BEFORE_SOFTMAX(
      "activation-before-softmax",
      Severity.ERROR,
      "%1$s keeps its default activation = RELU but feeds the %2$s directly, so the class scores"
          + " it yields cannot be negative: softmax cross-entropy expects unbounded scores"
          + " (logits), and a rectified last layer trains far worse. %3$s. Write the activation"
          + " out (e.g. activation = RELU) if it is really meant"),
  STRIDE_DROPS_INPUT(
      "stride-drops-input",
      Severity.WARNING,
      "%1$s on %2$s never reads the last %3$d input %4$s: (%5$d + 2 * %6$d - %7$d) %% %8$d = %9$d"
          + " left over after the last window (%6$d of them padding). %10$s would cover every input"
          + " %11$s"),
  TOO_LARGE(
      "too-large",
      Severity.ERROR,
      "%1$s needs %2$s values per example and %3$s parameters, beyond what Annet can count"
          + " (%4$s). Reduce the filters, units, kernel or input size"),
  TENSOR_TOO_LARGE(
      "too-large",
      Severity.ERROR,
      "%1$s needs a %2$s of %3$s values, over the %4$,d one tensor may hold (the runtime draws"
          + " a tensor's initial values into one Java array and a checkpoint stores it in one"
          + " byte array, 8 bytes a value in double precision). Reduce %5$s"),
  AFTER_SOFTMAX(
      "after-softmax",
      Severity.ERROR,
      "%1$s comes after @Softmax (%2$s), which must be the last layer. Move @Softmax to the end"
          + " or remove %1$s"),
  SAME_PADDING(
      "same-padding",
      Severity.ERROR,
      "%1$s with same = true on %2$s needs an odd padding total on one axis (%3$s) while its"
          + " kernel is at least 2 smaller than the stride on the other (%4$s), which the runtime"
          + " backend (ND4J) cannot express. Use explicit padding instead, or a kernel at most 1"
          + " smaller than the stride"),
  // Graphs: branches, blocks, backbone + head.
  UNKNOWN_INPUT(
      "unknown-input",
      Severity.ERROR,
      "%1$s names input '%2$s', which %3$s: an input must be 'input' or a layer method declared"
          + " before it in %4$s%5$s"),
  CONCAT_MISMATCH(
      "concat-mismatch",
      Severity.ERROR,
      "%1$s joins maps along the channels, so every input must be a map [C, H, W] with the same"
          + " H and W, found %2$s. Resize the branches (stride, padding or pooling) so that they"
          + " agree"),
  ADD_MISMATCH(
      "add-mismatch",
      Severity.ERROR,
      "%1$s adds its inputs element by element, so every input must have exactly the same shape,"
          + " found %2$s. Project the shortcut, e.g. with a 1x1 @Conv of the right filters and"
          + " stride"),
  MERGE_INPUTS(
      "merge-inputs",
      Severity.ERROR,
      "%1$s merges two or more inputs, found %2$d (%3$s). Name them as parameters, e.g. '%4$s"
          + " Layer %5$s(Layer a, Layer b);'"),
  REPEAT_MERGE(
      "merge-inputs",
      Severity.ERROR,
      "@Repeat(%1$d) on %2$s feeds each repetition after the first only the output of the one"
          + " before, but @%3$s merges two or more inputs. Remove @Repeat, or repeat a @Block"
          + " whose layers include the merge (e.g. a residual block)"),
  UNUSED_OUTPUT(
      "unused-output",
      Severity.WARNING,
      "the output of %1$s %2$s is never used: no later layer names it, and only the last layer"
          + " is the output of %3$s. Name it as a parameter of a later layer (e.g. in @Concat) or"
          + " remove it"),
  BLOCK_CYCLE(
      "block-cycle",
      Severity.ERROR,
      "@Use(%1$s.class) makes block %1$s contain itself: %2$s. Blocks cannot be recursive;"
          + " repeat a block with @Repeat instead"),
  NOT_BLOCK(
      "not-block",
      Severity.ERROR,
      "%1$s(%2$s.class) needs an interface annotated @Block, found %3$s. Annotate %2$s with"
          + " @Block"),
  BLOCK_INPUTS(
      "block-input",
      Severity.ERROR,
      "@Block %1$s declares %2$d inputs, expected none (inferred at each use) or exactly one:"
          + " input = @Input(...)"),
  BLOCK_INPUT_MISMATCH(
      "block-input",
      Severity.ERROR,
      "%1$s uses block %2$s, which declares input %3$s, but is fed %4$s%5$s. Feed it %3$s or"
          + " change the block's input"),
  HEAD_BACKBONE_MISMATCH(
      "head-backbone-mismatch",
      Severity.ERROR,
      "head %1$s expects %2$s (its @Block input) but backbone %3$s yields %4$s. Use a head for"
          + " %4$s or a backbone that yields %2$s"),
  MISSING_PARAMETER_NAMES(
      "missing-parameter-names",
      Severity.ERROR,
      "block %1$s comes from a class file without parameter names (found %2$s) and without"
          + " %3$s, the class Annet writes when it compiles a block, so the inputs of its layers"
          + " cannot be read. Compile %1$s with Annet's processor (then any compiler reads the"
          + " names), or with 'javac -parameters' (Maven: <parameters>true</parameters> in"
          + " maven-compiler-plugin; Eclipse's compiler does not read these)"),
  BACKBONE_HEAD(
      "backbone-head",
      Severity.ERROR,
      "@Model %1$s %2$s. Set both backbone and head (two @Block interfaces) and declare no layer"
          + " methods, or declare the layers and neither"),
  INPUT_TYPE(
      "method-parameters",
      Severity.ERROR,
      "layer method %1$s: parameter %2$s must be of type io.annet.dsl.Layer (naming an earlier"
          + " layer or 'input'), found %3$s"),
  USE_INPUTS(
      "method-parameters",
      Severity.ERROR,
      "%1$s takes at most one input (%2$s), found %3$d: %4$s. Only @Concat and @Add take"
          + " several"),
  // Attribute errors.
  NON_POSITIVE(
      "non-positive", Severity.ERROR, "%1$s must be positive: expected %2$s >= 1, found %3$s"),
  NEGATIVE_PADDING(
      "negative-padding",
      Severity.ERROR,
      "%1$s padding must not be negative: expected padding >= 0, found %2$s"),
  OUT_OF_RANGE("out-of-range", Severity.ERROR, "%1$s %2$s must be in %3$s, found %4$s"),
  EMPTY_FILTERS(
      "empty-filters",
      Severity.ERROR,
      "@MlpConv filters must name at least one convolution, found {}. Write e.g. filters = {192,"
          + " 160, 96}"),
  ARRAY_LENGTH(
      "array-length",
      Severity.ERROR,
      "@%1$s %2$s takes one value (square) or two values {height, width}, found %3$d values %4$s"),
  PADDING_IGNORED(
      "padding-ignored",
      Severity.WARNING,
      "%1$s sets both same = true and padding = %2$s; SAME padding is computed automatically and"
          + " the padding is ignored. Remove one of them"),
  POOL_PADDING(
      "pool-padding",
      Severity.ERROR,
      "%1$s padding %2$s is not smaller than its kernel %3$s, so some windows cover only padding"
          + " and have no value to pool: expected padding < kernel. Use padding = %4$s (at most"
          + " half the kernel, as usual) or same = true"),
  // Misuse of the DSL.
  NOT_INTERFACE(
      "not-interface",
      Severity.ERROR,
      "@Model must annotate an interface, found %1$s %2$s. Declare it as 'interface %2$s'"),
  GENERIC_MODEL(
      "generic-model",
      Severity.ERROR,
      "@Model interface %1$s must not be generic, found type parameters %2$s. Remove them"),
  PRIVATE_MODEL(
      "private-model",
      Severity.ERROR,
      "@Model interface %1$s is %2$s, so the generated class cannot implement it. Make it at"
          + " least package-private%3$s"),
  INVALID_NAME(
      "invalid-name",
      Severity.ERROR,
      "@Model name must be a simple Java class name, found \"%1$s\". Use e.g. name = \"%2$s\""),
  RESERVED_CLASS_NAME(
      "invalid-name",
      Severity.ERROR,
      "@Model name \"%1$s\" %2$s, so javac would reject the generated class or the model."
          + " Use e.g. name = \"%3$s\""),
  NAME_TAKEN(
      "name-taken",
      Severity.ERROR,
      "the generated class %1$s already exists (%2$s). Choose another with @Model(name = ...)"),
  NO_LAYERS(
      "no-layers",
      Severity.ERROR,
      "@Model interface %1$s declares no layers: expected abstract methods returning Layer with"
          + " one layer annotation, e.g. '@Conv(filters = 32, kernel = 3) Layer conv1();'"),
  METHOD_PARAMETERS(
      "method-parameters",
      Severity.ERROR,
      "layer method %1$s must take no parameters%2$s, found %3$s. Declare it as 'Layer %1$s();'"),
  RETURN_TYPE(
      "return-type",
      Severity.ERROR,
      "layer method %1$s must return io.annet.dsl.Layer, found %2$s"),
  MULTIPLE_LAYERS(
      "multiple-layers",
      Severity.ERROR,
      "layer method %1$s carries %2$d layer annotations (%3$s), expected exactly one. Split it"
          + " into one method per layer"),
  MISSING_LAYER(
      "missing-layer",
      Severity.ERROR,
      "abstract method %1$s of @Model %2$s has no layer annotation: expected exactly one of %3$s."
          + " Annotate it, or make it a default method"),
  NOT_ABSTRACT(
      "not-abstract",
      Severity.ERROR,
      "layer method %1$s must be abstract, found a %2$s method: the generated class implements"
          + " the layers. Remove the body and the '%2$s' modifier"),
  INHERITED_METHOD(
      "inherited-method",
      Severity.ERROR,
      "@Model %1$s inherits abstract method %2$s from %3$s; layers must be declared on the model"
          + " itself. Declare the model without that super-interface or give the method a default"),
  RESERVED_NAME(
      "reserved-name",
      Severity.ERROR,
      "layer method %1$s clashes with %2$s. Rename the layer, e.g. %1$sLayer()"),
  DUPLICATE_LAYER(
      "duplicate-layer",
      Severity.ERROR,
      "layer method %1$s has the same name as layer method %2$s declared before it: a layer is"
          + " named after its method (its tensors too, e.g. %3$s.weight), so overloads cannot tell"
          + " two layers apart. Rename one, e.g. '%4$s'"),
  INPUT_NAME(
      "reserved-name",
      Severity.ERROR,
      "layer method %1$s is named 'input', which a parameter uses to name the model's (or"
          + " block's) input, so no later layer could consume this one. Rename it, e.g."
          + " %2$s()"),
  // Model-wide checks.
  FC_HEAVY(
      "fc-heavy",
      Severity.WARNING,
      "dense layers hold %1$s of all %2$,d parameters (%3$,d of them). With @GlobalAvgPool on %4$s"
          + " and one @Dense(units = %5$d) head the model would have %6$,d parameters (head:"
          + " %7$,d). Suppress with @SuppressWarnings(\"annet.fc-heavy\") or"
          + " @Suppress(\"fc-heavy\") on the interface"),
  OVER_BUDGET(
      "over-budget",
      Severity.ERROR,
      "the model has %1$,d %2$s, over @Budget(%3$s = %4$d) by %5$,d; the largest contributor is"
          + " %6$s with %7$,d. Shrink the model or raise %3$s"),
  METHOD_TOO_LARGE(
      "method-too-large",
      Severity.ERROR,
      "%1$s has %2$,d layers: even with its methods split into chunks of layers, the %3$s of its"
          + " generated network would need up to %4$,d bytes of bytecode, over the %5$,d Annet"
          + " allows in one method (the JVM refuses more than 65,535). Use fewer layers: the"
          + " constructor still assigns one field per layer (about 5,000 at most, fewer in a graph"
          + " whose @Use or @Repeat handles list many members)"),
  BAD_OPTION(
      "bad-option",
      Severity.ERROR,
      "-A%1$s=%2$s is not a number of layers: expected 0 (split a network's methods only when"
          + " one would be too large for the JVM) or a positive number (also split every network"
          + " longer than that into methods of at most that many layers)"),
  INTERNAL("internal", Severity.ERROR, "annet internal error, please report: %1$s");

  private final String tag;
  private final Severity severity;
  private final String template;

  Message(String tag, Severity severity, String template) {
    this.tag = tag;
    this.severity = severity;
    this.template = template;
  }

  /** The stable tag including brackets, e.g. {@code [annet.head-mismatch]}. */
  public String tag() {
    return "[annet." + tag + "]";
  }

  /** Whether this is an error or a warning. */
  public Severity severity() {
    return severity;
  }

  /** The template, for documentation and tests. */
  public String template() {
    return template;
  }

  /** The message text (without the tag) for {@code args}, formatted independent of the locale. */
  public String format(Object... args) {
    return String.format(Locale.ROOT, template, args);
  }

  /** The tag followed by {@code text}: what the user sees. */
  public String tagged(String text) {
    return tag() + " " + text;
  }
}
