"""Exceptions raised by the client, one per kind of answer the command endpoint can give."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class ModelOptError(Exception):
    """A command failed. ``code`` is the endpoint's error code (``not_found``, ``lease_lost``, ...), ``status`` the HTTP status."""

    def __init__(self, message: str, code: str = "error", status: Optional[int] = None,
                 errors: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        #: For a bad spec or request: every problem, each with its ``path`` and ``message``.
        self.errors: List[Dict[str, Any]] = errors or []


class AuthenticationError(ModelOptError):
    """No token, or a wrong one (HTTP 401)."""


class PermissionDenied(ModelOptError):
    """A read-only token was used for a command that changes something (HTTP 403)."""


class NotFound(ModelOptError):
    """No such search or trial (HTTP 404)."""


class BadRequest(ModelOptError):
    """The request is wrong: a spec that does not validate, a bad field, an epoch outside the budget (HTTP 400)."""


class Conflict(ModelOptError):
    """The search id is taken by a different spec (HTTP 409)."""


class LeaseLost(ModelOptError):
    """
    This client's attempt no longer holds its trial: the lease ran out (no report or heartbeat in time), so the trial
    was requeued or failed, and the report or tell was refused — nothing was recorded. Stop training it.
    """


class Unavailable(ModelOptError):
    """The endpoint could not be reached, or the cluster did not answer in time, even after retries."""


_BY_CODE = {
    "unauthorized": AuthenticationError,
    "forbidden": PermissionDenied,
    "not_found": NotFound,
    "bad_request": BadRequest,
    "invalid_spec": BadRequest,
    "too_large": BadRequest,
    "conflict": Conflict,
    "lease_lost": LeaseLost,
    "unavailable": Unavailable,
}

_BY_STATUS = {401: AuthenticationError, 403: PermissionDenied, 404: NotFound, 400: BadRequest, 409: Conflict}


def error_from_answer(status: int, body: Any, fallback: str) -> ModelOptError:
    """The exception for an error answer: the endpoint's ``{"code", "message", "errors"}`` or, failing that, its status."""
    if isinstance(body, dict) and isinstance(body.get("code"), str):
        code = body["code"]
        kind = _BY_CODE.get(code, ModelOptError)
        return kind(str(body.get("message", fallback)), code, status, body.get("errors") or [])
    kind = _BY_STATUS.get(status, Unavailable if status >= 500 else ModelOptError)
    return kind(fallback, "error", status)
