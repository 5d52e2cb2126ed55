"""The cluster's JSON values as plain Python: configurations, metrics that may be non-finite, enum names."""

from __future__ import annotations

import math
from typing import Any, Dict, Mapping, Optional, Union

Value = Union[float, int, str, bool]


def plain_config(raw: Optional[Mapping[str, Any]]) -> Dict[str, Value]:
    """A configuration as the endpoint writes it: plain floats (always with a fraction), ints, strings and booleans."""
    return dict(raw or {})


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
    """An enum value as the endpoint writes it (``running``, ``lease_lost``); empty when absent."""
    return str(value) if value is not None else ""
