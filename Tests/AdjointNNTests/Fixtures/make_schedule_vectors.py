#!/usr/bin/env python3
"""Writes schedule_vectors.json: torch.optim.lr_scheduler's learning rates over 25 steps in float64.

Usage: python3 make_schedule_vectors.py   (torch 2.x; writes next to this script)

Each case names the scheduler and its arguments and holds "rates": the rate after the
constructor, then after each of 25 calls of step() (step(metric) for ReduceLROnPlateau, with
the case's "metrics"), on an SGD of one parameter whose rate starts at "lr". ScheduleVectorTests.swift
builds the same schedulers and compares to 1e-12.

The OneCycleLR cases with cycle_momentum name their "optimizer" (SGD with momentum, or Adam)
and hold besides the rates "momenta", the optimizer's momentum (SGD) or beta1 (Adam) at the
same points, and "weights": the three weights after each step, the gradient set to w^3 - 0.3
before it, from "start".
"""
import json
import os

import torch
from torch.optim import lr_scheduler as s

STEPS = 25


def optimizer(lr):
    return torch.optim.SGD([torch.zeros(1, dtype=torch.float64, requires_grad=True)], lr=lr)


def run(opt, scheduler, metrics=None):
    rates = [opt.param_groups[0]["lr"]]
    for i in range(STEPS):
        opt.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[i])
        rates.append(float(opt.param_groups[0]["lr"]))
    return rates


def momentum(opt):
    group = opt.param_groups[0]
    return group["betas"][0] if "betas" in group else group["momentum"]


START = [0.5, -1.2, 2.0]


def cycled_momentum_case(optimizer_name, lr, **arguments):
    """A OneCycleLR with cycle_momentum on an optimizer of three weights that step."""
    w = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr, momentum=0.9) if optimizer_name == "SGD" else torch.optim.Adam([w], lr=lr)
    scheduler = s.OneCycleLR(opt, cycle_momentum=True, **arguments)
    rates, momenta, weights = [opt.param_groups[0]["lr"]], [momentum(opt)], []
    for _ in range(STEPS):
        with torch.no_grad():
            w.grad = w * w * w - 0.3
        opt.step()
        scheduler.step()
        rates.append(float(opt.param_groups[0]["lr"]))
        momenta.append(float(momentum(opt)))
        weights.append(w.tolist())
    arguments["cycle_momentum"] = True
    return dict(name="OneCycleLR", lr=lr, optimizer=optimizer_name, arguments=arguments, rates=rates,
                momenta=momenta, start=START, weights=weights)


def case(name, lr, make, metrics=None, **arguments):
    opt = optimizer(lr)
    out = dict(name=name, lr=lr, arguments=arguments, rates=run(opt, make(opt), metrics))
    if metrics is not None:
        out["metrics"] = metrics
    return out


