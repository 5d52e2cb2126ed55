#!/usr/bin/env python3
"""
Ask/tell round trips from K client processes, for the ask-tell benchmark: against a ModelOpt.Cluster external search
(through clients/python) or against Optuna's ask/tell on its JournalFileStorage. Each process runs Branin trials
(ask, sample two floats, tell the value) for the given seconds after a short warm-up; prints one JSON line with the
trial count, the round-trip percentiles and the rate.

    ask_tell_peer.py modelopt --clients 4 --seconds 15 --url http://127.0.0.1:28210 --token T --search ID
    ask_tell_peer.py optuna --clients 4 --seconds 15 --journal /tmp/optuna.log
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import time

WARM_UP = 5


def branin(x0: float, x1: float) -> float:
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x1 - b * x0 ** 2 + c * x0 - 6) ** 2 + 10 * (1 - t) * math.cos(x0) + 10


def modelopt_worker(args: argparse.Namespace, index: int, start: float, results) -> None:
    import modelopt_client as mo

    search = mo.connect(args.url, token=args.token, name=f"bench-{index}").search(args.search)
    latencies, done = [], 0
    while time.time() < start + args.seconds:
        began = time.perf_counter()
        trial = search.ask(wait=20)
        if trial is None:
            continue
        trial.complete({"value": branin(float(trial.config["x0"]), float(trial.config["x1"]))})
        done += 1
        if done > WARM_UP and time.time() >= start:
            latencies.append((time.perf_counter() - began) * 1000)
    results.put(latencies)


def optuna_worker(args: argparse.Namespace, index: int, start: float, results) -> None:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(args.journal))
    study = optuna.load_study(study_name="ask-tell", storage=storage, sampler=optuna.samplers.RandomSampler(seed=index))
    latencies, done = [], 0
    while time.time() < start + args.seconds:
        began = time.perf_counter()
        trial = study.ask()
        value = branin(trial.suggest_float("x0", -5, 10), trial.suggest_float("x1", 0, 15))
        study.tell(trial, value)
        done += 1
        if done > WARM_UP and time.time() >= start:
            latencies.append((time.perf_counter() - began) * 1000)
    results.put(latencies)


def percentile(values, q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("peer", choices=["modelopt", "optuna"])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--search")
    parser.add_argument("--journal")
    args = parser.parse_args()

    if args.peer == "optuna":
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(args.journal))
        optuna.create_study(study_name="ask-tell", storage=storage, direction="minimize")
        version = optuna.__version__
    else:
        version = "clients/python"

    worker = optuna_worker if args.peer == "optuna" else modelopt_worker
    results = multiprocessing.Queue()
    # Measuring starts two seconds after the processes are created, so start-up and imports are not counted.
    start = time.time() + 2
    processes = [multiprocessing.Process(target=worker, args=(args, i, start, results)) for i in range(args.clients)]
    for process in processes:
        process.start()
    latencies = []
    for _ in processes:
        latencies.extend(results.get())
    for process in processes:
        process.join()
    print(json.dumps({
        "peer": args.peer, "version": version, "clients": args.clients, "seconds": args.seconds, "trials": len(latencies),
        "p50_ms": round(percentile(latencies, 0.5), 3), "p99_ms": round(percentile(latencies, 0.99), 3),
        "trials_per_s": round(len(latencies) / args.seconds, 1),
    }))


if __name__ == "__main__":
    main()
