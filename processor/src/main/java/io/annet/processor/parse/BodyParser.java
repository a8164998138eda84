package io.annet.processor.parse;

import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.diag.DidYouMean;
import io.annet.processor.diag.Message;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Parses the layer methods of a model or {@code @Block} interface into a {@link Body}: layer
 * annotations, {@code @Use}, {@code @Repeat} and the inputs named by parameters. Each block is
 * parsed once (its problems reported once) however often it is used; a block reached again while
 * it is being parsed is {@code [annet.block-cycle]}. Blocks may come from class files of another
 * module: their parameter names then come from the companion Annet generated with the block
 * ({@link BlockInputNames}), or from {@code -parameters}.
 */
final class BodyParser {
  static final String BLOCK = "io.annet.dsl.Block";
  static final String REPEAT = "io.annet.dsl.Repeat";
  static final String INPUT = "input";

  /** Where a block is used, to anchor problems of a block that has no source. */
  record Site(Element element, AnnotationMirror annotation, AnnotationValue value) {}

  private final ProcessingEnvironment env;
  private final Elements elements;
  private final DiagnosticReport report;
  private final LayerParser layerParser;
  private final UsageChecks checks;
  private final Map<TypeElement, Optional<Body>> cache = new HashMap<>();
  private final Deque<TypeElement> stack = new ArrayDeque<>();

  BodyParser(
      ProcessingEnvironment env,
      DiagnosticReport report,
      LayerParser layerParser,
      UsageChecks checks) {
    this.env = env;
    this.elements = env.getElementUtils();
    this.report = report;
    this.layerParser = layerParser;
    this.checks = checks;
  }

  /** The parsed bodies of every block reached so far, by interface. */
  Map<TypeElement, Body> blocks() {
    Map<TypeElement, Body> blocks = new HashMap<>();
    cache.forEach((k, v) -> v.ifPresent(b -> blocks.put(k, b)));
    return blocks;
  }

  /** The model's own layer methods; the reasons for any gap are reported. */
  Body parseModel(TypeElement type, AnnotationMirror model) {
    stack.push(type);
    try {
      return parseMethods(type, Optional.empty(), new Site(type, model, null), false);
    } finally {
      stack.pop();
    }
  }

  /**
   * The block {@code type} used at {@code site} (a {@code @Use} or a model's backbone/head);
   * empty when it is not a block, is recursive, or could not be parsed at all.
   */
  Optional<Body> parseBlock(TypeElement type, String how, Site site) {
    if (stack.contains(type)) {
      List<String> path = new ArrayList<>();
      for (TypeElement t : (Iterable<TypeElement>) stack::descendingIterator) {
        path.add(t.getSimpleName().toString());
      }
      path = path.subList(path.indexOf(type.getSimpleName().toString()), path.size());
      String cycle = String.join(" -> ", path) + " -> " + type.getSimpleName();
      report.add(
          Message.BLOCK_CYCLE,
          Message.BLOCK_CYCLE.format(type.getSimpleName(), cycle),
          site.element(),
          site.annotation(),
          site.value());
      return Optional.empty();
    }
    if (cache.containsKey(type)) {
      return cache.get(type);
    }
    Optional<AnnotationMirror> block = Annotations.find(type, BLOCK);
    if (block.isEmpty()) {
      String found =
          type.getKind().toString().toLowerCase().replace('_', ' ')
              + " "
              + type.getQualifiedName()
              + " without @Block";
      report.add(
          Message.NOT_BLOCK,
          Message.NOT_BLOCK.format(how, type.getSimpleName(), found),
          site.element(),
          site.annotation(),
          site.value());
      cache.put(type, Optional.empty());
      return Optional.empty();
    }
    Optional<Shape> declared = Optional.empty();
    boolean inputOk = true;
    AnnotationValue inputs = Annotations.allValues(elements, block.get()).get("input");
    if (inputs != null && inputs.getValue() instanceof List<?> list) {
      if (list.size() > 1) {
        report.add(
            Message.BLOCK_INPUTS,
            Message.BLOCK_INPUTS.format(type.getSimpleName(), list.size()),
            type,
            block.get(),
            Annotations.explicit(block.get(), "input"));
        inputOk = false;
      } else if (list.size() == 1 && list.get(0) instanceof AnnotationValue v) {
        declared = ModelParser.input(v);
        inputOk = declared.isPresent();
      }
    }
    stack.push(type);
    Optional<Body> body;
    try {
      Body b = parseMethods(type, declared, site, true);
      body = Optional.of(new Body(type, b.layers(), declared, b.complete() && inputOk));
    } finally {
      stack.pop();
    }
    cache.put(type, body);
    return body;
  }

