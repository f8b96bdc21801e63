#!/usr/bin/env python3
"""Reference trajectories for Adam *without* bias correction (checked by tests/layer5.rs).

PyTorch has no switch to turn Adam's bias correction off, so this reference is computed by
hand: the Adam recurrences written out step by step in float64 torch tensors,

    m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2,   theta <- theta - lr m / (sqrt(v) + eps),

with gradients from autograd on the Rosenbrock function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2
from (-1.2, 1.0), 60 steps (the same problem as golden.json). To show that the hand-written
loop is Adam, the script first runs it *with* the corrections m / (1 - b1^t) and
sqrt(v) / sqrt(1 - b2^t) (PyTorch's form) and asserts that it reproduces torch.optim.Adam to
1e-12; only then does it drop the two factors.

Regenerate (CI does not have PyTorch, so commit the JSON):

    /opt/torchenv/bin/python tests/golden/make_adam_nobc.py
"""

import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)

STEPS = 60
START = (-1.2, 1.0)
CASES = [
    # name, lr, beta1, beta2, eps
    ("adam_nobc", 0.05, 0.9, 0.999, 1e-8),
    ("adam_nobc_betas", 0.02, 0.8, 0.99, 1e-6),
]


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def grad_at(theta):
    p = theta.clone().requires_grad_(True)
    rosenbrock(p).backward()
    return p.grad.detach()


def by_hand(lr, b1, b2, eps, correct):
    theta = torch.tensor(START)
    m = torch.zeros(2)
    v = torch.zeros(2)
    out = []
    for t in range(1, STEPS + 1):
        g = grad_at(theta)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        if correct:
            step = (m / (1 - b1**t)) / (v.sqrt() / math.sqrt(1 - b2**t) + eps)
        else:
            step = m / (v.sqrt() + eps)
        theta = theta - lr * step
        out.append(theta.tolist())
    return out


def torch_adam(lr, b1, b2, eps):
    p = torch.tensor(START, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps)
    out = []
    for _ in range(STEPS):
        opt.zero_grad()
        rosenbrock(p).backward()
        opt.step()
        out.append(p.detach().tolist())
    return out


def main():
    cases = []
    for name, lr, b1, b2, eps in CASES:
        ref = torch_adam(lr, b1, b2, eps)
        mine = by_hand(lr, b1, b2, eps, True)
        worst = max(abs(a - b) / max(1.0, abs(b)) for ra, rb in zip(mine, ref) for a, b in zip(ra, rb))
        assert worst < 1e-12, f"{name}: the hand-written loop is not torch.optim.Adam ({worst})"
        cases.append({
            "name": name,
            "params": {"lr": lr, "beta1": b1, "beta2": b2, "eps": eps},
            "start": list(START),
            "steps": STEPS,
            "check_with_correction_max_rel": worst,
            "trajectory": by_hand(lr, b1, b2, eps, False),
        })
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adam_nobc.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
