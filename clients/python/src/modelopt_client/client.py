"""Connecting to a cluster's command endpoint: URL, token, and the searches on it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from .search import Search, default_client_name
from ._transport import Transport

DEFAULT_URL = "http://localhost:9110"


class Client:
    """
    A connection to a coordinator's command endpoint. Every request carries the bearer token; transient failures
    (connection refused or reset, a coordinator restarting) are retried with backoff for ``retry_for`` seconds.
    """

    def __init__(self, url: str, token: Optional[str], timeout: float = 60.0, retry_for: float = 60.0,
                 name: Optional[str] = None) -> None:
        self.transport = Transport(url, token, timeout, retry_for)
        #: Shown as the node of the trials this client runs (default ``host/pid``).
        self.name = name or default_client_name()

    @property
    def url(self) -> str:
        return self.transport.url

    def submit(self, spec: Union[str, Path], search_id: Optional[str] = None) -> Search:
        """
        Validates and starts a search from a spec (YAML or JSON text, or a path to a file). A spec that does not
        validate raises :class:`BadRequest` whose ``errors`` list every problem with its path.
        """
        text = _spec_text(spec)
        body: Dict[str, Any] = {"spec": text}
        if search_id is not None:
            body["searchId"] = search_id
        # Submitting twice without an id would start two searches, so a submit is retried only with an id.
        answer = self.transport.post("/api/v1/searches", body, retry=search_id is not None)
        return Search(self, answer["searchId"])

    def search(self, search_id: str) -> Search:
        """An existing search by id (checked: raises :class:`NotFound` if there is none)."""
        search = Search(self, search_id)
        search.show()
        return search

    def searches(self) -> List[Dict[str, Any]]:
        """Every search: id, name, status, submission time."""
        return self.transport.get("/api/v1/searches")


def connect(url: Optional[str] = None, token: Optional[str] = None, token_file: Optional[Union[str, Path]] = None,
            **options: Any) -> Client:
    """
    Connects to a command endpoint. The URL comes from ``url``, else ``MOPT_HOST`` / the ``mopt`` context file, else
    ``http://localhost:9110``; the token from ``token``, ``token_file``, ``MOPT_TOKEN``, ``MOPT_TOKEN_FILE``, else the
    context file's token file — the same places ``mopt`` looks. Options go to :class:`Client`.
    """
    context = _context()
    resolved_url = url or os.environ.get("MOPT_HOST") or context.get("host") or DEFAULT_URL
    resolved_token = token
    if resolved_token is None and token_file is not None:
        resolved_token = _read_token(Path(token_file))
    if resolved_token is None:
        resolved_token = os.environ.get("MOPT_TOKEN")
    if resolved_token is None and os.environ.get("MOPT_TOKEN_FILE"):
        resolved_token = _read_token(Path(os.environ["MOPT_TOKEN_FILE"]))
    if resolved_token is None and context.get("tokenFile"):
        resolved_token = _read_token(Path(context["tokenFile"]))
    return Client(resolved_url, resolved_token, **options)


def _spec_text(spec: Union[str, Path]) -> str:
    if isinstance(spec, Path) or ("\n" not in spec and spec.endswith((".yaml", ".yml", ".json"))):
        return Path(spec).read_text(encoding="utf-8")
    return spec


def _read_token(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ValueError(f"cannot read the token file {path}: {error.strerror}") from None
    if not lines or not lines[0].strip():
        raise ValueError(f"the token file {path} is empty")
    return lines[0].strip()


def _context() -> Dict[str, Any]:
    home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    try:
        with open(os.path.join(home, "modelopt", "context.json"), encoding="utf-8") as file:
            context = json.load(file)
        return context if isinstance(context, dict) else {}
    except (OSError, ValueError):
        return {}
