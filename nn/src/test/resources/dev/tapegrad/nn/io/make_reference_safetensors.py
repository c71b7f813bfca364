"""Writes reference.safetensors, the fixture SafeTensorsTest reads (not run by the build).

Run once by hand with PyTorch and Hugging Face safetensors installed:
    python3 make_reference_safetensors.py reference.safetensors
The expected values are repeated in SafeTensorsTest.readsPyTorchReferenceFile.
"""
import math
import sys

import torch
from safetensors.torch import save_file

tensors = {
    "conv.weight": (torch.arange(8, dtype=torch.float32) * 0.5 - 1.0).reshape(2, 1, 2, 2),
    "conv.bias": torch.tensor([float("inf"), float("-inf"), -0.0], dtype=torch.float32),
    "bn.running_var": torch.tensor([math.pi, 1e-300, -2.5], dtype=torch.float64),
    "bn.num_batches_tracked": torch.tensor(7, dtype=torch.int64),  # 0-d, as in BatchNorm
    "steps": torch.tensor([-(2**62), 2**40 + 3], dtype=torch.int64),
    "empty": torch.zeros((0, 3), dtype=torch.float32),
    "naïve.权重": torch.tensor([1.5, -2.25], dtype=torch.float32),
}
metadata = {"format": "pt", "note": 'quote " backslash \\ newline \n end'}
save_file(tensors, sys.argv[1] if len(sys.argv) > 1 else "reference.safetensors", metadata=metadata)
