#!/usr/bin/python3
"""PyTorch's times for the workloads of Tapegrad's ConvBenchmark, PoolBenchmark and GemmBenchmark.

Install (Debian/Ubuntu):  sudo apt-get install -y python3-torch libopenblas0-pthread
                          (or: python3 -m pip install torch numpy, for PyTorch's own build)
Run from the repository:  OMP_NUM_THREADS=2 /usr/bin/python3 examples/python/kernels.py [--only conv,pool,gemm]
Tapegrad right after:     ./tapegrad bench "ConvBenchmark|PoolBenchmark|GemmBenchmark.sgemm$" -f 1 -wi 3 -i 5

Same shapes, FLOAT32, 2 threads. Prints one line per workload: median and best wall-clock milliseconds over
the repetitions after a warm-up (and GFLOP/s for conv and GEMM, a multiply-add counted as 2 FLOPs).
Shared machines are noisy: compare ratios from runs made one right after the other.
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "2")          # before torch is imported
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import argparse
import statistics
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))

# name, N, Cin, Cout, H, W, k, stride, padding, groups: ConvBenchmark's @Param shapes
CONV_SHAPES = [
    ("c3to64_32x32_k3s1p1", 32, 3, 64, 32, 32, 3, 1, 1, 1),
    ("c64to128_16x16_k3s1p1", 32, 64, 128, 16, 16, 3, 1, 1, 1),
    ("lenet_conv1_c1to6_28x28_k5s1p2", 64, 1, 6, 28, 28, 5, 1, 2, 1),
    ("lenet_conv2_c6to16_14x14_k5s1p0", 64, 6, 16, 14, 14, 5, 1, 0, 1),
    ("resnet_c64to64_56x56_k3s1p1", 8, 64, 64, 56, 56, 3, 1, 1, 1),
    ("strided_c64to128_32x32_k3s2p1", 32, 64, 128, 32, 32, 3, 2, 1, 1),
    ("depthwise_c64to64_g64_32x32_k3s1p1", 32, 64, 64, 32, 32, 3, 1, 1, 64),
]


def bench(fn, reps, warmup=3):
    """Median and best milliseconds of reps calls after warmup calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times)


def report(name, median, best, flop=None):
    rate = f"  {flop / (median * 1e-3) / 1e9:7.1f} GFLOP/s" if flop else ""
    print(f"{name:<52} {median:9.3f} ms (best {best:.3f}){rate}", flush=True)


def conv(reps):
    g = torch.Generator().manual_seed(0)
    for name, n, cin, cout, h, w, k, s, p, groups in CONV_SHAPES:
        x = torch.randn(n, cin, h, w, generator=g)
        wt = torch.randn(cout, cin // groups, k, k, generator=g) * 0.1
        b = torch.randn(cout, generator=g)
        ho, wo = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        flop = 2.0 * n * cout * ho * wo * (cin // groups) * k * k
        with torch.no_grad():
            report(f"conv2d {name} forward", *bench(lambda: F.conv2d(x, wt, b, s, p, 1, groups), reps), flop)
        xr, wr, br = (t.clone().requires_grad_(True) for t in (x, wt, b))
        gy = torch.randn(n, cout, ho, wo, generator=g)

        def forward_backward():
            xr.grad = wr.grad = br.grad = None
            F.conv2d(xr, wr, br, s, p, 1, groups).backward(gy)

        # forward, input gradient and weight gradient: three products of the forward's size
        report(f"conv2d {name} forward+backward", *bench(forward_backward, reps), 3 * flop)


def pool(reps):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(32, 64, 32, 32, generator=g)
    gy = torch.randn(32, 64, 16, 16, generator=g)
    for kind, fn in (("max", F.max_pool2d), ("avg", F.avg_pool2d)):
        with torch.no_grad():
            report(f"{kind}_pool2d 2x2 s2 (32,64,32,32) forward", *bench(lambda: fn(x, 2, 2), reps))
        xr = x.clone().requires_grad_(True)

        def forward_backward():
            xr.grad = None
            fn(xr, 2, 2).backward(gy)

        report(f"{kind}_pool2d 2x2 s2 (32,64,32,32) fwd+bwd", *bench(forward_backward, reps))


def gemm(reps):
    g = torch.Generator().manual_seed(2)
    for n in (512, 1024):
        a = torch.randn(n, n, generator=g)
        b = torch.randn(n, n, generator=g)
        report(f"sgemm {n}^3 torch.mm", *bench(lambda: torch.mm(a, b), reps, warmup=2), 2.0 * n ** 3)
        if torch.backends.mkldnn.is_available():     # oneDNN's inner product, what nn.Linear can use
            am, bm = a.to_mkldnn(), b.t().contiguous().to_mkldnn()
            report(f"sgemm {n}^3 oneDNN linear", *bench(lambda: torch._C._nn.mkldnn_linear(am, bm, None), reps,
                                                       warmup=2), 2.0 * n ** 3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="conv,pool,gemm", help="comma-separated: conv, pool, gemm")
    ap.add_argument("--reps", type=int, default=15)
    args = ap.parse_args()
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, FLOAT32", flush=True)
    for section in args.only.split(","):
        {"conv": conv, "pool": pool, "gemm": gemm}[section](args.reps)


if __name__ == "__main__":
    main()
