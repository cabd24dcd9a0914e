"""Writes the PyTorch weights the PyTorchWeights tests load, with PyTorch's outputs to match.

Run once from this folder with torch and safetensors installed; the tests only read the files:

    python make_torch_weights.py

- torch_layers_f64.safetensors / torch_layers_f32.safetensors: the state_dict of `Layers`
  below (one small module of each kind the loader converts), in float64 and in float32,
  written by `safetensors.torch.save_file` as a PyTorch user would.
- torch_layers_io.safetensors: each layer's input `<name>.input` (float64, PyTorch's layout:
  NCHW maps, NCL sequences, batch-first recurrent and attention inputs, embedding ids as
  floats) and its eval-mode output from the float64 model `<name>.output` and from the
  float32 model on the same input rounded to float32 `<name>.output32`.
- lenet_f32.safetensors / lenet_io.safetensors: the PyTorch tutorial's LeNet (float32, on
  1x32x32 inputs) and two inputs with its outputs.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file


class Layers(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(5, 3)
        self.conv2d = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.conv_transpose2d = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1)
        self.conv1d = nn.Conv1d(3, 4, 3, padding=2, dilation=2)
        self.embedding = nn.Embedding(10, 4)
        self.batch_norm1d = nn.BatchNorm1d(4)
        self.batch_norm2d = nn.BatchNorm2d(3)
        self.layer_norm = nn.LayerNorm(5)
        self.group_norm = nn.GroupNorm(2, 4)
        self.lstm = nn.LSTM(3, 4, num_layers=2, batch_first=True)
        self.gru = nn.GRU(3, 4, num_layers=2, batch_first=True)
        self.attention = nn.MultiheadAttention(8, 2, batch_first=True)
        # A Sequential that flattens an NCHW map into a Linear: keys seq.0.*, seq.4.*.
        self.seq = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2 * 3 * 3, 3))


class LeNet(nn.Module):
    """The network of PyTorch's "Neural Networks" tutorial."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def inputs():
    g = torch.Generator().manual_seed(1)
    r = lambda *shape: torch.randn(*shape, generator=g, dtype=torch.float64)
    return {
        "linear": r(2, 5),
        "conv2d": r(2, 3, 6, 6),
        "conv_transpose2d": r(2, 3, 4, 4),
        "conv1d": r(2, 3, 8),
        "embedding": torch.tensor([[1, 9, 3], [0, 3, 7]], dtype=torch.float64),
        "batch_norm1d": r(3, 4),
        "batch_norm2d": r(2, 3, 4, 4),
        "layer_norm": r(2, 3, 5),
        "group_norm": r(2, 4, 3, 3),
        "lstm": r(2, 5, 3),
        "gru": r(2, 5, 3),
        "attention": r(2, 4, 8),
        "seq": r(2, 1, 8, 8),
    }


def run(model, name, x):
    layer = getattr(model, name)
    if name == "embedding":
        return layer(x.long())
    if name in ("lstm", "gru"):
        return layer(x)[0]
    if name == "attention":
        return layer(x, x, x, need_weights=False)[0]
    return layer(x)


def main():
    torch.manual_seed(0)
    model = Layers().double()
    with torch.no_grad():
        # Parameters that start at 1 or 0 would hide a swapped weight and bias.
        for norm in (model.batch_norm1d, model.batch_norm2d, model.layer_norm, model.group_norm):
            norm.weight.uniform_(0.5, 1.5)
            norm.bias.uniform_(-0.5, 0.5)
        model.attention.in_proj_bias.uniform_(-0.5, 0.5)
        model.attention.out_proj.bias.uniform_(-0.5, 0.5)
    # Running statistics other than 0 and 1: a few training batches, then evaluation.
    model.train()
    g = torch.Generator().manual_seed(2)
    for _ in range(3):
        model.batch_norm1d(torch.randn(8, 4, generator=g, dtype=torch.float64) * 2 + 1)
        model.batch_norm2d(torch.randn(4, 3, 5, 5, generator=g, dtype=torch.float64) * 3 - 1)
    model.eval()
    single = Layers().float()
    single.load_state_dict(model.state_dict())
    single.eval()

    io = {}
    with torch.no_grad():
        for name, x in inputs().items():
            io[f"{name}.input"] = x
            io[f"{name}.output"] = run(model, name, x).double().contiguous()
            io[f"{name}.output32"] = run(single, name, x.float()).double().contiguous()
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, "torch_layers_f64.safetensors")
    save_file({k: v.contiguous() for k, v in single.state_dict().items()}, "torch_layers_f32.safetensors")
    save_file(io, "torch_layers_io.safetensors")

    torch.manual_seed(3)
    lenet = LeNet().eval()
    images = torch.randn(2, 1, 32, 32, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        scores = lenet(images)
    save_file(lenet.state_dict(), "lenet_f32.safetensors")
    save_file({"input": images, "output": scores}, "lenet_io.safetensors")


if __name__ == "__main__":
    main()
