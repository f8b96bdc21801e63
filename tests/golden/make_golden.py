#!/usr/bin/env python3
"""Golden trajectories from PyTorch for the Rust optimizer core (checked by tests/golden.rs).

Regenerate (needs PyTorch; CI does not have it, so commit the JSON it writes):

    /opt/torchenv/bin/python tests/golden/make_golden.py

from the repository root (or anywhere: the output path is relative to this file). It writes
tests/golden/golden.json. Everything runs in float64 on the CPU and is deterministic.

Cases:
  * "optimizers": torch.optim optimizers on the Rosenbrock function
    f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1.0), gradients by autograd, 60 steps;
    "trajectory" holds the parameters after every step and "lrs" the learning rate each step
    used (param_groups[0]["lr"] just before optimizer.step()). Optional gradient clipping
    (torch.nn.utils.clip_grad_norm_ / clip_grad_value_) runs between backward() and step();
    one case has a CosineAnnealingLR attached, stepped after every optimizer step.
  * "schedules": torch.optim.lr_scheduler schedulers on an SGD optimizer with base lr 0.1;
    "lrs"[t] is param_groups[0]["lr"] before the optimizer step t (t = 0..199), with
    optimizer.step(); scheduler.step() in the loop.
  * "tutorial_schedules": the same, for the exact settings the Layer 4 widgets use (the race's
    500-step schedules, the gallery's defaults, the range test's growing rate, the scaled
    batch's warm-up), each with its own base lr and number of steps.

Each case also records its settings ("params") and the PyTorch call ("torch") for humans; the
Rust test maps each case name to its own configuration explicitly.
"""

import json
import math
import os
import warnings

import torch

torch.set_default_dtype(torch.float64)

STEPS = 60
START = (-1.2, 1.0)
SCHEDULE_STEPS = 200
SCHEDULE_BASE_LR = 0.1


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def optimizer_case(name, make_opt, torch_call, params, clip=None, make_sched=None):
    p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    opt = make_opt([p])
    sched = make_sched(opt) if make_sched else None
    trajectory, lrs = [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        if clip is not None:
            kind, c = clip
            if kind == "norm":
                torch.nn.utils.clip_grad_norm_([p], max_norm=c)
            else:
                torch.nn.utils.clip_grad_value_([p], clip_value=c)
        lrs.append(float(opt.param_groups[0]["lr"]))
        opt.step()
        if sched is not None:
            sched.step()
        trajectory.append([float(v) for v in p.detach()])
    assert all(math.isfinite(v) for xy in trajectory for v in xy), name
    return {
        "name": name,
        "torch": torch_call,
        "params": params,
        "clip": None if clip is None else {"kind": clip[0], "value": clip[1]},
        "start": list(START),
        "steps": STEPS,
        "lrs": lrs,
        "trajectory": trajectory,
    }


def schedule_case(name, make_sched, torch_call, params, steps=SCHEDULE_STEPS, base_lr=SCHEDULE_BASE_LR):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr)
    sched = make_sched(opt)
    lrs = []
    for _ in range(steps):
        lrs.append(float(opt.param_groups[0]["lr"]))
        opt.step()
        sched.step()
    return {"name": name, "torch": torch_call, "params": params, "base_lr": base_lr, "lrs": lrs}


