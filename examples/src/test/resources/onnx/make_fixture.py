#!/usr/bin/python3
"""Writes the foreign ONNX fixtures of PyTorchImportTest: a small CNN in PyTorch, the twin of the
Annet interface io.annet.examples.onnx.TorchTwin, exported by torch.onnx.export twice:

  torch_twin_folded.onnx  evaluation-mode export (PyTorch folds each BatchNorm into its Conv)
  torch_twin_bn.onnx      the same weights with the BatchNorm nodes kept (TrainingMode.PRESERVE)
  torch_twin_expected.txt the fixed input and PyTorch's softmax output for it

Made with Debian's python3-torch 1.13.1 (apt-get install python3-torch):
  cd examples/src/test/resources/onnx && python3 make_fixture.py
The test itself needs no Python: it reads the committed files.
"""
import torch
import torch.nn as nn


class TorchTwin(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 3, padding=1, bias=False),
            nn.BatchNorm2d(6),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.res = nn.Conv2d(6, 6, 3, padding=1, bias=False)
        self.res_bn = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 8, (3, 1), padding=(1, 0))
        self.pool2 = nn.AvgPool2d(2)
        self.fc1 = nn.Linear(8 * 3 * 3, 16)
        self.fc2 = nn.Linear(16, 4)

    def forward(self, x):
        x = self.features(x)
        x = torch.relu(self.res_bn(self.res(x)) + x)
        x = self.pool2(torch.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.fc2(torch.relu(self.fc1(x)))
        return torch.softmax(x, dim=1)


def main():
    torch.manual_seed(20261206)
    model = TorchTwin()
    with torch.no_grad():  # batch-norm statistics and affine parameters far from 0 and 1
        for bn in (model.features[1], model.res_bn):
            bn.running_mean.uniform_(-0.5, 0.5)
            bn.running_var.uniform_(0.5, 2.0)
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.2, 0.2)
    model.eval()
    x = torch.randn(3, 1, 12, 12)
    with torch.no_grad():
        expected = model(x)
    names = dict(input_names=["image"], output_names=["probabilities"],
                 dynamic_axes={"image": {0: "N"}, "probabilities": {0: "N"}}, opset_version=13)
    torch.onnx.export(model, x, "torch_twin_folded.onnx", **names)
    torch.onnx.export(model, x, "torch_twin_bn.onnx", training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False, **names)
    with open("torch_twin_expected.txt", "w") as f:
        f.write("# input [3, 1, 12, 12] then PyTorch's output [3, 4], c-order, one value a line\n")
        for v in x.flatten().tolist() + expected.flatten().tolist():
            f.write(repr(v) + "\n")


if __name__ == "__main__":
    main()
