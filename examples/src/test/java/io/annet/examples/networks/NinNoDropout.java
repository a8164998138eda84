package io.annet.examples.networks;

import io.annet.dsl.AvgPool;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.MlpConv;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/** The NIN CIFAR-10 model of Lin, Chen and Yan (2014) without its dropout, for gradient checks. */
@Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
public interface NinNoDropout {
  @MlpConv(filters = {192, 160, 96}, kernel = 5, padding = 2)
  Layer block1();

  @MaxPool(kernel = 3, stride = 2, same = true)
  Layer pool1();

  @MlpConv(filters = {192, 192, 192}, kernel = 5, padding = 2)
  Layer block2();

  @AvgPool(kernel = 3, stride = 2, same = true)
  Layer pool2();

  @MlpConv(filters = {192, 192, 10}, kernel = 3, padding = 1)
  Layer block3();

  @GlobalAvgPool
  Layer gap();

  @Softmax
  Layer probs();
}
