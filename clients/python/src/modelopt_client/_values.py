"""The cluster's JSON values as plain Python: configurations, numbers that may be non-finite, enum names."""

from __future__ import annotations

import math
from typing import Any, Dict, Mapping, Optional, Union

Value = Union[float, int, str, bool]

# A parameter value may come tagged with its kind ({"f": 0.1}, {"i": 3}, {"s": "relu"}, {"b": true}).
_TAGS = {"f", "i", "s", "b"}


def plain_config(raw: Optional[Mapping[str, Any]]) -> Dict[str, Value]:
    """A configuration with every value as a plain float, int, str or bool, however the endpoint wrote it."""
    config: Dict[str, Value] = {}
    for name, value in (raw or {}).items():
        if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _TAGS:
            kind, inner = next(iter(value.items()))
            value = number(inner) if kind == "f" else int(inner) if kind == "i" else inner
        config[name] = value
    return config


def number(value: Any) -> float:
    """A number from JSON, where non-finite values travel as the strings "NaN", "Infinity" and "-Infinity"."""
    if isinstance(value, str):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(value, math.nan) if not _numeric(value) else float(value)
    return float(value)


def metrics_out(metrics: Mapping[str, Any]) -> Dict[str, Any]:
    """Metrics for a request: finite numbers as numbers, non-finite ones as the strings the endpoint reads."""
    out: Dict[str, Any] = {}
    for name, value in metrics.items():
        if not isinstance(name, str):
            raise TypeError(f"metric names must be strings, got {name!r}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)  # numpy and torch scalars
            except (TypeError, ValueError):
                raise TypeError(f"metric {name!r} must be a number, got {value!r}") from None
        value = float(value)
        out[name] = value if math.isfinite(value) else ("NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity")
    return out


def name(value: Any) -> str:
    """An enum as the endpoint wrote it ("Running" or "running"), lower-cased."""
    return str(value).lower() if value is not None else ""


def _numeric(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
