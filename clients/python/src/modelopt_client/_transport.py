"""HTTP/JSON to the command endpoint with the standard library: bearer token, timeouts, retries with backoff."""

from __future__ import annotations

import json
import math
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Optional

from .errors import ModelOptError, Unavailable, error_from_answer

# Answers that say the cluster is moving (a coordinator restarting, a singleton handing over): worth another try.
_TRANSIENT_STATUS = {502, 503, 504}


class Transport:
    """
    Sends JSON requests to one endpoint. Transient failures — connection refused or reset, timeouts, HTTP 502/503/504
    — are retried with exponential backoff and jitter until ``retry_for`` seconds have passed; every other error is
    raised at once as a :class:`ModelOptError` subclass.
    """

    def __init__(self, url: str, token: Optional[str], timeout: float = 60.0, retry_for: float = 60.0) -> None:
        parsed = urllib.parse.urlsplit(url if "://" in url else "http://" + url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not an endpoint URL: {url!r} (expected e.g. http://host:9110)")
        self.url = f"{parsed.scheme}://{parsed.netloc}"
        self._token = token
        self.timeout = timeout
        self.retry_for = retry_for

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def post(self, path: str, body: Optional[dict] = None, retry: bool = True, timeout: Optional[float] = None) -> Any:
        return self.request("POST", path, body if body is not None else {}, retry, timeout)

    def request(self, method: str, path: str, body: Any = None, retry: bool = True, timeout: Optional[float] = None) -> Any:
        """One command; ``retry=False`` tries once (for requests that must not be repeated blindly)."""
        deadline = time.monotonic() + (self.retry_for if retry else 0)
        delay = 0.1
        while True:
            try:
                return self._send(method, path, body, timeout or self.timeout)
            except _Transient as transient:
                if time.monotonic() + delay > deadline:
                    raise Unavailable(f"{method} {self.url}{path}: {transient}", "unavailable", transient.status) from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 5.0)

    def _send(self, method: str, path: str, body: Any, timeout: float) -> Any:
        data = None if body is None else json.dumps(body, allow_nan=True).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self._token:
            request.add_header("Authorization", "Bearer " + self._token)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return _parse(response.read())
        except urllib.error.HTTPError as error:
            payload = _parse_lenient(error.read())
            if error.code in _TRANSIENT_STATUS:
                raise _Transient(f"HTTP {error.code} {_message(payload, error.reason)}", error.code) from None
            raise error_from_answer(error.code, payload, f"{method} {path}: HTTP {error.code} {error.reason}") from None
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as error:
            reason = getattr(error, "reason", error)
            raise _Transient(f"cannot reach the command endpoint: {reason}", None) from None


class _Transient(Exception):
    def __init__(self, message: str, status: Optional[int]) -> None:
        super().__init__(message)
        self.status = status


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_constant)
    except ValueError as error:
        raise ModelOptError(f"the endpoint answered with JSON this client cannot read: {error}") from None


def _parse_lenient(raw: bytes) -> Any:
    try:
        return _parse(raw)
    except ModelOptError:
        return None


def _constant(name: str) -> float:
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[name]


def _message(payload: Any, fallback: Any) -> str:
    return str(payload.get("message")) if isinstance(payload, dict) and "message" in payload else str(fallback)