  private Body parseMethods(
      TypeElement type, Optional<Shape> declared, Site site, boolean block) {
    boolean complete = true;
    boolean anyLayer = false;
    List<DeclaredLayer> layers = new ArrayList<>();
    Set<String> earlier = new LinkedHashSet<>();
    Set<String> all = new LinkedHashSet<>();
    List<ExecutableElement> methods = ElementFilter.methodsIn(type.getEnclosedElements());
    methods.forEach(m -> all.add(m.getSimpleName().toString()));
    boolean namesReported = false;
    Map<String, ExecutableElement> layerMethods = new HashMap<>();
    Map<String, List<String>> recorded = Map.of();
    if (methods.stream().anyMatch(BlockInputNames::namesMissing) && !fromSource(type)) {
      recorded = BlockInputNames.read(elements, type); // a class file: names from the companion
    }
    for (int index = 0; index < methods.size(); index++) {
      ExecutableElement method = methods.get(index);
      List<AnnotationMirror> mirrors =
          method.getAnnotationMirrors().stream()
              .filter(LayerParser::isLayerAnnotation)
              .collect(Collectors.toList());
      anyLayer |= method.getModifiers().contains(Modifier.ABSTRACT) || !mirrors.isEmpty();
      if (!checks.checkMethod(type, method, mirrors)) {
        complete = false;
        continue;
      }
      if (mirrors.isEmpty()) {
        continue; // a helper: default, static or private method without a layer annotation
      }
      String name = method.getSimpleName().toString();
      AnnotationMirror mirror = mirrors.get(0);
      ExecutableElement first = layerMethods.putIfAbsent(name, method);
      if (first != null) {
        report.add(
            Message.DUPLICATE_LAYER,
            Message.DUPLICATE_LAYER.format(
                signature(method), signature(first), name, freeName(name, all) + "(...)"),
            method);
        complete = false;
        continue;
      }
      List<String> inputs = new ArrayList<>();
      List<? extends VariableElement> parameters = method.getParameters();
      List<String> known =
          BlockInputNames.namesMissing(method)
              ? recorded.get(BlockInputNames.key(name, parameters.size()))
              : null;
      for (int k = 0; k < parameters.size(); k++) {
        VariableElement p = parameters.get(k);
        String input = known != null ? known.get(k) : p.getSimpleName().toString();
        inputs.add(input);
        if (input.equals(INPUT) || earlier.contains(input)) {
          continue;
        }
        complete = false;
        if (input.matches("arg[0-9]+") && !all.contains(input) && !fromSource(type)) {
          if (!namesReported) {
            String found =
                method.getParameters().stream()
                    .map(v -> v.getSimpleName().toString())
                    .collect(Collectors.joining(", ", name + "(", ")"));
            report.add(
                Message.MISSING_PARAMETER_NAMES,
                Message.MISSING_PARAMETER_NAMES.format(
                    type.getQualifiedName(), found, BlockInputNames.companionName(type)),
                site.element(),
                site.annotation(),
                site.value());
            namesReported = true;
          }
          continue;
        }
        String why = whyUnknown(input, name, methods, index);
        List<String> candidates = new ArrayList<>(earlier);
        candidates.add(INPUT);
        String hint =
            DidYouMean.closest(input, candidates)
                .map(c -> ". Did you mean '" + c + "'?")
                .orElse("");
        report.add(
            Message.UNKNOWN_INPUT,
            Message.UNKNOWN_INPUT.format(
                name + "()", input, why, type.getSimpleName(), hint),
            p);
      }
      AnnotationMirror repeat = Annotations.find(method, REPEAT).orElse(null);
      int repeats = 1;
      if (repeat != null) {
        AnnotationValue value = Annotations.explicit(repeat, "value");
        Optional<Integer> n = Annotations.intValue(value);
        if (n.isEmpty()) {
          complete = false;
        } else if (n.get() < 1) {
          report.add(
              Message.NON_POSITIVE,
              Message.NON_POSITIVE.format(name + ": @Repeat value", "value", n.get()),
              method,
              repeat,
              value);
          complete = false;
        } else {
          repeats = n.get();
        }
      }
      String kind = Annotations.qualifiedName(mirror);
      boolean use = kind.endsWith("." + LayerParser.USE);
      boolean merge = kind.endsWith(".Concat") || kind.endsWith(".Add");
      if (merge && repeats > 1) {
        report.add(
            Message.REPEAT_MERGE,
            Message.REPEAT_MERGE.format(
                repeats, signature(method), kind.substring(kind.lastIndexOf('.') + 1)),
            method,
            repeat,
            null);
        complete = false;
      }
      if (!merge && inputs.size() > 1) {
        String what = use ? "the layer feeding the block" : "the layer it transforms";
        report.add(
            Message.USE_INPUTS,
            Message.USE_INPUTS.format(
                name + "()", what, inputs.size(), String.join(", ", inputs)),
            method,
            mirror,
            null);
        complete = false;
      }
      if (use) {
        AnnotationValue value = Annotations.explicit(mirror, "value");
        Optional<TypeElement> used = typeOf(value);
        Optional<Body> body =
            used.flatMap(b -> parseBlock(b, "@Use", new Site(method, mirror, value)));
        if (body.isEmpty() || !body.get().complete()) {
          complete = false;
        } else {
          layers.add(
              new DeclaredLayer(method, mirror, null, used.get(), repeat, repeats, inputs));
        }
      } else {
        Optional<LayerSpec> layer = layerParser.parse(method, mirror);
        if (layer.isEmpty()) {
          complete = false;
        } else {
          layers.add(new DeclaredLayer(method, mirror, layer.get(), null, repeat, repeats, inputs));
        }
      }
      earlier.add(name);
    }
    if (!anyLayer && block) {
      report.add(
          Message.NO_LAYERS,
          Message.NO_LAYERS.format(type.getSimpleName()),
          site.element(),
          site.annotation(),
          site.value());
      complete = false;
    }
    return new Body(type, layers, declared, complete && anyLayer);
  }

