"""The PyTorch peer of the GPU benchmark: one trial per process, as Ray Tune (fractional GPUs), Katib and NNI run
them. Run by the `command` workload (docs/command-workload.md): reads its configuration from MOPT_TRIAL_CONFIG, trains
an MLP on the shipped MNIST subset (first 8,000 images to train, last 2,000 to validate) on the device the worker gave
it (CUDA_VISIBLE_DEVICES already narrows it to one GPU), and prints one JSON line per epoch.

Config keys, as the torch workload reads them: depth, units (width of every hidden layer), lr, batchSize; Adam,
cross-entropy, ReLU, inputs scaled to [0, 1].
"""
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
from torch import nn

# The worker runs trials in its own working directory, the repository root.
ROOT = os.environ.get("MOPT_REPO", os.getcwd())


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    with open(os.environ["MOPT_TRIAL_CONFIG"]) as f:
        trial = json.load(f)
    config = trial["config"]
    device = torch.device("cuda:0" if trial["device"].startswith("cuda") and torch.cuda.is_available() else "cpu")
    torch.manual_seed(trial["seed"] % (2 ** 63))
    images = idx(os.path.join(ROOT, "data/mnist/images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255
    labels = idx(os.path.join(ROOT, "data/mnist/labels-idx1-ubyte.gz")).astype(np.int64)
    x = torch.from_numpy(images).to(device)
    y = torch.from_numpy(labels).to(device)
    x_train, y_train, x_val, y_val = x[:8000], y[:8000], x[-2000:], y[-2000:]

    depth, units = int(config.get("depth", 2)), int(config.get("units", 128))
    layers, width = [], 784
    for _ in range(depth):
        layers += [nn.Linear(width, units), nn.ReLU()]
        width = units
    model = nn.Sequential(*layers, nn.Linear(width, 10)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=float(config.get("lr", 1e-3)))
    batch = int(config.get("batchSize", 64))
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(trial["startEpoch"] + 1, trial["maxEpochs"] + 1):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x_train), device=device)
        total = torch.zeros((), device=device)
        for i in range(0, len(x_train), batch):
            index = order[i:i + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[index]), y_train[index])
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(index)
        model.eval()
        with torch.no_grad():
            accuracy = (model(x_val).argmax(1) == y_val).float().mean().item()
        print(json.dumps({"epoch": epoch, "val_accuracy": accuracy, "train_loss": total.item() / len(x_train),
                          "epoch_seconds": time.perf_counter() - start}), flush=True)


if __name__ == "__main__":
    main()
