"""Checks that Hugging Face safetensors (and PyTorch) accept a file written by SafeTensors.write.

Run by hand, not by the build:  python3 check_java_written_safetensors.py FILE
Prints every tensor as PyTorch and NumPy load it; any rejection raises.
"""
import sys

import safetensors.numpy
from safetensors import safe_open

path = sys.argv[1]
with safe_open(path, framework="pt") as f:
    print("metadata:", f.metadata())
    for name in f.keys():
        t = f.get_tensor(name)
        print(repr(name), t.dtype, tuple(t.shape), t.flatten()[:6].tolist())
arrays = safetensors.numpy.load_file(path)
print({name: (a.dtype, a.shape) for name, a in arrays.items()})
print("accepted by safetensors", safetensors.__version__)
