#!/usr/bin/env python3
"""Writes optimizer_vectors.json: torch.optim's parameter trajectories over 20 steps in float64.

Usage: python3 make_optimizer_vectors.py   (torch 2.x and numpy; writes next to this script)

Every case optimises two parameters, "weight" (2, 3) and "bias" (3,), from the same start,
with the gradient of the fixed loss sum(a w^2 / 2 + w^4 / 4 + t w) per parameter, written out
as g = a * w + w * w * w + t (so it depends on the weights, and Swift computes it with the same
operations). Each case holds the optimizer's name and arguments, its parameter groups (the
parameters' names and each group's own settings), "halveAt" (after that many steps every
group's learning rate is halved, 0 for never), the start, a and t, and the parameters after
each of the 20 steps, with "defaults": the optimizer's arguments as torch resolved them (the
numeric and boolean ones), which the Swift test passes in full. The values come from a seeded numpy generator, so the file is reproducible.
"""
import json
import os

import numpy as np
import torch

STEPS = 20
SHAPES = {"weight": (2, 3), "bias": (3,)}
# The arguments Adjoint's optimizers take (torch's others, such as maximize, stay at their defaults).
USED = {"lr", "momentum", "dampening", "nesterov", "weight_decay", "betas", "eps", "alpha", "centered",
        "lr_decay", "initial_accumulator_value"}

CASES = {
    "sgd": ("SGD", {"lr": 0.1}),
    "sgd_weight_decay": ("SGD", {"lr": 0.1, "weight_decay": 0.05}),
    "sgd_momentum": ("SGD", {"lr": 0.05, "momentum": 0.9}),
    "sgd_dampening": ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    "sgd_nesterov": ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    "sgd_momentum_weight_decay_halved": ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 5e-4}, 10),
    "adam": ("Adam", {"lr": 0.01}),
    "adam_weight_decay": ("Adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    "adamw": ("AdamW", {"lr": 0.01}),
    "adamw_weight_decay_halved": ("AdamW", {"lr": 0.02, "betas": (0.85, 0.995), "weight_decay": 0.3}, 10),
    "rmsprop": ("RMSprop", {"lr": 0.01}),
    "rmsprop_momentum": ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weight_decay": 0.01}),
    "rmsprop_centered": ("RMSprop", {"lr": 0.01, "eps": 1e-6, "centered": True}),
    "rmsprop_centered_momentum": ("RMSprop", {"lr": 0.005, "alpha": 0.95, "momentum": 0.8, "centered": True, "weight_decay": 0.02}),
    "adagrad": ("Adagrad", {"lr": 0.1}),
    "adagrad_options": ("Adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.01,
                                    "initial_accumulator_value": 0.1, "eps": 1e-8}),
}

# Two groups: the weight with its own decay, the bias with its own rate and no decay.
GROUP_CASES = {
    "sgd_groups": ("SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01},
                   [{"params": ["weight"], "weight_decay": 5e-4}, {"params": ["bias"], "lr": 0.02, "weight_decay": 0}], 10),
    "adamw_groups": ("AdamW", {"lr": 0.01, "weight_decay": 0.1},
                     [{"params": ["weight"]}, {"params": ["bias"], "lr": 0.003, "weight_decay": 0}], 0),
}


def pack(a):
    return {"shape": list(a.shape), "data": [float(v) for v in np.asarray(a).reshape(-1)]}


def run(optimizer_name, options, groups, halve_at, rng):
    start = {name: rng.uniform(-1.5, 1.5, shape) for name, shape in SHAPES.items()}
    a = {name: rng.uniform(0.2, 2.0, shape) for name, shape in SHAPES.items()}
    t = {name: rng.uniform(-1.0, 1.0, shape) for name, shape in SHAPES.items()}
    parameters = {name: torch.tensor(value, dtype=torch.float64, requires_grad=True) for name, value in start.items()}
    torch_groups = [{**{k: v for k, v in g.items() if k != "params"}, "params": [parameters[p] for p in g["params"]]}
                    for g in groups]
    optimizer = getattr(torch.optim, optimizer_name)(torch_groups, **options)
    trajectory = {name: [] for name in SHAPES}
    for step in range(1, STEPS + 1):
        for name, w in parameters.items():
            at, tt = torch.from_numpy(a[name]), torch.from_numpy(t[name])
            wd = w.detach()
            w.grad = at * wd + wd * wd * wd + tt
        optimizer.step()
        for name, w in parameters.items():
            trajectory[name].append([float(v) for v in w.detach().reshape(-1)])
        if step == halve_at:
            for group in optimizer.param_groups:
                group["lr"] *= 0.5
    defaults = {k: (list(v) if isinstance(v, tuple) else v) for k, v in optimizer.defaults.items()
                if isinstance(v, (bool, int, float, tuple)) and k in USED}
    return {"optimizer": optimizer_name, "defaults": defaults, "groups": groups, "halveAt": halve_at,
            "start": {k: pack(v) for k, v in start.items()}, "a": {k: pack(v) for k, v in a.items()},
            "t": {k: pack(v) for k, v in t.items()}, "trajectory": trajectory}


def main():
    torch.set_default_dtype(torch.float64)
    rng = np.random.default_rng(20261206)
    out = {}
    for name, (optimizer, options, *rest) in CASES.items():
        out[name] = run(optimizer, options, [{"params": ["weight", "bias"]}], rest[0] if rest else 0, rng)
    for name, (optimizer, options, groups, halve_at) in GROUP_CASES.items():
        out[name] = run(optimizer, options, groups, halve_at, rng)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizer_vectors.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(out)} cases to {path}; torch {torch.__version__}")


if __name__ == "__main__":
    main()
