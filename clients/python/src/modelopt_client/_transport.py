"""HTTP/JSON to the command endpoint with the standard library: bearer token, timeouts, retries with backoff."""

from __future__ import annotations

import http.client
import json
import random
import socket
import threading
import time
import urllib.parse
from typing import Any, Optional

from .errors import ModelOptError, Unavailable, error_from_answer

# Answers that say the cluster is moving (a coordinator restarting, a singleton handing over): worth another try.
_TRANSIENT_STATUS = {502, 503, 504}


class Transport:
    """
    Sends JSON requests to one endpoint. Transient failures — connection refused or reset, timeouts, HTTP 502/503/504
    — are retried with exponential backoff and jitter until ``retry_for`` seconds have passed; every other error is
    raised at once as a :class:`ModelOptError` subclass. Each thread keeps one connection open (HTTP keep-alive), so
    a trial's reports and its heartbeat thread do not pay a TCP handshake per request.
    """

    def __init__(self, url: str, token: Optional[str], timeout: float = 60.0, retry_for: float = 60.0) -> None:
        parsed = urllib.parse.urlsplit(url if "://" in url else "http://" + url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not an endpoint URL: {url!r} (expected e.g. http://host:9110)")
        self.url = f"{parsed.scheme}://{parsed.netloc}"
        self._https = parsed.scheme == "https"
        self._host = parsed.hostname
        self._port = parsed.port
        self._token = token
        self.timeout = timeout
        self.retry_for = retry_for
        self._local = threading.local()

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
        data = None if body is None else json.dumps(body, allow_nan=False).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self._token:
            headers["Authorization"] = "Bearer " + self._token
        status, reason, raw = self._exchange(method, path, data, headers, timeout)
        if 200 <= status < 300:
            return _parse(raw)
        payload = _parse_lenient(raw)
        if status in _TRANSIENT_STATUS:
            raise _Transient(f"HTTP {status} {_message(payload, reason)}", status)
        raise error_from_answer(status, payload, f"{method} {path}: HTTP {status} {reason}")

    def _exchange(self, method: str, path: str, data: Optional[bytes], headers: dict, timeout: float):
        """One request on this thread's connection. A kept-alive connection the server closed while idle is reopened once."""
        connection = getattr(self._local, "connection", None)
        reused = connection is not None
        try:
            return self._round_trip(connection or self._open(), method, path, data, headers, timeout)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
            self._close()
            if not reused:
                raise _Transient(f"cannot reach the command endpoint: {error}", None) from None
        except (OSError, http.client.HTTPException) as error:
            self._close()
            raise _Transient(f"cannot reach the command endpoint: {error}", None) from None
        try:
            return self._round_trip(self._open(), method, path, data, headers, timeout)
        except (OSError, http.client.HTTPException) as error:
            self._close()
            raise _Transient(f"cannot reach the command endpoint: {error}", None) from None

    def _round_trip(self, connection: http.client.HTTPConnection, method: str, path: str, data: Optional[bytes],
                    headers: dict, timeout: float):
        connection.timeout = timeout
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        if response.will_close:
            self._close()
        return response.status, response.reason, raw

    def _open(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        connection = kind(self._host, self._port, timeout=self.timeout)
        connection.connect()
        # Small requests on a kept-alive connection: without this, Nagle's algorithm can hold one back for an ACK.
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._local.connection = connection
        return connection

    def _close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
        self._local.connection = None


class _Transient(Exception):
    def __init__(self, message: str, status: Optional[int]) -> None:
        super().__init__(message)
        self.status = status


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError as error:
        raise ModelOptError(f"the endpoint answered with JSON this client cannot read: {error}") from None


def _parse_lenient(raw: bytes) -> Any:
    try:
        return _parse(raw)
    except ModelOptError:
        return None


def _message(payload: Any, fallback: Any) -> str:
    return str(payload.get("message")) if isinstance(payload, dict) and "message" in payload else str(fallback)
