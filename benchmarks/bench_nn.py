"""Networks: the issue's results and speed, measured (run on demand, never in unit tests).

    python benchmarks/bench_nn.py [--threads 2] [--repeat 3] [--only results|speed]

Results: digits and moons accuracy with the default MLP (and the digits wall time),
diabetes median test R² over seeds 0, 1, 2 next to linear least squares, the 20-step
match with PyTorch (float64, SGD and Adam), and the 10-layer vanishing-gradient study.
Speed: one epoch (batch 128, Adam) of digits (64-64-64-10) and of a 784-512-512-10 MLP
on 8192 random samples, against PyTorch CPU and scikit-learn's MLPClassifier, all with
the same number of BLAS/torch threads.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
import warnings

import numpy as np
from threadpoolctl import threadpool_limits

import gradstep as gs
from gradstep import nn, optim
from gradstep.data import BatchLoader, load_dataset
from gradstep.nn.diagnostics import vanishing_gradients
from gradstep.nn.recipe import (
    TrainSettings,
    dataset_for,
    linear_baseline_r2,
    model_for,
    optimizer_for,
    resolve,
)
from gradstep.nn.training import fit


def default_run(name: str, seed: int = 0):
    s = resolve(TrainSettings(dataset=name, seed=seed))
    start = time.perf_counter()
    data = dataset_for(s)
    model = model_for(s, data)
    history = fit(
        model,
        data,
        optimizer=optimizer_for(s, model),
        epochs=s.epochs,
        batch_size=s.batch_size,
        seed=s.seed,
        progress=False,
    )
    return history, time.perf_counter() - start, data


def torch_match(kind: str) -> float:
    import torch

    net = nn.MLP([4, 16, 16, 3], activation="tanh", seed=0, dtype=np.float64)
    ref = net.to_torch()
    ours = (
        optim.SGD(net.parameters(), lr=0.1)
        if kind == "sgd"
        else optim.Adam(net.parameters(), lr=0.01)
    )
    theirs = (
        torch.optim.SGD(ref.parameters(), lr=0.1)
        if kind == "sgd"
        else torch.optim.Adam(ref.parameters(), lr=0.01)
    )
    rng = np.random.default_rng(7)
    worst = 0.0
    for _ in range(20):
        xb, yb = rng.normal(size=(16, 4)), rng.integers(0, 3, 16)
        ours.zero_grad()
        nn.cross_entropy(net(gs.tensor(xb)), yb).backward()
        ours.step()
        theirs.zero_grad()
        torch.nn.functional.cross_entropy(ref(torch.tensor(xb)), torch.tensor(yb)).backward()
        theirs.step()
        for a, b in zip(net.parameters(), ref.parameters(), strict=True):
            w = a.numpy()
            diff = np.abs((w.T if w.ndim == 2 else w) - b.detach().numpy()).max()
            worst = max(worst, float(diff))
    return worst


def results() -> None:
    print("## results")
    for name in ("digits", "moons"):
        h, seconds, _ = default_run(name)
        print(
            f"{name}: test accuracy {h.final['test_accuracy']:.4f} in {seconds:.2f} s "
            f"({h.epochs} epochs)"
        )
    r2, lin = [], []
    for seed in (0, 1, 2):
        h, _, data = default_run("diabetes", seed)
        r2.append(h.final["test_r2"])
        lin.append(linear_baseline_r2(data))
    print(
        f"diabetes R² seeds 0,1,2: MLP {np.round(r2, 3).tolist()} median "
        f"{statistics.median(r2):.3f}; least squares {np.round(lin, 3).tolist()} median "
        f"{statistics.median(lin):.3f}"
    )
    lin10 = [linear_baseline_r2(load_dataset("diabetes", seed=s)) for s in range(10)]
    print(f"least squares mean over seeds 0-9: {np.mean(lin10):.3f}")
    for kind in ("sgd", "adam"):
        print(f"PyTorch match, 20 {kind} steps, float64: max |Δw| = {torch_match(kind):.2e}")
    study = vanishing_gradients(depth=10, seed=0)
    for name, norms in study.norms.items():
        print(f"vanishing, {name}: first layer {norms[0]:.3e}, last {norms[-1]:.3e}")
    print(f"sigmoid/relu first-layer ratio: {study.ratio():.2e}")


def _ours_epoch(sizes, x, y, seed=0) -> float:
    model = nn.MLP(sizes, seed=seed)
    opt = optim.Adam(model.parameters(), lr=1e-3)
    loader = BatchLoader(x, y, 128, np.random.default_rng(seed))
    start = time.perf_counter()
    for xb, yb in loader:
        opt.zero_grad()
        gs.cross_entropy(model(xb), yb).backward()
        opt.step()
    return time.perf_counter() - start


def _torch_epoch(sizes, x, y, seed=0) -> float:
    import torch

    torch.manual_seed(seed)
    layers = []
    for i, (a, b) in enumerate(itertools.pairwise(sizes)):
        layers.append(torch.nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
    order = torch.from_numpy(np.random.default_rng(seed).permutation(len(x)))
    start = time.perf_counter()
    for i in range(0, len(x), 128):
        idx = order[i : i + 128]
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(tx[idx]), ty[idx]).backward()
        opt.step()
    return time.perf_counter() - start


def _sklearn_epoch(sizes, x, y, seed=0) -> float:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=tuple(sizes[1:-1]),
        batch_size=128,
        max_iter=1,
        learning_rate_init=1e-3,
        random_state=seed,
        shuffle=True,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(x, y)
    return time.perf_counter() - start


def speed(threads: int, repeat: int) -> None:
    import torch

    torch.set_num_threads(threads)
    digits = load_dataset("digits", seed=0)
    rng = np.random.default_rng(0)
    big_x = rng.normal(size=(8192, 784)).astype(np.float32)
    big_y = rng.integers(0, 10, 8192)
    cases = [
        ("digits 64-64-64-10", [64, 64, 64, 10], digits.x_train, digits.y_train),
        ("random 784-512-512-10", [784, 512, 512, 10], big_x, big_y),
    ]
    print(f"## speed (one epoch, batch 128, Adam; {threads} threads; best of {repeat})")
    print("| case | gradstep | PyTorch | scikit-learn | gradstep / PyTorch |")
    print("| --- | --- | --- | --- | --- |")
    with threadpool_limits(threads):
        for label, sizes, x, y in cases:
            t = {
                name: min(f(sizes, x, y) for _ in range(repeat))
                for name, f in (
                    ("ours", _ours_epoch),
                    ("torch", _torch_epoch),
                    ("sklearn", _sklearn_epoch),
                )
            }
            print(
                f"| {label} | {t['ours'] * 1e3:.1f} ms | {t['torch'] * 1e3:.1f} ms | "
                f"{t['sklearn'] * 1e3:.1f} ms | {t['ours'] / t['torch']:.2f}× |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("results", "speed"))
    args = parser.parse_args()
    with threadpool_limits(args.threads):
        if args.only != "speed":
            results()
    if args.only != "results":
        speed(args.threads, args.repeat)


if __name__ == "__main__":
    main()
