"""Optuna's TPE on the searcher-quality suite, for the comparison in docs/benchmarks.md (Debian's python3-optuna).

usage: /usr/bin/python3 optuna_reference.py [--function suite|<name>[,<name>...]] [--trials 100] [--seeds 10]
                                            [--first-seed 1] [--mode univariate|multivariate|both]
                                            [--concurrent 1] [--constant-liar]
Prints one JSON object per function and mode, shaped like the searcher-quality benchmark's results. The functions,
domains and known minima are the ones of src/ModelOpt.Search/Functions. With --concurrent q, q trials are in flight
through ask/tell, each taking a random time (uniform in [0.5, 1.5], drawn from the seed) and a new one asked as soon
as one finishes, as in searcher-quality's --concurrent; --constant-liar turns on TPESampler's constant_liar.
"""
import argparse
import heapq
import json
import math
import random
import statistics
import time
import warnings

import optuna


def box(trial, n, low, high):
    return [trial.suggest_float(f"x{i}", low, high) for i in range(n)]


H6_ALPHA = [1.0, 1.2, 3.0, 3.2]
H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H6_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
        [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
H3_P = [[0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547], [0.0381, 0.5743, 0.8828]]


def hartmann(x, a, p):
    return -sum(H6_ALPHA[i] * math.exp(-sum(a[i][j] * (x[j] - p[i][j]) ** 2 for j in range(len(x)))) for i in range(4))


def rosenbrock_of(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def branin(trial):
    x, y = trial.suggest_float("x0", -5, 10), trial.suggest_float("x1", 0, 15)
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


def camel(trial):
    x, y = trial.suggest_float("x0", -3, 3), trial.suggest_float("x1", -2, 2)
    return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y


def levy(trial):
    w = [1 + (v - 1) / 4 for v in box(trial, 6, -10, 10)]
    total = math.sin(math.pi * w[0]) ** 2
    total += sum((wi - 1) ** 2 * (1 + 10 * math.sin(math.pi * wi + 1) ** 2) for wi in w[:-1])
    return total + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


def griewank(trial):
    x = box(trial, 8, -600, 600)
    return sum(v * v / 4000 for v in x) - math.prod(math.cos(v / math.sqrt(i + 1)) for i, v in enumerate(x)) + 1


def michalewicz(trial):
    x = box(trial, 5, 0, math.pi)
    return -sum(math.sin(v) * math.sin((i + 1) * v * v / math.pi) ** 20 for i, v in enumerate(x))


SHIFTS = {"a": -1.5, "b": 2.0, "c": 1.0, "d": 0.0, "e": 0.5}


def mixed_rosenbrock(trial):
    x0, x1 = trial.suggest_float("x0", -2, 2), trial.suggest_float("x1", -2, 2)
    x2 = trial.suggest_int("x2", -2, 2)
    shift = trial.suggest_categorical("shift", list(SHIFTS))
    return rosenbrock_of([x0, x1, x2, SHIFTS[shift]])


FUNCTIONS = {
    "branin": (branin, 0.397887357729739),
    "hartmann6": (lambda t: hartmann(box(t, 6, 0, 1), H6_A, H6_P), -3.32236801141551),
    "rosenbrock": (lambda t: rosenbrock_of(box(t, 2, -2, 2)), 0.0),
    "hartmann3": (lambda t: hartmann(box(t, 3, 0, 1), H3_A, H3_P), -3.86278214782076),
    "camel": (camel, -1.031628453489877),
    "levy": (levy, 0.0),
    "griewank": (griewank, 0.0),
    "michalewicz": (michalewicz, -4.687658179),
    "mixed-rosenbrock": (mixed_rosenbrock, 0.0),
}


def best_with_in_flight(study, objective, trials, concurrent, seed):
    """Runs the study with `concurrent` trials in flight; returns the best value found."""
    durations = random.Random(f"{seed}/trial-durations")
    running = []  # (end time, start order, trial, value)
    now, started = 0.0, 0
    while started < trials or running:
        while started < trials and len(running) < concurrent:
            trial = study.ask()
            heapq.heappush(running, (now + durations.uniform(0.5, 1.5), started, trial, objective(trial)))
            started += 1
        now, _, trial, value = heapq.heappop(running)
        study.tell(trial, value)
    return study.best_value


parser = argparse.ArgumentParser()
parser.add_argument("--function", default="hartmann6")
parser.add_argument("--trials", type=int, default=100)
parser.add_argument("--seeds", type=int, default=10)
parser.add_argument("--first-seed", type=int, default=1)
parser.add_argument("--concurrent", type=int, default=1)
parser.add_argument("--constant-liar", action="store_true")
parser.add_argument("--mode", default="both", choices=["univariate", "multivariate", "both"])
args = parser.parse_args()
names = list(FUNCTIONS) if args.function == "suite" else args.function.split(",")
if args.concurrent < 1 or args.seeds < 1 or args.first_seed < 1:
    parser.error("--concurrent, --seeds and --first-seed must be at least 1")
for name in names:
    if name not in FUNCTIONS:
        parser.error(f"unknown function '{name}'; known: {', '.join(FUNCTIONS)}")

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)  # constant_liar is marked experimental in 3.1
modes = ["univariate", "multivariate"] if args.mode == "both" else [args.mode]
for name in names:
    objective, optimum = FUNCTIONS[name]
    for mode in modes:
        start = time.time()
        regrets = []
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            sampler = optuna.samplers.TPESampler(seed=seed, multivariate=mode == "multivariate",
                                                 constant_liar=args.constant_liar)
            study = optuna.create_study(sampler=sampler)
            if args.concurrent == 1:
                study.optimize(objective, n_trials=args.trials)
                best = study.best_value
            else:
                best = best_with_in_flight(study, objective, args.trials, args.concurrent, seed)
            regrets.append(best - optimum)
        print(json.dumps({"function": name, "searcher": "optuna-tpe" + ("-multivariate" if mode == "multivariate" else ""),
                          "optuna": optuna.__version__, "trials": args.trials, "seeds": args.seeds,
                          "first_seed": args.first_seed, "concurrent": args.concurrent,
                          "constant_liar": args.constant_liar,
                          "median_regret": statistics.median(regrets), "mean_regret": statistics.mean(regrets),
                          "per_seed_regret": regrets, "seconds": round(time.time() - start, 2)}), flush=True)