def main():
    plateau_metrics = [1.0, 0.9, 0.9, 0.95, 0.91, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.79999, 0.7, 0.75,
                       0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.74, 0.74, 0.74, 0.74, 0.74]
    accuracy_metrics = [0.1, 0.2, 0.2, 0.25, 0.25, 0.25, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.31, 0.31,
                        0.31, 0.31, 0.31, 0.31, 0.31, 0.31, 0.31, 0.31, 0.31, 0.31, 0.31]
    cases = [
        case("StepLR", 0.1, lambda o: s.StepLR(o, step_size=3, gamma=0.5), step_size=3, gamma=0.5),
        case("MultiStepLR", 0.1, lambda o: s.MultiStepLR(o, milestones=[2, 5, 5, 11], gamma=0.3),
             milestones=[2, 5, 5, 11], gamma=0.3),
        case("ExponentialLR", 0.1, lambda o: s.ExponentialLR(o, gamma=0.9), gamma=0.9),
        case("CosineAnnealingLR", 0.1, lambda o: s.CosineAnnealingLR(o, T_max=8, eta_min=0.001),
             T_max=8, eta_min=0.001),
        case("CosineAnnealingWarmRestarts", 0.1,
             lambda o: s.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01), T_0=3, T_mult=2, eta_min=0.01),
        case("CosineAnnealingWarmRestarts", 0.05,
             lambda o: s.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=1, eta_min=0.0), T_0=4, T_mult=1, eta_min=0.0),
        case("LinearLR", 0.1, lambda o: s.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=6),
             start_factor=0.25, end_factor=1.0, total_iters=6),
        case("LinearLR", 0.1, lambda o: s.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=10),
             start_factor=1.0, end_factor=0.1, total_iters=10),
        case("OneCycleLR", 0.01, lambda o: s.OneCycleLR(o, max_lr=0.5, total_steps=26, pct_start=0.3,
                                                       anneal_strategy="cos", div_factor=25.0,
                                                       final_div_factor=1e4, cycle_momentum=False),
             max_lr=0.5, total_steps=26, pct_start=0.3, anneal_strategy="cos", div_factor=25.0, final_div_factor=1e4,
             cycle_momentum=False),
        case("OneCycleLR", 0.01, lambda o: s.OneCycleLR(o, max_lr=0.2, total_steps=30, pct_start=0.25,
                                                       anneal_strategy="linear", div_factor=10.0,
                                                       final_div_factor=100.0, cycle_momentum=False),
             max_lr=0.2, total_steps=30, pct_start=0.25, anneal_strategy="linear", div_factor=10.0,
             final_div_factor=100.0, cycle_momentum=False),
        cycled_momentum_case("SGD", 0.01, max_lr=0.1, total_steps=26, pct_start=0.3, anneal_strategy="cos",
                             base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e4),
        cycled_momentum_case("SGD", 0.01, max_lr=0.05, total_steps=30, pct_start=0.25, anneal_strategy="linear",
                             base_momentum=0.8, max_momentum=0.9, div_factor=10.0, final_div_factor=100.0),
        cycled_momentum_case("Adam", 0.001, max_lr=0.02, total_steps=26, pct_start=0.3, anneal_strategy="cos",
                             base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e4),
        cycled_momentum_case("Adam", 0.001, max_lr=0.01, total_steps=28, pct_start=0.4, anneal_strategy="linear",
                             base_momentum=0.8, max_momentum=0.92, div_factor=5.0, final_div_factor=50.0),
        case("ReduceLROnPlateau", 0.1, lambda o: s.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2,
                                                                    threshold=1e-4, threshold_mode="rel",
                                                                    cooldown=1, min_lr=0.004),
             plateau_metrics, mode="min", factor=0.5, patience=2, threshold=1e-4, threshold_mode="rel",
             cooldown=1, min_lr=0.004),
        case("ReduceLROnPlateau", 0.1, lambda o: s.ReduceLROnPlateau(o, mode="max", factor=0.2, patience=1,
                                                                    threshold=0.01, threshold_mode="abs",
                                                                    cooldown=0, min_lr=0.0),
             accuracy_metrics, mode="max", factor=0.2, patience=1, threshold=0.01, threshold_mode="abs",
             cooldown=0, min_lr=0.0),
        case("SequentialLR", 0.1, lambda o: s.SequentialLR(
                 o, [s.LinearLR(o, start_factor=0.1, total_iters=4), s.CosineAnnealingLR(o, T_max=10, eta_min=0.002),
                     s.ExponentialLR(o, gamma=0.8)], milestones=[4, 14]),
             schedulers="LinearLR(start_factor=0.1, total_iters=4), CosineAnnealingLR(T_max=10, eta_min=0.002), ExponentialLR(gamma=0.8)",
             milestones=[4, 14]),
        case("ChainedScheduler", 0.1, lambda o: s.ChainedScheduler(
                 [s.LinearLR(o, start_factor=0.2, total_iters=5), s.ExponentialLR(o, gamma=0.9),
                  s.StepLR(o, step_size=7, gamma=0.5)]),
             schedulers="LinearLR(start_factor=0.2, total_iters=5), ExponentialLR(gamma=0.9), StepLR(step_size=7, gamma=0.5)"),
    ]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schedule_vectors.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "steps": STEPS, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
