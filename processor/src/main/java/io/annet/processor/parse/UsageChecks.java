package io.annet.processor.parse;

import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.diag.Message;
import io.annet.processor.emit.GeneratedNames;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** The misuse checks of the DSL on the model interface and its methods (issue 2, section 6). */
final class UsageChecks {

  private final Elements elements;
  private final Types types;
  private final DiagnosticReport report;
  /** Names a layer method cannot have, with what each would clash with in generated code. */
  private final Map<String, String> reserved;

  UsageChecks(Elements elements, Types types, DiagnosticReport report) {
    this.elements = elements;
    this.types = types;
    this.report = report;
    this.reserved = GeneratedNames.forLayers(elements);
  }

  /** Reports a generic, private or local interface and inherited abstract methods. */
  void checkType(TypeElement type, AnnotationMirror model) {
    String name = type.getSimpleName().toString();
    if (!type.getTypeParameters().isEmpty()) {
      String params =
          type.getTypeParameters().stream()
              .map(p -> p.getSimpleName().toString())
              .collect(Collectors.joining(", ", "<", ">"));
      report.add(
          Message.GENERIC_MODEL, Message.GENERIC_MODEL.format(name, params), type, model, null);
    }
    if (type.getNestingKind() == NestingKind.LOCAL
        || type.getNestingKind() == NestingKind.ANONYMOUS) {
      report.add(
          Message.PRIVATE_MODEL,
          Message.PRIVATE_MODEL.format(name, "local", " and move it out of the method"),
          type,
          model,
          null);
    } else {
      for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
        if (t.getModifiers().contains(Modifier.PRIVATE)) {
          String where = t == type ? "private" : "inside the private type " + t.getSimpleName();
          String fix = t == type ? "" : ", and so must " + t.getSimpleName() + " be";
          report.add(
              Message.PRIVATE_MODEL,
              Message.PRIVATE_MODEL.format(name, where, fix),
              type,
              model,
              null);
          break;
        }
      }
    }
    TypeElement object = elements.getTypeElement("java.lang.Object");
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      Element owner = m.getEnclosingElement();
      if (owner.equals(type)
          || owner.equals(object)
          || !m.getModifiers().contains(Modifier.ABSTRACT)
          || overridesObject(m, type)) {
        continue;
      }
      report.add(
          Message.INHERITED_METHOD,
          Message.INHERITED_METHOD.format(name, m.getSimpleName() + "()", owner.getSimpleName()),
          type,
          model,
          null);
    }
  }

  /**
   * The generated class's simple name: {@code name}, or {@code <Interface>Network} when empty.
   * Reports an invalid name and a name that is already taken.
   */
  String className(TypeElement type, AnnotationMirror model, String name) {
    String className = name.isEmpty() ? type.getSimpleName() + "Network" : name;
    AnnotationValue value = Annotations.explicit(model, "name");
    String suggestion = type.getSimpleName() + "Network";
    if (!SourceVersion.isIdentifier(className) || SourceVersion.isKeyword(className)) {
      report.add(
          Message.INVALID_NAME,
          Message.INVALID_NAME.format(className, suggestion),
          type,
          model,
          value);
      return className;
    }
    String why = GeneratedNames.forClass(elements, className);
    if (why != null) {
      report.add(
          Message.RESERVED_CLASS_NAME,
          Message.RESERVED_CLASS_NAME.format(className, why, suggestion),
          type,
          model,
          value);
      return className;
    }
    String pkg = elements.getPackageOf(type).getQualifiedName().toString();
    String qualified = pkg.isEmpty() ? className : pkg + "." + className;
    TypeElement existing = elements.getTypeElement(qualified);
    if (existing != null && !implementsModel(existing, type)) {
      String what =
          existing.equals(type)
              ? "it is the model interface itself"
              : "declared as "
                  + existing.getKind().toString().toLowerCase().replace('_', ' ')
                  + " "
                  + existing.getQualifiedName();
      report.add(
          Message.NAME_TAKEN, Message.NAME_TAKEN.format(qualified, what), type, model, value);
    }
    return className;
  }

  /** A class generated for this model by an earlier build is not a clash. */
  private boolean implementsModel(TypeElement existing, TypeElement type) {
    if (existing.getKind() != ElementKind.CLASS) {
      return false;
    }
    for (TypeMirror i : existing.getInterfaces()) {
      if (types.isSameType(types.erasure(i), types.erasure(type.asType()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks one method of the model; returns false when the method cannot be a layer (so shape
   * inference over the remaining layers would be misleading).
   */
  boolean checkMethod(TypeElement type, ExecutableElement method, List<AnnotationMirror> layers) {
    String name = method.getSimpleName().toString();
    boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
    if (layers.isEmpty()) {
      if (isAbstract && !overridesObject(method, type)) {
        report.add(
            Message.MISSING_LAYER,
            Message.MISSING_LAYER.format(name + "()", type.getSimpleName(), annotationList()),
            method);
        return false;
      }
      return true;
    }
    if (!isAbstract) {
      String kind =
          method.getModifiers().contains(Modifier.STATIC)
              ? "static"
              : method.getModifiers().contains(Modifier.PRIVATE) ? "private" : "default";
      report.add(
          Message.NOT_ABSTRACT,
          Message.NOT_ABSTRACT.format(name + "()", kind),
          method,
          layers.get(0),
          null);
      return false;
    }
    if (layers.size() > 1) {
      String names =
          layers.stream()
              .map(m -> "@" + m.getAnnotationType().asElement().getSimpleName())
              .collect(Collectors.joining(", "));
      report.add(
          Message.MULTIPLE_LAYERS,
          Message.MULTIPLE_LAYERS.format(name + "()", layers.size(), names),
          method,
          layers.get(1),
          null);
      return false;
    }
    TypeElement layer = elements.getTypeElement(ModelParser.LAYER);
    if (!method.getTypeParameters().isEmpty()) {
      String found = method.getTypeParameters().size() + " type parameter(s)";
      report.add(
          Message.METHOD_PARAMETERS,
          Message.METHOD_PARAMETERS.format(name, " and no type parameters", found),
          method);
    }
    // Parameters of type Layer name the layer's inputs (graphs); any other type is misuse.
    for (VariableElement p : method.getParameters()) {
      TypeMirror t = p.asType();
      if (t.getKind() != TypeKind.ERROR
          && (layer == null || !types.isSameType(t, layer.asType()))) {
        report.add(
            Message.INPUT_TYPE,
            Message.INPUT_TYPE.format(name + "()", p.getSimpleName(), t),
            p);
      }
    }
    TypeMirror returnType = method.getReturnType();
    if (returnType.getKind() != TypeKind.ERROR
        && (layer == null || !types.isSameType(returnType, layer.asType()))) {
      report.add(Message.RETURN_TYPE, Message.RETURN_TYPE.format(name + "()", returnType), method);
    }
    String clash = reserved.get(name);
    if (clash != null) {
      report.add(Message.RESERVED_NAME, Message.RESERVED_NAME.format(name, clash), method);
    } else if (name.equals(BodyParser.INPUT)) {
      report.add(Message.INPUT_NAME, Message.INPUT_NAME.format(name + "()", "inputLayer"), method);
    }
    return true;
  }

  private boolean overridesObject(ExecutableElement method, TypeElement type) {
    TypeElement object = elements.getTypeElement("java.lang.Object");
    for (ExecutableElement m : ElementFilter.methodsIn(object.getEnclosedElements())) {
      if (m.getSimpleName().equals(method.getSimpleName())
          && (method.equals(m) || elements.overrides(method, m, type))) {
        return true;
      }
    }
    return false;
  }

  private static String annotationList() {
    return LayerParser.LAYER_ANNOTATIONS.stream()
        .map(a -> "@" + a)
        .collect(Collectors.joining(", "));
  }
}
