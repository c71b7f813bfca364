#!/usr/bin/python3
"""PyTorch twin of Tapegrad's `vit` example: a tiny Vision Transformer on Fashion-MNIST.

Same architecture, state-dict names, initialisation and recipe as examples/.../Vit.java, so the two can
be compared back to back and checkpoints move between them (safetensors):
  7x7 patches -> 16 tokens (Linear 49 -> 64) + a class token, learned positional embedding (17 x 64),
  2 pre-norm blocks (LayerNorm, 4-head self-attention, LayerNorm, MLP 64 -> 128 -> GELU -> 64),
  final LayerNorm, linear head on the class token. AdamW lr 1e-3, batch 64, pixels / 255, shuffled,
  last partial batch kept. Prints images/s and test accuracy after each epoch.

Install Debian's PyTorch:  apt-get install -y python3-torch dataset-fashion-mnist
Run on 2 threads:          OMP_NUM_THREADS=2 /usr/bin/python3 examples/python/vit.py [--data DIR] [--epochs N]
Time one attention block:  OMP_NUM_THREADS=2 /usr/bin/python3 examples/python/vit.py --bench-block
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "2")

import argparse
import gzip
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

WIDTH, HEADS, MLP, DEPTH, PATCH, CLASSES = 64, 4, 128, 2, 7, 10


class Block(nn.Module):
    """Pre-norm transformer block: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, width=WIDTH, heads=HEADS, mlp=MLP):
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, mlp), nn.GELU(), nn.Linear(mlp, width))

    def forward(self, x):
        h = self.norm1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    def __init__(self):
        super().__init__()
        tokens = (28 // PATCH) ** 2
        self.cls_token = nn.Parameter(torch.randn(1, 1, WIDTH) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(1, tokens + 1, WIDTH) * 0.02)
        self.patch_embed = nn.Linear(PATCH * PATCH, WIDTH)
        self.blocks = nn.ModuleList([Block() for _ in range(DEPTH)])
        self.norm = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, CLASSES)

    def forward(self, x):
        b = x.shape[0]
        g = 28 // PATCH
        # [B, 1, 28, 28] -> [B, 4, 7, 4, 7] -> [B, 4, 4, 7, 7] -> [B, 16, 49]: patches in row-major order
        p = x.reshape(b, g, PATCH, g, PATCH).permute(0, 1, 3, 2, 4).reshape(b, g * g, PATCH * PATCH)
        t = torch.cat([self.cls_token.expand(b, -1, -1), self.patch_embed(p)], dim=1) + self.pos_embed
        for blk in self.blocks:
            t = blk(t)
        return self.head(self.norm(t[:, 0]))  # LayerNorm is per token: same as norm(t)[:, 0]


def load_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(data_dir):
    def find(stem):
        for name in (stem + ".gz", stem):
            if os.path.exists(os.path.join(data_dir, name)):
                return os.path.join(data_dir, name)
        raise FileNotFoundError(os.path.join(data_dir, stem))

    img = lambda s: torch.from_numpy(load_idx(find(s)).astype(np.float32) / 255.0).unsqueeze(1)
    lab = lambda s: torch.from_numpy(load_idx(find(s)).astype(np.int64))
    return (img("train-images-idx3-ubyte"), lab("train-labels-idx1-ubyte"),
            img("t10k-images-idx3-ubyte"), lab("t10k-labels-idx1-ubyte"))


def evaluate(model, x, y, bs=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], bs):
            correct += (model(x[i:i + bs]).argmax(1) == y[i:i + bs]).sum().item()
    model.train()
    return correct / x.shape[0]


def train(args):
    torch.manual_seed(args.seed)
    tr_x, tr_y, te_x, te_y = load(args.data)
    n = tr_x.shape[0]
    model = ViT()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
    print(f"ViT, {sum(p.numel() for p in model.parameters())} parameters; adamw lr {args.lr}, batch {args.batch_size}, "
          f"{args.epochs} epochs, torch {torch.__version__}, {torch.get_num_threads()} threads")
    gperm = torch.Generator().manual_seed(args.seed)
    for ep in range(1, args.epochs + 1):
        perm = torch.randperm(n, generator=gperm)
        t0 = time.perf_counter()
        loss_sum, steps = 0.0, 0
        for i in range(0, n, args.batch_size):
            idx = perm[i:i + args.batch_size]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(tr_x[idx]), tr_y[idx])
            loss.backward()
            opt.step()
            loss_sum += loss.item()
            steps += 1
        dt = time.perf_counter() - t0
        acc = evaluate(model, te_x, te_y)
        print(f"epoch {ep}/{args.epochs}: train loss {loss_sum / steps:.4f}, test accuracy {acc:.4f}, "
              f"{n / dt:.0f} images/s ({dt:.1f} s)", flush=True)
    if args.save:
        from safetensors.torch import save_file  # optional: pip/apt python3-safetensors
        save_file(model.state_dict(), args.save)
    print(f"test accuracy: {acc:.4f}")


def bench_block(reps=200, warmup=50):
    """One Block's forward + backward on [64, 17, 64], as examples/bench/AttentionBenchmark.java."""
    torch.manual_seed(0)
    block = Block()
    x = torch.randn(64, 17, WIDTH, requires_grad=True)
    g = torch.randn(64, 17, WIDTH)
    times = []
    for r in range(warmup + reps):
        t0 = time.perf_counter()
        block.zero_grad(set_to_none=True)
        x.grad = None
        block(x).backward(g)
        if r >= warmup:
            times.append(time.perf_counter() - t0)
    print(f"attention block [64, 17, 64] forward+backward: median {statistics.median(times) * 1e6:.0f} us "
          f"(torch {torch.__version__}, {torch.get_num_threads()} threads)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save", help="write the trained model's state dict as safetensors to this file")
    ap.add_argument("--bench-block", action="store_true", help="time one attention block instead of training")
    a = ap.parse_args()
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    bench_block() if a.bench_block else train(a)
