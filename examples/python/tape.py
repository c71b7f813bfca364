#!/usr/bin/python3
"""PyTorch's tape overhead on the workload of Tapegrad's TapeBenchmark.

Install (Debian/Ubuntu):  sudo apt-get install -y python3-torch
                          (or: python3 -m pip install torch, for PyTorch's own build)
Run from the repository:  OMP_NUM_THREADS=2 /usr/bin/python3 examples/python/tape.py
Tapegrad right after:     ./tapegrad bench TapeBenchmark -f 1 -wi 3 -i 5     (its score is µs per op)

y = y*a + b repeated 5,000 times (10,000 recorded ops) on 1-element FLOAT32 tensors, then backward: the cost
of recording and walking the graph, not of arithmetic. Prints microseconds per op, median over the
repetitions after a warm-up, for forward + backward, forward alone (recording) and forward without grad.
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "2")          # before torch is imported

import argparse
import statistics
import time

import torch

torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
STEPS = 5_000
OPS = 2 * STEPS


def median_ms(fn, reps, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--numel", type=int, default=1, help="elements per tensor (TapeBenchmark: 1)")
    args = ap.parse_args()
    a = torch.full((args.numel,), 0.999, requires_grad=True)
    b = torch.full((args.numel,), 0.001, requires_grad=True)
    x = torch.ones(args.numel, requires_grad=True)

    def forward():
        y = x
        for _ in range(STEPS):
            y = y * a + b
        return y.sum()

    def forward_backward():
        a.grad = b.grad = x.grad = None
        forward().backward()

    def no_grad():
        with torch.no_grad():
            forward()

    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, y = y*a + b x {STEPS} ({OPS} ops), "
          f"{args.numel}-element FLOAT32 tensors", flush=True)
    for name, fn in (("forward + backward", forward_backward), ("forward (recording)", forward),
                     ("forward, no grad", no_grad)):
        print(f"{name:<22} {median_ms(fn, args.reps) * 1e3 / OPS:8.3f} µs per op", flush=True)


if __name__ == "__main__":
    main()
