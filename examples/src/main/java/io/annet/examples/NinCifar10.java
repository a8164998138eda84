package io.annet.examples;

import io.annet.dsl.AvgPool;
import io.annet.dsl.Dropout;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.MlpConv;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/**
 * The CIFAR-10 model of "Network In Network" (Lin, Chen and Yan, ICLR 2014): three mlpconv blocks,
 * pooling and dropout between them, and global average pooling over ten class maps instead of fully
 * connected layers.
 */
@Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
public interface NinCifar10 {
  /** [3, 32, 32] -> [96, 32, 32]: 5x5 conv with 192 maps, then 1x1 convs to 160 and 96. */
  @MlpConv(
      filters = {192, 160, 96},
      kernel = 5,
      padding = 2)
  Layer block1();

  /** [96, 32, 32] -> [96, 16, 16]. */
  @MaxPool(kernel = 3, stride = 2, padding = 1)
  Layer pool1();

  /** Unchanged shape; active in training only. */
  @Dropout(rate = 0.5)
  Layer drop1();

  /** [96, 16, 16] -> [192, 16, 16]. */
  @MlpConv(
      filters = {192, 192, 192},
      kernel = 5,
      padding = 2)
  Layer block2();

  /** [192, 16, 16] -> [192, 8, 8]. */
  @AvgPool(kernel = 3, stride = 2, padding = 1)
  Layer pool2();

  /** Unchanged shape; active in training only. */
  @Dropout(rate = 0.5)
  Layer drop2();

  /** [192, 8, 8] -> [10, 8, 8]: the last 1x1 conv yields one map per class. */
  @MlpConv(
      filters = {192, 192, 10},
      kernel = 3,
      padding = 1)
  Layer block3();

  /** [10, 8, 8] -> [10]. */
  @GlobalAvgPool
  Layer gap();

  /** [10] -> [10]. */
  @Softmax
  Layer probs();
}
