#!/usr/bin/env python3
"""A stand-in trainer for the `command` workload (Python 3, standard library only).

It reads the trial from the JSON file named by MOPT_TRIAL_CONFIG, "trains" a toy model whose validation accuracy
follows a learning curve set by the hyperparameters, and prints one JSON line per epoch. Swap the body of
`train_one_epoch` for real training and keep the printing: that is the whole protocol.

Hyperparameters read from the config: lr (float), width (int), optimizer (sgd|adam), momentum (float, sgd only).
Like a real trainer, it diverges when the learning rate is far too high for Adam: its loss turns NaN, which the
workload reports as a non-finite-loss failure.
"""
import json
import math
import os
import random
import sys
import time


def quality(config):
    """How good the final model would be, in [0, 1]: best near lr=1e-2 (sgd) or 1e-3 (adam), and wider is better."""
    best_log_lr = -2.0 if config["optimizer"] == "sgd" else -3.0
    lr_fit = math.exp(-((math.log10(config["lr"]) - best_log_lr) ** 2) / 0.8)
    width_fit = 1.0 - 8.0 / (config["width"] + 8.0)
    momentum_bonus = 0.05 * config.get("momentum", 0.0) if config["optimizer"] == "sgd" else 0.05
    return min(1.0, lr_fit * width_fit + momentum_bonus)


def train_one_epoch(config, epoch, rng):
    """Returns the epoch's metrics; a real trainer would run its data through the model here."""
    if config["optimizer"] == "adam" and config["lr"] > 0.3 and epoch >= 2:
        return {"val_accuracy": 0.1, "loss": float("nan")}
    q = quality(config)
    speed = 0.3 + 0.7 * q
    accuracy = 0.1 + 0.88 * q * (1.0 - math.exp(-speed * epoch)) + rng.gauss(0.0, 0.005)
    accuracy = max(0.0, min(1.0, accuracy))
    return {"val_accuracy": round(accuracy, 5), "loss": round(-math.log(max(accuracy, 1e-6)), 5)}


def main():
    with open(os.environ["MOPT_TRIAL_CONFIG"], encoding="utf-8") as f:
        trial = json.load(f)
    config = trial["config"]
    rng = random.Random(trial["seed"])
    seconds_per_epoch = float(os.environ.get("TRAIN_SECONDS_PER_EPOCH", "0.05"))
    print(f"trial {trial['trialId']}: {config} on {trial['device']}", flush=True)

    metrics = {}
    for epoch in range(trial["startEpoch"] + 1, trial["maxEpochs"] + 1):
        metrics = train_one_epoch(config, epoch, rng)
        time.sleep(seconds_per_epoch)
        # One JSON line per epoch, flushed at once: stdout to a pipe is block-buffered otherwise.
        print(json.dumps({"epoch": epoch, "metrics": metrics}), flush=True)
        if trial["checkpointDir"]:
            with open(os.path.join(trial["checkpointDir"], "last.json"), "w", encoding="utf-8") as f:
                json.dump({"epoch": epoch, "metrics": metrics}, f)

    print(json.dumps({"final": metrics}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
