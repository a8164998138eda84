package io.annet.bad;

/** A model nested in an anonymous class: as invisible to processors as a local one. */
class AnonymousMemberModel {
  Object holder =
      new Object() {
        @io.annet.dsl.Model(
            input = @io.annet.dsl.Input(channels = 1, height = 8, width = 8),
            classes = 4)
        interface Nested {
          @io.annet.dsl.Conv(filters = 4, kernel = 3)
          io.annet.dsl.Layer conv();

          @io.annet.dsl.GlobalAvgPool
          io.annet.dsl.Layer gap();
        }
      };
}
