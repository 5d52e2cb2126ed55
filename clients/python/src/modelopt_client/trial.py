"""One trial handed to this program: its configuration, per-epoch reports, and the final result."""

from __future__ import annotations

import threading
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional

from . import _values
from .errors import LeaseLost, ModelOptError

if TYPE_CHECKING:
    from .search import Search


@dataclass(frozen=True)
class Decision:
    """The search's answer to a report: keep going, or stop (with the scheduler's or user's reason)."""

    stop: bool
    reason: Optional[str] = None


class Trial:
    """
    A trial this program runs: read :attr:`config`, train, :meth:`report` each epoch (it answers continue or stop),
    then :meth:`complete` with the final metrics or :meth:`fail`. While the trial is held, a background thread sends
    heartbeats, so the lease stays alive however long an epoch takes; a program that dies loses the trial after one
    lease and it is requeued for someone else. Used as a context manager, an exception fails the trial and a trial
    left without a result is completed with what it last reported.
    """

    def __init__(self, search: "Search", answer: Mapping[str, Any]) -> None:
        self._search = search
        self.id: str = answer["trialId"]
        #: Which attempt at this trial this is (a requeued trial is handed out again with the next number).
        self.attempt: int = int(answer["attempt"])
        #: The trial's position in the search (1 for the first trial).
        self.number: int = int(answer.get("number", 0))
        #: The parameter values to train with; conditional parameters appear only when their condition holds.
        self.config: Dict[str, _values.Value] = _values.plain_config(answer.get("config"))
        #: The search's ``budget.maxEpochsPerTrial``: report epochs 1 to this.
        self.max_epochs: int = int(answer.get("maxEpochs", 1))
        #: How long, in seconds, the cluster waits for a report or heartbeat before it takes the trial back.
        self.lease_seconds: float = float(answer.get("leaseSeconds", 60))
        self._lock = threading.Lock()
        self._stop: Optional[Decision] = None
        self._lost: Optional[LeaseLost] = None
        self._finished = False
        self._last_epoch = 0
        self._ended = threading.Event()
        self._heartbeat = threading.Thread(target=self._beat, name=f"modelopt-heartbeat-{self.id}", daemon=True)
        self._heartbeat.start()

    def __repr__(self) -> str:
        return f"Trial({self._search.id}/{self.id}, attempt={self.attempt}, config={self.config})"

    @property
    def search_id(self) -> str:
        return self._search.id

    def report(self, epoch: int, metrics: Mapping[str, float], seconds: float = 0.0) -> Decision:
        """
        Sends one epoch's metrics (``epoch`` from 1 to :attr:`max_epochs`) and returns the search's decision. A
        report repeated for the same epoch is not counted twice. Raises :class:`LeaseLost` if this attempt no longer
        holds the trial.
        """
        if self._lost is not None:
            raise self._lost
        body = {"attempt": self.attempt, "epoch": int(epoch), "metrics": _values.metrics_out(metrics), "seconds": float(seconds)}
        answer = self._call("report", body)
        self._last_epoch = max(self._last_epoch, int(epoch))
        return self._decide(answer)

    def should_stop(self) -> bool:
        """True once a report or heartbeat has brought a stop (the scheduler, a user's ``trial stop``, a cancelled search)."""
        if self._lost is not None:
            raise self._lost
        return self._stop is not None

    @property
    def stop_reason(self) -> Optional[str]:
        return self._stop.reason if self._stop is not None else None

    def complete(self, metrics: Optional[Mapping[str, float]] = None) -> str:
        """
        Ends the trial with its final metrics (the objective falls back to the last reported value when missing)
        and returns its status: ``completed``, or ``stopped`` when it had been told to stop. Repeating it is harmless.
        """
        return self._end({"attempt": self.attempt, "metrics": _values.metrics_out(metrics or {})})

    def fail(self, reason: str) -> str:
        """Ends the trial as failed (it is not retried), e.g. with the exception that broke training."""
        return self._end({"attempt": self.attempt, "failure": (reason or "failed")[:4096]})

    @property
    def finished(self) -> bool:
        return self._finished

    def __enter__(self) -> "Trial":
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> bool:
        if self._finished or isinstance(error, LeaseLost):
            self._ended.set()
            return False
        try:
            if error is not None:
                self.fail(f"{kind.__name__}: {error}")
            else:
                self.complete()
        except LeaseLost:
            pass
        return False

    def _end(self, body: Dict[str, Any]) -> str:
        try:
            answer = self._call("tell", body)
        finally:
            self._ended.set()
        self._finished = True
        return _values.name(answer.get("status"))

    def _call(self, action: str, body: Dict[str, Any]) -> Dict[str, Any]:
        path = (f"/api/v1/searches/{urllib.parse.quote(self._search.id, safe='')}"
                f"/trials/{urllib.parse.quote(self.id, safe='')}/{action}")
        try:
            return self._search.client.transport.post(path, body)
        except LeaseLost as lost:
            self._lost = lost
            self._ended.set()
            raise

    def _decide(self, answer: Mapping[str, Any]) -> Decision:
        decision = _values.name(answer.get("decision"))
        if decision in ("stop", "done"):
            with self._lock:
                if self._stop is None:
                    self._stop = Decision(True, answer.get("reason"))
                return self._stop
        return Decision(False)

    def _beat(self) -> None:
        interval = max(0.2, self.lease_seconds / 3)
        while not self._ended.wait(interval):
            try:
                self._decide(self._call("heartbeat", {"attempt": self.attempt}))
            except LeaseLost:
                return
            except ModelOptError:
                continue  # a transient failure already retried: the next beat may get through
