#!/usr/bin/env python3
"""Golden values for Layer 3 (momentum) from PyTorch, checked by tests/layer3.rs.

Regenerate (needs PyTorch; CI does not, so commit the JSON this writes):

    /opt/torchenv/bin/python tests/golden/make_momentum.py

It writes tests/golden/momentum.json. Everything is float64 on the CPU and deterministic.

Cases, for torch.optim.SGD(momentum=beta) with nesterov False and True:
  * "valley": the narrow valley f(x) = x1^2 + 100 x2^2 from (-1.5, 0.2), gradients by autograd,
    150 steps, at the widget's default (lr 0.006, beta 0.9), at Polyak's optimal pair
    (lr 0.016529, beta 0.669421), and at too much beta (lr 0.004, beta 0.95);
  * "fed": the same optimizer fed a fixed sequence of 40 gradients (stored in the JSON, drawn once
    from a seeded generator) by setting p.grad directly, from (0.3, -0.7) at lr 0.05 and beta 0.8:
    the update rule on gradients that flip sign and change size at random.
"""

import json
import os
import random

import torch

torch.set_default_dtype(torch.float64)


def valley(p):
    return p[0] ** 2 + 100 * p[1] ** 2


def run_valley(lr, beta, nesterov, steps=150):
    p = torch.tensor((-1.5, 0.2), requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=beta, nesterov=nesterov)
    out = []
    for _ in range(steps):
        opt.zero_grad()
        valley(p).backward()
        opt.step()
        out.append(p.detach().tolist())
    return out


def run_fed(grads, lr, beta, nesterov):
    p = torch.tensor((0.3, -0.7), requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=beta, nesterov=nesterov)
    out = []
    for g in grads:
        opt.zero_grad()
        p.grad = torch.tensor(g)
        opt.step()
        out.append(p.detach().tolist())
    return out


def main():
    rng = random.Random(20261123)
    grads = [[rng.gauss(0, 1) * 10 ** rng.uniform(-2, 1), rng.gauss(0, 1)] for _ in range(40)]
    cases = []
    for lr, beta in [(0.006, 0.9), (0.016529, 0.669421), (0.004, 0.95)]:
        for nesterov in (False, True):
            cases.append({"kind": "valley", "lr": lr, "beta": beta, "nesterov": nesterov,
                          "trajectory": run_valley(lr, beta, nesterov)})
    for nesterov in (False, True):
        cases.append({"kind": "fed", "lr": 0.05, "beta": 0.8, "nesterov": nesterov, "grads": grads,
                      "trajectory": run_fed(grads, 0.05, 0.8, nesterov)})
    out = {"torch": torch.__version__, "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "momentum.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
