package io.annet.processor.emit;

import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/** The factories every generated network has: {@code create}, {@code load} and {@code copy}. */
final class FactoryMethods {
  private FactoryMethods() {}

  /** Adds {@code create(seed)}, {@code create(seed, dtype)}, {@code load(path)}, {@code copy()}. */
  static void add(TypeSpec.Builder type, ClassName self) {
    type.addMethod(
        MethodSpec.methodBuilder("create")
            .addJavadoc("A float32 network with weights drawn from {@code seed}.\n")
            .addModifiers(PUBLIC, STATIC)
            .returns(self)
            .addParameter(TypeName.LONG, "seed")
            .addStatement("return new $T($T.FLOAT, seed)", self, RuntimeTypes.DATA_TYPE)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("create")
            .addJavadoc(
                "A network of {@code dtype} (e.g. DOUBLE for gradient checks) with weights drawn\n"
                    + "from {@code seed}.\n")
            .addModifiers(PUBLIC, STATIC)
            .returns(self)
            .addParameter(TypeName.LONG, "seed")
            .addParameter(RuntimeTypes.DATA_TYPE, "dtype")
            .addStatement("return new $T(dtype, seed)", self)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("load")
            .addJavadoc(
                "Reads a checkpoint written by {@link #save}; fails on another architecture.\n")
            .addModifiers(PUBLIC, STATIC)
            .returns(self)
            .addParameter(RuntimeTypes.PATH, "path")
            .addException(RuntimeTypes.IO_EXCEPTION)
            .addStatement("$T network = new $T($T.FLOAT, 0L)", self, self, RuntimeTypes.DATA_TYPE)
            .addStatement("network.restore(path)")
            .addStatement("return network")
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("copy")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .returns(self)
            .addStatement("$T copy = new $T(dataType(), 0L)", self, self)
            .addStatement("copy.copyParametersFrom(this)")
            .addStatement("return copy")
            .build());
  }
}
