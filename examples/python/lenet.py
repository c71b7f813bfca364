#!/usr/bin/python3
"""PyTorch's LeNet-5 on Fashion-MNIST with the recipe of Tapegrad's `lenet` example, for a side-by-side run.

Install (Debian/Ubuntu):  sudo apt-get install -y python3-torch python3-numpy
                          sudo apt-get install -y dataset-fashion-mnist      (the full set, for --data)
                          (or: python3 -m pip install torch numpy, for PyTorch's own build)
Run from the repository:  OMP_NUM_THREADS=2 /usr/bin/python3 examples/python/lenet.py [--data [DIR]] [--epochs N]
Tapegrad right after:     ./tapegrad lenet [--data [DIR]] [--epochs N]

Without --data both train on the sample shipped in examples/src/main/resources (4000 training, 1000 test
images, 10 epochs); --data DIR reads the official IDX files (gzipped) from DIR, and a bare --data reads
Debian's /usr/share/datasets/fashion-mnist (3 epochs). Recipe: pixels / 255, SGD lr 0.01 momentum 0.9,
batch 64, shuffled every epoch, last partial batch kept, cross-entropy. Prints, per epoch, images/s of
training (batching included), the mean training loss and the test accuracy; then the time of one training
step on a fixed batch (what Tapegrad's TrainStepBenchmark measures with model=lenet), and last `test accuracy: 0.XXXX`.
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "2")          # before torch is imported

import argparse
import gzip
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "src", "main", "resources", "dev", "tapegrad", "examples", "fashion-mnist-sample")
DEBIAN = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """An IDX file (gzipped or not) as a numpy array of unsigned bytes."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(directory):
    def find(name):
        for candidate in (name, name + ".gz"):
            if os.path.isfile(os.path.join(directory, candidate)):
                return os.path.join(directory, candidate)
        raise SystemExit(f"lenet.py: {name} (or {name}.gz) not found in {directory}")

    def images(name):
        return torch.from_numpy(read_idx(find(name)).astype(np.float32) / 255.0).unsqueeze(1)

    def labels(name):
        return torch.from_numpy(read_idx(find(name)).astype(np.int64))

    return (images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
            images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))


class LeNet5(nn.Module):
    """Tapegrad's examples/LeNet5: conv 5x5 pad 2, ReLU, max-pool 2, conv 5x5, ReLU, max-pool 2, 120, 84, 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc3(F.relu(self.fc2(x)))


def accuracy(model, x, y, batch=1000):
    model.eval()
    with torch.no_grad():
        correct = sum((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
                      for i in range(0, x.shape[0], batch))
    model.train()
    return correct / x.shape[0]


def step_ms(train_x, train_y, batch, reps=50, warmup=10):
    """Median milliseconds of one training step on a fixed batch, fresh model."""
    torch.manual_seed(0)
    model = LeNet5()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    xb, yb = train_x[:batch], train_y[:batch]
    times = []
    for i in range(warmup + reps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(xb), yb).backward()
        opt.step()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", nargs="?", const=DEBIAN, default=None, help="directory of the full set")
    ap.add_argument("--epochs", type=int, default=None, help="default 10 on the sample, 3 on the full set")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    epochs = args.epochs or (3 if args.data else 10)
    train_x, train_y, test_x, test_y = load(args.data or SAMPLE)
    n = train_x.shape[0]
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads; Fashion-MNIST "
          f"{'from ' + args.data if args.data else 'sample'}: {n} train, {test_x.shape[0]} test", flush=True)

    torch.manual_seed(args.seed)
    model = LeNet5()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    shuffle = torch.Generator().manual_seed(args.seed)
    acc = 0.0
    for epoch in range(1, epochs + 1):
        perm = torch.randperm(n, generator=shuffle)
        t0 = time.perf_counter()
        loss_sum, steps = 0.0, 0
        for i in range(0, n, args.batch_size):
            idx = perm[i:i + args.batch_size]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(train_x[idx]), train_y[idx])
            loss.backward()
            opt.step()
            loss_sum += loss.item()
            steps += 1
        seconds = time.perf_counter() - t0
        acc = accuracy(model, test_x, test_y)
        print(f"epoch {epoch}: {n / seconds:8.0f} images/s, loss {loss_sum / steps:.4f}, test accuracy {acc:.4f}",
              flush=True)
    print(f"one step on a fixed batch of {args.batch_size}: {step_ms(train_x, train_y, args.batch_size):.3f} ms "
          f"(median)", flush=True)
    print(f"test accuracy: {acc:.4f}")


if __name__ == "__main__":
    main()