def optimizers():
    O = torch.optim
    cases = [
        ("sgd", lambda ps: O.SGD(ps, lr=1e-3), "SGD(lr=1e-3)", {"lr": 1e-3}),
        ("momentum", lambda ps: O.SGD(ps, lr=1e-3, momentum=0.9), "SGD(lr=1e-3, momentum=0.9)",
         {"lr": 1e-3, "momentum": 0.9}),
        ("nesterov", lambda ps: O.SGD(ps, lr=1e-3, momentum=0.9, nesterov=True),
         "SGD(lr=1e-3, momentum=0.9, nesterov=True)", {"lr": 1e-3, "momentum": 0.9}),
        ("momentum_wd",
         lambda ps: O.SGD(ps, lr=1e-3, momentum=0.9, dampening=0.0, weight_decay=0.1),
         "SGD(lr=1e-3, momentum=0.9, dampening=0, weight_decay=0.1)",
         {"lr": 1e-3, "momentum": 0.9, "weight_decay": 0.1}),
        ("adagrad", lambda ps: O.Adagrad(ps, lr=0.1), "Adagrad(lr=0.1)", {"lr": 0.1, "eps": 1e-10}),
        ("rmsprop", lambda ps: O.RMSprop(ps, lr=0.01), "RMSprop(lr=0.01)",
         {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}),
        ("rmsprop_alpha09", lambda ps: O.RMSprop(ps, lr=0.01, alpha=0.9), "RMSprop(lr=0.01, alpha=0.9)",
         {"lr": 0.01, "alpha": 0.9, "eps": 1e-8}),
        ("adam", lambda ps: O.Adam(ps, lr=0.05), "Adam(lr=0.05)",
         {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
        ("adam_l2", lambda ps: O.Adam(ps, lr=0.05, weight_decay=0.1), "Adam(lr=0.05, weight_decay=0.1)",
         {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1}),
        ("adamw", lambda ps: O.AdamW(ps, lr=0.05, weight_decay=0.01), "AdamW(lr=0.05, weight_decay=0.01)",
         {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}),
        ("adamw_wd05", lambda ps: O.AdamW(ps, lr=0.05, weight_decay=0.5), "AdamW(lr=0.05, weight_decay=0.5)",
         {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.5}),
        ("adam_betas", lambda ps: O.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6),
         "Adam(lr=0.05, betas=(0.8, 0.99), eps=1e-6)",
         {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    ]
    out = [optimizer_case(n, mk, call, prm) for n, mk, call, prm in cases]
    out.append(optimizer_case(
        "sgd_clip_norm", lambda ps: O.SGD(ps, lr=1e-3),
        "clip_grad_norm_(max_norm=1.0); SGD(lr=1e-3)", {"lr": 1e-3}, clip=("norm", 1.0)))
    out.append(optimizer_case(
        "sgd_clip_value", lambda ps: O.SGD(ps, lr=1e-3),
        "clip_grad_value_(clip_value=0.5); SGD(lr=1e-3)", {"lr": 1e-3}, clip=("value", 0.5)))
    out.append(optimizer_case(
        "adam_clip_norm", lambda ps: O.Adam(ps, lr=0.05),
        "clip_grad_norm_(max_norm=1.0); Adam(lr=0.05)",
        {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, clip=("norm", 1.0)))
    out.append(optimizer_case(
        "adam_cosine", lambda ps: O.Adam(ps, lr=0.05),
        "Adam(lr=0.05) with CosineAnnealingLR(T_max=60)",
        {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "t_max": 60, "eta_min": 0.0},
        make_sched=lambda opt: O.lr_scheduler.CosineAnnealingLR(opt, T_max=60)))
    return out


def schedules():
    S = torch.optim.lr_scheduler
    out = [
        schedule_case("multistep", lambda o: S.MultiStepLR(o, milestones=[60, 120, 160], gamma=0.5),
                      "MultiStepLR(milestones=[60, 120, 160], gamma=0.5)",
                      {"milestones": [60, 120, 160], "gamma": 0.5}),
        schedule_case("exponential", lambda o: S.ExponentialLR(o, gamma=math.exp(-0.02)),
                      "ExponentialLR(gamma=exp(-0.02))", {"gamma": math.exp(-0.02)}),
        schedule_case("polynomial", lambda o: S.PolynomialLR(o, total_iters=150, power=2.0),
                      "PolynomialLR(total_iters=150, power=2.0)", {"total_iters": 150, "power": 2.0}),
        schedule_case("linear", lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=150),
                      "LinearLR(start_factor=1.0, end_factor=0.1, total_iters=150)",
                      {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 150}),
        # Only t <= T_max: after T_max the Rust closed form holds eta_min by convention.
        schedule_case("cosine", lambda o: S.CosineAnnealingLR(o, T_max=200, eta_min=0.001),
                      "CosineAnnealingLR(T_max=200, eta_min=0.001)", {"t_max": 200, "eta_min": 0.001},
                      steps=min(SCHEDULE_STEPS, 200 + 1)),
        schedule_case("cosine_restarts_30x2",
                      lambda o: S.CosineAnnealingWarmRestarts(o, T_0=30, T_mult=2, eta_min=0.0),
                      "CosineAnnealingWarmRestarts(T_0=30, T_mult=2, eta_min=0.0)",
                      {"t0": 30, "t_mult": 2, "eta_min": 0.0}),
        schedule_case("cosine_restarts_50", lambda o: S.CosineAnnealingWarmRestarts(o, T_0=50, T_mult=1),
                      "CosineAnnealingWarmRestarts(T_0=50, T_mult=1)", {"t0": 50, "t_mult": 1, "eta_min": 0.0}),
        schedule_case("inverse_time", lambda o: S.LambdaLR(o, lambda t: 1.0 / (1.0 + 0.05 * t)),
                      "LambdaLR(lambda t: 1/(1 + 0.05 t))", {"rate": 0.05, "power": 1.0}),
        schedule_case("inverse_sqrt", lambda o: S.LambdaLR(o, lambda t: (1.0 + t) ** -0.5),
                      "LambdaLR(lambda t: (1 + t)**-0.5)", {"rate": 1.0, "power": 0.5}),
        schedule_case("warmup_cosine",
                      lambda o: S.SequentialLR(
                          o,
                          [S.LinearLR(o, start_factor=0.01, end_factor=1.0, total_iters=20),
                           S.CosineAnnealingLR(o, T_max=180)],
                          milestones=[20]),
                      "SequentialLR([LinearLR(start_factor=0.01, end_factor=1.0, total_iters=20), "
                      "CosineAnnealingLR(T_max=180)], milestones=[20])",
                      {"warmup": 20, "start_factor": 0.01, "t_max": 180, "eta_min": 0.0}),
        schedule_case("one_cycle",
                      lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=200, pct_start=0.3, div_factor=25.0,
                                             final_div_factor=1e4, cycle_momentum=False,
                                             anneal_strategy="cos"),
                      "OneCycleLR(max_lr=0.1, total_steps=200, pct_start=0.3, div_factor=25, "
                      "final_div_factor=1e4, cycle_momentum=False, anneal_strategy='cos')",
                      {"total_steps": 200, "pct_start": 0.3, "div_factor": 25.0, "final_div_factor": 1e4}),
    ]
    return out


def tutorial_schedules():
    """The settings of the Layer 4 widgets (src/core/layer4.rs)."""
    S = torch.optim.lr_scheduler
    growth = (10.0 / 1e-4) ** (1.0 / 99)
    return [
        schedule_case("race_sqrt", lambda o: S.LambdaLR(o, lambda t: (1.0 + t) ** -0.5),
                      "LambdaLR(lambda t: (1 + t)**-0.5)", {"rate": 1.0, "power": 0.5}, steps=500, base_lr=0.1),
        schedule_case("race_cosine", lambda o: S.CosineAnnealingLR(o, T_max=500),
                      "CosineAnnealingLR(T_max=500)", {"t_max": 500, "eta_min": 0.0}, steps=500, base_lr=0.05),
        schedule_case("race_warmup_cosine",
                      lambda o: S.SequentialLR(
                          o,
                          [S.LinearLR(o, start_factor=0.01, end_factor=1.0, total_iters=20),
                           S.CosineAnnealingLR(o, T_max=480)],
                          milestones=[20]),
                      "SequentialLR([LinearLR(start_factor=0.01, end_factor=1.0, total_iters=20), "
                      "CosineAnnealingLR(T_max=480)], milestones=[20])",
                      {"warmup": 20, "start_factor": 0.01, "t_max": 480}, steps=500, base_lr=0.1),
        schedule_case("gallery_polynomial_lr", lambda o: S.PolynomialLR(o, total_iters=200, power=2.0),
                      "PolynomialLR(total_iters=200, power=2.0)", {"total_iters": 200, "power": 2.0}),
        schedule_case("gallery_linear", lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=200),
                      "LinearLR(start_factor=1.0, end_factor=0.1, total_iters=200)",
                      {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 200}),
        schedule_case("gallery_cosine", lambda o: S.CosineAnnealingLR(o, T_max=200),
                      "CosineAnnealingLR(T_max=200)", {"t_max": 200, "eta_min": 0.0}),
        schedule_case("gallery_restarts_40x2",
                      lambda o: S.CosineAnnealingWarmRestarts(o, T_0=40, T_mult=2, eta_min=0.0),
                      "CosineAnnealingWarmRestarts(T_0=40, T_mult=2, eta_min=0.0)",
                      {"t0": 40, "t_mult": 2, "eta_min": 0.0}),
        schedule_case("finder_growth", lambda o: S.ExponentialLR(o, gamma=growth),
                      "ExponentialLR(gamma=(10/1e-4)**(1/99)) on lr=1e-4", {"gamma": growth}, steps=100, base_lr=1e-4),
        schedule_case("scaling_warmup", lambda o: S.LinearLR(o, start_factor=1.0 / 8, end_factor=1.0, total_iters=10),
                      "LinearLR(start_factor=1/8, end_factor=1.0, total_iters=10) on lr=0.08",
                      {"start_factor": 0.125, "total_iters": 10}, steps=60, base_lr=0.08),
    ]


def main():
    with warnings.catch_warnings():
        # SequentialLR steps its second scheduler with an explicit epoch (deprecated API).
        warnings.simplefilter("ignore", UserWarning)
        data = {
            "generator": "tests/golden/make_golden.py",
            "torch_version": torch.__version__,
            "dtype": "float64",
            "optimizers": optimizers(),
            "schedules": schedules(),
            "tutorial_schedules": tutorial_schedules(),
        }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {len(data['optimizers'])} optimizer cases, {len(data['schedules'])} schedule cases, "
          f"{len(data['tutorial_schedules'])} tutorial schedule cases")


if __name__ == "__main__":
    main()
