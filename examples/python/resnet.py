#!/usr/bin/python3
"""PyTorch twin of Tapegrad's `resnet` example (examples/.../SmallResNet.java, ResNetSteps.java).

The small ResNet of issue 11 on a fixed batch of 64 images 1x28x28: a 3x3 stem of 16 channels, three basic
residual blocks of 16, 32 and 64 channels (3x3 convs without bias, BatchNorm2d, ReLU, a 1x1 conv + BatchNorm
shortcut where the shape changes, stride 2 in the last two), adaptive average pooling and a linear head;
SGD lr 0.01 momentum 0.9, cross-entropy. Prints each step's time and the time since process start, then the
first-10-steps time from process start and the steady step time (median of the last half).

Needs:  apt-get install -y python3-torch
Run:    OMP_NUM_THREADS=2 /usr/bin/python3 examples/python/resnet.py [--steps 40]
"""
import os
import time


def process_start():
    """Wall-clock time at which this process started (Linux /proc), else now."""
    try:
        with open("/proc/self/stat") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return time.time() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.time()


START = process_start()

os.environ.setdefault("OMP_NUM_THREADS", "2")

import argparse
import statistics

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(cin, cout, k, stride):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False)


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = conv(cin, cout, 3, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = conv(cout, cout, 3, 1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = stride != 1 or cin != cout
        if self.down:
            self.down_conv = conv(cin, cout, 1, stride)
            self.down_bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        s = self.down_bn(self.down_conv(x)) if self.down else x
        return F.relu(y + s)


class SmallResNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = conv(1, 16, 3, 1)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1 = Block(16, 16, 1)
        self.layer2 = Block(16, 32, 2)
        self.layer3 = Block(32, 64, 2)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--batch-size", type=int, default=64)
    a = p.parse_args()
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    torch.manual_seed(0)
    model = SmallResNet(10)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    g = torch.Generator().manual_seed(1)
    images = torch.randint(0, 256, (a.batch_size, 1, 28, 28), generator=g).float() / 255
    labels = torch.randint(0, 10, (a.batch_size,), generator=g)
    times = []
    first_ten = float("nan")
    for step in range(a.steps):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        opt.step()
        times.append((time.perf_counter() - t0) * 1e3)
        since = time.time() - START
        if step == 9:
            first_ten = since
        print(f"step {step:3d}  {times[-1]:8.2f} ms  loss {loss.item():.4f}  {since:6.2f} s since start", flush=True)
    tail = times[a.steps // 2:]
    print(f"first 10 steps from process start: {first_ten:.2f} s")
    print(f"steady step (median of the last {len(tail)}): {statistics.median(tail):.2f} ms")


if __name__ == "__main__":
    main()
