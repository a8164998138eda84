package io.annet.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.shape.ShapeTable;
import java.lang.reflect.Proxy;
import java.util.List;
import javax.lang.model.element.Element;
import org.junit.jupiter.api.Test;

/** The emitter on hand-built shape tables: structure, naming corner cases, determinism. */
class NetworkEmitterTest {
  private final NetworkEmitter emitter = new NetworkEmitter();

  @Test
  void outputIsDeterministic() {
    assertEquals(
        emitter.emit(TestTables.ninCifar10()).toString(),
        emitter.emit(TestTables.ninCifar10()).toString());
  }

  @Test
  void generatedClassIsFinalNetworkImplementingTheInterface() {
    String src = emitter.emit(TestTables.mnistGap()).toString();
    assertTrue(src.contains("package io.annet.golden;"), src);
    assertTrue(src.contains("@Generated(\"io.annet.processor.AnnetProcessor\")"), src);
    assertTrue(
        src.contains("public final class MnistGapNetwork extends Network implements MnistGap {"));
    assertTrue(src.contains("public static final long PARAMETERS = 19466L;"), src);
    assertTrue(
        src.contains("@Override\n  public ConvLayer conv1() {\n    return conv1;\n  }"), src);
    assertTrue(src.contains("register(conv1, pool1, block2, gap, probs);"), src);
  }

