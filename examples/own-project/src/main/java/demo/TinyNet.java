package demo;

import io.annet.dsl.Conv;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.MlpConv;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
public interface TinyNet {
  @Conv(filters = 16, kernel = 3, padding = 1)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @MlpConv(filters = {32, 10}, kernel = 3, padding = 1)
  Layer block2();

  @GlobalAvgPool
  Layer gap();

  @Softmax
  Layer probs();
}
