#!/usr/bin/env python3
"""
Trains PyTorch MLPs on the repository's MNIST subset as the trials of an external search: the cluster proposes the
hyperparameters and stops weak trials, this program trains. Run several copies to train trials in parallel.

    /usr/bin/python3 -m venv --system-site-packages .venv && .venv/bin/pip install --no-index --no-build-isolation ./clients/python
    MOPT_TOKEN=... .venv/bin/python examples/python/mnist_mlp.py --url http://localhost:9110 --spec examples/external-mnist.yaml

Needs torch (Debian: apt-get install python3-torch) and the client; data comes from data/mnist (10,000 digits:
the first 8,000 train, the last 2,000 validate).
"""

from __future__ import annotations

import argparse
import gzip
import struct
import time
from pathlib import Path
from typing import Optional, Tuple

import torch
from torch import nn

import modelopt_client as mo

DATA = Path(__file__).resolve().parents[2] / "data" / "mnist"


def load_mnist(limit: Optional[int] = None) -> Tuple[torch.Tensor, torch.Tensor]:
    """The shipped IDX files as float images in [0, 1] (flattened) and integer labels."""
    with gzip.open(DATA / "images-idx3-ubyte.gz") as file:
        _, count, rows, cols = struct.unpack(">IIII", file.read(16))
        images = torch.frombuffer(bytearray(file.read()), dtype=torch.uint8).reshape(count, rows * cols)
    with gzip.open(DATA / "labels-idx1-ubyte.gz") as file:
        file.read(8)
        labels = torch.frombuffer(bytearray(file.read()), dtype=torch.uint8).long()
    if limit:
        images, labels = images[:limit], labels[:limit]
    return images.float() / 255.0, labels


def build(config: dict) -> nn.Module:
    hidden = int(config["hidden"])
    return nn.Sequential(nn.Linear(784, hidden), nn.ReLU(), nn.Dropout(float(config["dropout"])), nn.Linear(hidden, 10))


def optimizer_for(model: nn.Module, config: dict) -> torch.optim.Optimizer:
    lr = float(config["lr"])
    if config["optimizer"] == "sgd":
        return torch.optim.SGD(model.parameters(), lr=lr, momentum=float(config["momentum"]))
    return torch.optim.Adam(model.parameters(), lr=lr)


def accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        return (model(images).argmax(dim=1) == labels).float().mean().item()


def train(trial: mo.Trial, images: torch.Tensor, labels: torch.Tensor) -> dict:
    """One trial: an epoch at a time, reporting validation accuracy and stopping when the search says so."""
    split = len(images) * 4 // 5
    train_x, train_y, val_x, val_y = images[:split], labels[:split], images[split:], labels[split:]
    torch.manual_seed(trial.number)
    model = build(trial.config)
    optimizer = optimizer_for(model, trial.config)
    loss_fn = nn.CrossEntropyLoss()
    batch = int(trial.config["batchSize"])
    metrics = {}
    for epoch in range(1, trial.max_epochs + 1):
        started = time.monotonic()
        model.train()
        order = torch.randperm(split)
        total = 0.0
        for start in range(0, split, batch):
            index = order[start:start + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(train_x[index]), train_y[index])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(index)
        metrics = {"train_loss": total / split, "val_accuracy": accuracy(model, val_x, val_y)}
        decision = trial.report(epoch, metrics, seconds=time.monotonic() - started)
        print(f"{trial.id} epoch {epoch}: val_accuracy {metrics['val_accuracy']:.4f}" + (f" — stop: {decision.reason}" if decision.stop else ""))
        if decision.stop:
            break
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="the command endpoint (default: MOPT_HOST, the mopt context, localhost:9110)")
    parser.add_argument("--spec", default=str(Path(__file__).resolve().parents[1] / "external-mnist.yaml"), help="submit this spec")
    parser.add_argument("--search", help="work on this existing search instead of submitting one")
    parser.add_argument("--limit", type=int, help="use only the first N digits (quick runs)")
    args = parser.parse_args()

    torch.set_num_threads(1)
    images, labels = load_mnist(args.limit)
    client = mo.connect(args.url)
    search = client.search(args.search) if args.search else client.submit(args.spec)
    print(f"search {search.id}")
    result = search.optimize(lambda trial: train(trial, images, labels))
    best = search.best()
    print(f"{search.id} {result['status']}: best {best['trialId']} val_accuracy {best['objective']:.4f} with {best['config']}" if best else "no trial completed")


if __name__ == "__main__":
    main()
