"""Optuna's TPE on the same test functions, for the searcher-quality comparison (python3-optuna from Debian).

usage: python3 optuna_reference.py [--function hartmann6|branin] [--trials 100] [--seeds 10] [--multivariate]
Prints one JSON object shaped like the searcher-quality benchmark's.
"""
import argparse
import json
import math
import statistics
import time

import optuna

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def branin(trial):
    x, y = trial.suggest_float("x0", -5, 10), trial.suggest_float("x1", 0, 15)
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


FUNCTIONS = {"hartmann6": (hartmann6, -3.32236801141551), "branin": (branin, 0.397887357729739)}

parser = argparse.ArgumentParser()
parser.add_argument("--function", default="hartmann6", choices=FUNCTIONS)
parser.add_argument("--trials", type=int, default=100)
parser.add_argument("--seeds", type=int, default=10)
parser.add_argument("--multivariate", action="store_true")
args = parser.parse_args()

optuna.logging.set_verbosity(optuna.logging.WARNING)
objective, optimum = FUNCTIONS[args.function]
start = time.time()
regrets = []
for seed in range(1, args.seeds + 1):
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed, multivariate=args.multivariate))
    study.optimize(objective, n_trials=args.trials)
    regrets.append(study.best_value - optimum)
print(json.dumps({"function": args.function, "searcher": "optuna-tpe" + ("-multivariate" if args.multivariate else ""),
                  "optuna": optuna.__version__, "trials": args.trials, "seeds": args.seeds,
                  "median_regret": statistics.median(regrets), "mean_regret": statistics.mean(regrets),
                  "per_seed_regret": regrets, "seconds": time.time() - start}))