  @Test
  void originatingElementIsRecorded() {
    Element element =
        (Element)
            Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Element.class}, (p, m, a) -> null);
    JavaFile file = emitter.emit(TestTables.mnistGap(), element);
    assertEquals(List.of(element), file.typeSpec().originatingElements());
    assertTrue(emitter.emit(TestTables.mnistGap()).typeSpec().originatingElements().isEmpty());
  }

  @Test
  void implicitSoftmaxHasNoHandleAndIsNotRegistered() {
    String src = emitter.emit(TestTables.mnistFc()).toString();
    assertTrue(src.contains("softmax = new SoftmaxLayer(\"softmax\", new int[] {10}, dtype);"));
    assertTrue(src.contains("register(conv1, pool1, conv2, pool2, flatten, fc1, norm, fc2);"));
    assertFalse(src.contains("SoftmaxLayer softmax()"), src);
    assertTrue(src.contains("double loss = softmax.loss(softmaxOut, labels);"), src);
    assertTrue(src.contains("// softmax (implicit): [10] -> [10]"), src);
  }

  @Test
  void implicitSoftmaxAvoidsADeclaredLayerNamedSoftmax() {
    ShapeTable table =
        TestTables.table(
            "Odd", Shape.map(10, 4, 4), 10, false, new GlobalAvgPoolSpec("softmax"));
    String src = emitter.emit(table).toString();
    assertTrue(src.contains("private final GlobalAvgPoolLayer softmax;"), src);
    assertTrue(
        src.contains("implicitSoftmax = new SoftmaxLayer(\"softmax\", new int[] {10}, dtype);"),
        src);
    assertTrue(src.contains("register(softmax);"), src);
  }

  @Test
  void layersNamedLikeLocalsAreQualifiedWithThis() {
    ShapeTable table =
        TestTables.table(
            "Shadow",
            Shape.map(3, 8, 8),
            4,
            false,
            new ConvSpec("x", 4, Window.square(3, 1, 1), Activation.TANH, false),
            new ConvSpec("grad", 4, Window.square(3, 1, 1), Activation.SIGMOID, true),
            new ConvSpec("gradOut", 4, Window.square(1, 1, 0), Activation.RELU, true),
            new GlobalAvgPoolSpec("init"),
            new SoftmaxSpec("labels"));
    String src = emitter.emit(table).toString();
    assertTrue(src.contains("this.x = new ConvLayer(\"x\""), src);
    assertTrue(src.contains("ConvLayer.Saved xOut = this.x.forward(x, true);"), src);
    assertTrue(src.contains("a = this.x.forward(a, false).output();"), src);
    assertTrue(src.contains("this.gradOut = new ConvLayer("), src);
    assertTrue(src.contains("ConvLayer.Saved gradOutOut = this.gradOut.forward(gradOut.output()"));
    assertTrue(src.contains("grad = this.gradOut.backward(gradOutOut, grad);"), src);
    assertTrue(src.contains("this.init = new GlobalAvgPoolLayer(\"init\""), src);
    assertTrue(src.contains("double loss = this.labels.loss(labelsOut, labels);"), src);
    assertTrue(src.contains("return this.x;"), src);
  }

  @Test
  void everyConstructorFollowsTheDesignContract() {
    ShapeTable table =
        TestTables.table(
            "Kinds",
            Shape.map(2, 6, 6),
            3,
            false,
            new AvgPoolSpec("avg", new Window(2, 2, 1, 1, 0, 0, true)),
            new DropoutSpec("drop", 0.25),
            new GlobalMaxPoolSpec("gmp"),
            new DenseSpec("out", 3, Activation.LEAKY_RELU, false));
    String src = emitter.emit(table).toString();
    assertTrue(
        src.contains(
            "avg = new AvgPoolLayer(\"avg\", new int[] {2, 6, 6}, new Window(2, 2, 1, 1, 0, 0,"
                + " true), dtype);"),
        src);
    assertTrue(
        src.contains("drop = new DropoutLayer(\"drop\", new int[] {2, 6, 6}, 0.25, dtype, init);"));
    assertTrue(src.contains("gmp = new GlobalMaxPoolLayer(\"gmp\", new int[] {2, 6, 6}, dtype);"));
    assertTrue(
        src.contains(
            "out = new DenseLayer(\"out\", new int[] {2}, 3, Activation.LEAKY_RELU, false, dtype,"
                + " init);"),
        src);
    assertFalse(src.contains("classActivationMap"), src);
  }

  @Test
  void networkWithoutWeightsDeclaresNoInitializer() {
    ShapeTable table =
        TestTables.table("Pool", Shape.map(5, 4, 4), 5, false, new GlobalAvgPoolSpec("gap"));
    String src = emitter.emit(table).toString();
    assertFalse(src.contains("Initializer"), src);
    assertTrue(src.contains("return ClassActivationMaps.ofClass(maps, classIndex);"), src);
    // The GAP reads the input itself: the maps are x.
    assertTrue(src.contains("INDArray maps = checkInput(x);\n    return ClassActivationMaps"), src);
  }

  @Test
  void denseAfterGapGivesWeightedClassActivationMap() {
    String src = emitter.emit(TestTables.inceptionHead()).toString();
    assertTrue(
        src.contains("return ClassActivationMaps.weighted(maps, logits.weight(), classIndex);"));
  }

  @Test
  void fcHeadHasNoClassActivationMap() {
    assertFalse(emitter.emit(TestTables.mnistFc()).toString().contains("classActivationMap"));
  }

  @Test
  void backwardRunsInReverseOrderAndSkipsTheFirstInputGradient() {
    String src = emitter.emit(TestTables.mnistGap()).toString();
    int gap = src.indexOf("grad = gap.backward(gapOut, grad);");
    int block2 = src.indexOf("grad = block2.backward(block2Out, grad);");
    int pool1 = src.indexOf("grad = pool1.backward(pool1Out, grad);");
    int conv1 = src.indexOf("    conv1.backward(conv1Out, grad);");
    assertTrue(0 < gap && gap < block2 && block2 < pool1 && pool1 < conv1, src);
  }

  @Test
  void softmaxOnlyModelComputesLossWithoutBackward() {
    ShapeTable table =
        TestTables.table("Bare", Shape.map(4, 1, 1), 4, false, new SoftmaxSpec("probs"));
    String src = emitter.emit(table).toString();
    assertTrue(src.contains("double loss = probs.loss(probsOut, labels);\n    return loss;"), src);
    assertFalse(src.contains("backwardFromLabels"), src);
  }

  @Test
  void emptyModelIsRejectedWithAClearMessage() {
    ShapeTable table = TestTables.table("Empty", Shape.map(1, 2, 2), 2, false);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> emitter.emit(table));
    assertTrue(e.getMessage().contains("expected a model with at least one layer"));
  }

  @Test
  void nonFiniteDoublesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> KernelConstructors.javaDouble(Double.NaN));
    assertTrue(e.getMessage().contains("expected a finite double, found NaN"));
  }
}
