"""A search on the cluster, seen from a program that runs its trials (``workload: {kind: external}``)."""

from __future__ import annotations

import os
import socket
import urllib.parse
import uuid
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, Mapping, Optional, Union

from . import _values
from .errors import LeaseLost, ModelOptError
from .trial import Trial

if TYPE_CHECKING:
    from .client import Client

# The longest the endpoint holds an ask open waiting for a trial to free.
_MAX_WAIT_SECONDS = 20.0

Objective = Union[float, Mapping[str, float], None]


class Search:
    """
    One search by id. :meth:`trials` hands this program trials until the search ends; :meth:`optimize` runs a
    function on each. Several programs (on any machines) may work on the same search at once: the cluster hands out
    at most ``budget.maxConcurrent`` trials at a time, and each trial to one program only.
    """

    def __init__(self, client: "Client", search_id: str) -> None:
        self.client = client
        self.id = search_id

    def __repr__(self) -> str:
        return f"Search({self.id!r})"

    def ask(self, wait: float = _MAX_WAIT_SECONDS, client_name: Optional[str] = None) -> Optional[Trial]:
        """
        One trial to run, or None when the search has ended. When ``maxConcurrent`` trials are out, waits up to
        ``wait`` seconds for one to free and then returns None too (check :meth:`is_over`); :meth:`trials` keeps asking.
        """
        answer = self._ask(wait, client_name)
        return Trial(self, answer) if _values.name(answer.get("status")) == "trial" else None

    def trials(self, client_name: Optional[str] = None) -> Iterator[Trial]:
        """
        Trials for this program, one at a time, until the search ends (budget used, searcher exhausted, cancelled).
        A trial left unfinished when the loop asks for the next is completed with what it last reported.
        """
        while True:
            answer = self._ask(_MAX_WAIT_SECONDS, client_name)
            status = _values.name(answer.get("status"))
            if status == "ended":
                return
            if status != "trial":
                continue
            trial = Trial(self, answer)
            try:
                yield trial
            finally:
                if not trial.finished:
                    trial.__exit__(None, None, None)

    def optimize(self, objective: Callable[[Trial], Objective], client_name: Optional[str] = None) -> Dict[str, Any]:
        """
        Runs ``objective(trial)`` on every trial this program gets until the search ends, like Optuna's
        ``study.optimize``. It may report per epoch through the trial; its return value completes the trial: a number
        (the objective metric), a dict of metrics, or None (the last report stands). An exception fails that trial
        and the loop goes on, as does a trial whose lease was lost. Returns the search as :meth:`show` gives it.
        """
        metric = self.show().get("metric", "value")
        for trial in self.trials(client_name):
            try:
                result = objective(trial)
            except LeaseLost:
                continue  # too slow for the lease: the trial went back to the search, the loop goes on
            except ModelOptError:
                raise
            except Exception as error:  # a broken trial must not end the search for everyone
                trial.fail(f"{type(error).__name__}: {error}")
                continue
            if trial.finished:
                continue
            if result is None:
                trial.complete()
            elif isinstance(result, Mapping):
                trial.complete(result)
            else:
                trial.complete({metric: float(result)})
        return self.show()

    def show(self) -> Dict[str, Any]:
        """The search: status, metric, best trial, and every trial with its config, status, objective and curve."""
        return self.client.transport.get(self._path(""))

    def is_over(self) -> bool:
        return _values.name(self.show().get("status")) in ("finished", "cancelled")

    def best(self) -> Optional[Dict[str, Any]]:
        """The best completed trial so far (with a plain ``config``), or None."""
        search = self.show()
        best = next((t for t in search.get("trials", []) if t.get("trialId") == search.get("bestTrialId")), None)
        if best is not None:
            best = dict(best, config=_values.plain_config(best.get("config")))
        return best

    def stop(self) -> Dict[str, Any]:
        """Cancels the search: clients are told to stop at their next report or heartbeat."""
        return self.client.transport.post(self._path("/stop"))

    def resume(self) -> Dict[str, Any]:
        return self.client.transport.post(self._path("/resume"))

    def stop_trial(self, trial_id: str) -> Dict[str, Any]:
        """Stops one trial; its client learns at its next report or heartbeat."""
        return self.client.transport.post(self._path(f"/trials/{urllib.parse.quote(trial_id, safe='')}/stop"))

    def _ask(self, wait: float, client_name: Optional[str]) -> Dict[str, Any]:
        body = {
            "client": client_name or self.client.name,
            # The same id on a retried request returns the trial the first one got instead of a second trial.
            "requestId": uuid.uuid4().hex,
            "waitSeconds": max(0.0, min(float(wait), _MAX_WAIT_SECONDS)),
        }
        return self.client.transport.post(self._path("/ask"), body, timeout=self.client.transport.timeout + body["waitSeconds"])

    def _path(self, rest: str) -> str:
        return f"/api/v1/searches/{urllib.parse.quote(self.id, safe='')}{rest}"


def default_client_name() -> str:
    """``host/pid``: shown as the node of the trials this program runs."""
    return f"{socket.gethostname()}/{os.getpid()}"
