package io.annet.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The graph annotations read back as documented: defaults, and "no declared input" as {}. */
class GraphAnnotationsTest {

  @Block
  interface Inferred {
    @Conv(filters = 2, kernel = 1)
    Layer b1(Layer input);

    @Conv(filters = 2, kernel = 1)
    Layer b2(Layer input);

    @Concat
    Layer out(Layer b1, Layer b2);
  }

  @Block(input = @Input(channels = 1536, height = 8, width = 8))
  interface Head {
    @GlobalAvgPool
    Layer gap();

    @Add(activation = Activation.RELU)
    Layer twice(Layer gap, Layer input);
  }

  @Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
  interface Chain {
    @Repeat(3)
    @Use(Inferred.class)
    Layer mixed();
  }

  @Model(
      input = @Input(channels = 3, height = 299, width = 299),
      classes = 1000,
      backbone = Inferred.class,
      head = Head.class)
  interface Composed {}

  @Test
  void blockInputIsEmptyUnlessDeclared() {
    assertEquals(0, Inferred.class.getAnnotation(Block.class).input().length);
    Input[] declared = Head.class.getAnnotation(Block.class).input();
    assertEquals(1, declared.length);
    assertEquals(1536, declared[0].channels());
  }

  @Test
  void modelsWithoutBackboneOrHeadDefaultToVoid() {
    Model chain = Chain.class.getAnnotation(Model.class);
    assertEquals(void.class, chain.backbone());
    assertEquals(void.class, chain.head());
    Model composed = Composed.class.getAnnotation(Model.class);
    assertEquals(Inferred.class, composed.backbone());
    assertEquals(Head.class, composed.head());
  }

  @Test
  void useRepeatAndAddCarryTheirValues() throws Exception {
    var mixed = Chain.class.getMethod("mixed");
    assertEquals(3, mixed.getAnnotation(Repeat.class).value());
    assertEquals(Inferred.class, mixed.getAnnotation(Use.class).value());
    assertEquals(
        Activation.RELU,
        Head.class.getMethod("twice", Layer.class, Layer.class).getAnnotation(Add.class)
            .activation());
    assertEquals(Activation.IDENTITY, Add.class.getMethod("activation").getDefaultValue());
  }
}
