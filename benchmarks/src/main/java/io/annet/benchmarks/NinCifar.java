package io.annet.benchmarks;

import io.annet.dsl.AvgPool;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.MlpConv;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/**
 * NIN-CIFAR as benchmarked: the Network-in-Network CIFAR model without dropout ({@link
 * Arch#ninCifar()}).
 */
@Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
public interface NinCifar {
  /** [3, 32, 32] -> [96, 32, 32]. */
  @MlpConv(filters = {192, 160, 96}, kernel = 5, padding = 2)
  Layer block1();

  /** [96, 32, 32] -> [96, 15, 15]. */
  @MaxPool(kernel = 3, stride = 2)
  Layer pool1();

  /** [96, 15, 15] -> [192, 15, 15]. */
  @MlpConv(filters = {192, 192, 192}, kernel = 5, padding = 2)
  Layer block2();

  /** [192, 15, 15] -> [192, 7, 7]. */
  @AvgPool(kernel = 3, stride = 2)
  Layer pool2();

  /** [192, 7, 7] -> [10, 7, 7]. */
  @MlpConv(filters = {192, 192, 10}, kernel = 3, padding = 1)
  Layer block3();

  /** [10, 7, 7] -> [10]. */
  @GlobalAvgPool
  Layer gap();

  /** [10] -> [10]. */
  @Softmax
  Layer probs();
}
