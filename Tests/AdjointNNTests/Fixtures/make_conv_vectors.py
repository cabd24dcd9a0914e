#!/usr/bin/env python3
"""Writes conv_vectors.json: PyTorch's nn.Conv1d and nn.ConvTranspose2d in float64.

Usage: python3 make_conv_vectors.py   (torch 2.x and numpy; writes next to this script)

Each case holds the layer's arguments, its weight, bias and input, the output, and the
gradients of the scalar loss sum(upstream * output) with respect to the input, the weight
and the bias. Tensors are in PyTorch's layouts, as {"shape": [...], "data": [row-major]}:
input (N, C, L) or (N, C, H, W), Conv1d weight (out, in, k), ConvTranspose2d weight
(in, out, kh, kw); ConvolutionFixedVectorTests.swift converts them to Adjoint's channels-last ones.
The values are drawn from a seeded numpy generator, so the file is reproducible.
"""
import json
import os

import numpy as np
import torch


def tensor(t):
    a = t.detach().numpy()
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def case(layer, input_shape, rng, arguments):
    layer = layer.double()
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(rng.standard_normal(tuple(layer.weight.shape))))
        layer.bias.copy_(torch.from_numpy(rng.standard_normal(tuple(layer.bias.shape))))
    x = torch.from_numpy(rng.standard_normal(input_shape)).requires_grad_()
    out = layer(x)
    upstream = torch.from_numpy(rng.standard_normal(tuple(out.shape)))
    (upstream * out).sum().backward()
    return dict(arguments, weight=tensor(layer.weight), bias=tensor(layer.bias), input=tensor(x),
                upstream=tensor(upstream), output=tensor(out), input_grad=tensor(x.grad),
                weight_grad=tensor(layer.weight.grad), bias_grad=tensor(layer.bias.grad))


def main():
    rng = np.random.default_rng(20261206)
    conv1d = []
    for (n, c_in, length, c_out, k, stride, padding, dilation) in [
            (2, 3, 9, 4, 3, 1, 1, 1), (2, 3, 11, 2, 3, 2, 2, 2), (1, 2, 8, 3, 4, 3, 0, 1)]:
        arguments = dict(in_channels=c_in, out_channels=c_out, kernel=k, stride=stride, padding=padding, dilation=dilation)
        layer = torch.nn.Conv1d(c_in, c_out, k, stride=stride, padding=padding, dilation=dilation)
        conv1d.append(case(layer, (n, c_in, length), rng, arguments))
    transpose = []
    for (n, c_in, h, w, c_out, kernel, stride, padding, output_padding) in [
            (2, 3, 4, 5, 2, (3, 3), (1, 1), (0, 0), (0, 0)),
            (2, 4, 3, 3, 3, (4, 4), (2, 2), (1, 1), (0, 0)),
            (1, 3, 3, 4, 2, (3, 2), (2, 3), (1, 0), (1, 2))]:
        arguments = dict(in_channels=c_in, out_channels=c_out, kernel=list(kernel), stride=list(stride),
                         padding=list(padding), output_padding=list(output_padding))
        layer = torch.nn.ConvTranspose2d(c_in, c_out, kernel, stride=stride, padding=padding, output_padding=output_padding)
        transpose.append(case(layer, (n, c_in, h, w), rng, arguments))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv_vectors.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__.split("+")[0], "conv1d": conv1d, "conv_transpose2d": transpose}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
