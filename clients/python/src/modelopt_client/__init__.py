"""
Ask/tell client for ModelOpt.Cluster: run a search's trials from your own Python code. Standard library only.

    import modelopt_client as mo

    search = mo.connect("http://coordinator:9110", token_file="token").submit("spec.yaml")
    for trial in search.trials():
        with trial:
            model = build(trial.config)
            for epoch in range(1, trial.max_epochs + 1):
                loss = train_one_epoch(model)
                if trial.report(epoch, {"val_loss": loss}).stop:
                    break
            trial.complete({"val_loss": loss})

The search's spec says ``workload: {kind: external}``; the cluster's searcher and scheduler decide what to try and
when to stop, exactly as for trials it runs on its own workers.
"""

from .client import Client, connect
from .errors import (AuthenticationError, BadRequest, Conflict, LeaseLost, ModelOptError, NotFound, PermissionDenied,
                     Unavailable)
from .search import Search
from .trial import Decision, Trial

__all__ = [
    "AuthenticationError", "BadRequest", "Client", "Conflict", "Decision", "LeaseLost", "ModelOptError", "NotFound",
    "PermissionDenied", "Search", "Trial", "Unavailable", "connect",
]

__version__ = "0.1.0"
