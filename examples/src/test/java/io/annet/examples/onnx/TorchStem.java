package io.annet.examples.onnx;

import io.annet.dsl.Input;
import io.annet.dsl.Model;
import io.annet.examples.transfer.AnyHead;

/** {@link TorchStemBody} as a backbone with a new head (three classes): a PyTorch stem reused. */
@Model(input = @Input(channels = 1, height = 12, width = 12), classes = 3,
    backbone = TorchStemBody.class, head = AnyHead.class)
public interface TorchStem {}