  /** Why the parameter {@code input} of layer method {@code name} (at {@code index}) is wrong. */
  private static String whyUnknown(
      String input, String name, List<ExecutableElement> methods, int index) {
    if (input.equals(name)) {
      return "is this layer itself (a layer cannot consume its own output)";
    }
    for (int i = 0; i < methods.size(); i++) {
      ExecutableElement m = methods.get(i);
      if (!m.getSimpleName().contentEquals(input) || !isLayerMethod(m)) {
        continue;
      }
      return i > index
          ? "is declared after it (declaration order is the order of the graph)"
          : "is a layer method with an error (reported on it)";
    }
    for (ExecutableElement m : methods) {
      if (m.getSimpleName().contentEquals(input)) {
        return "is a method without a layer annotation, not a layer";
      }
    }
    return "is not a layer method";
  }

  private static boolean isLayerMethod(ExecutableElement m) {
    return m.getModifiers().contains(Modifier.ABSTRACT)
        || m.getAnnotationMirrors().stream().anyMatch(LayerParser::isLayerAnnotation);
  }

  /** {@code conv(Layer input)}: a method with its parameters, to tell overloads apart. */
  private static String signature(ExecutableElement method) {
    return method.getParameters().stream()
        .map(p -> p.asType() + " " + p.getSimpleName())
        .map(t -> t.replace("io.annet.dsl.", ""))
        .collect(Collectors.joining(", ", method.getSimpleName() + "(", ")"));
  }

  /** {@code name2}, {@code name3}, ...: the first that no method of the interface has. */
  private static String freeName(String name, Set<String> taken) {
    String candidate = name + 2;
    for (int n = 3; taken.contains(candidate); n++) {
      candidate = name + n;
    }
    return candidate;
  }

  /** The class named by a {@code Class<?>} attribute, when javac could resolve it. */
  static Optional<TypeElement> typeOf(AnnotationValue value) {
    if (value != null
        && value.getValue() instanceof TypeMirror t
        && t instanceof DeclaredType d
        && d.asElement() instanceof TypeElement e) {
      return Optional.of(e);
    }
    return Optional.empty();
  }

  /** Whether {@code type} is compiled from source now (else it was read from a class file). */
  private boolean fromSource(TypeElement type) {
    try {
      return com.sun.source.util.Trees.instance(env).getPath(type) != null;
    } catch (RuntimeException | LinkageError e) {
      return false; // not javac: assume a class file, the likelier cause of argN names
    }
  }
}
