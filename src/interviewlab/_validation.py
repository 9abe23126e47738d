"""Argument checks shared by the whole library.

Every public function validates its arguments up front and raises an error whose message
names the argument and the value it got, so that bad input never turns into a wrong number.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np


def check_random_state(random_state: object) -> np.random.Generator:
    """Turn ``random_state`` into a fresh :class:`numpy.random.Generator`.

    Parameters
    ----------
    random_state : None, int or numpy.random.Generator
        ``None`` draws fresh entropy, an int seeds a new generator, a generator is used as is.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> int(check_random_state(0).integers(100))
    85
    >>> check_random_state("seed")
    Traceback (most recent call last):
    ...
    TypeError: random_state must be None, an int or a numpy Generator, got 'seed'
    """
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be >= 0, got {random_state!r}")
        return np.random.default_rng(int(random_state))
    raise TypeError(f"random_state must be None, an int or a numpy Generator, got {random_state!r}")


def check_positive_int(name: str, value: object, *, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise naming ``name`` if it is not an int >= ``minimum``.

    Examples
    --------
    >>> check_positive_int("n_days", 3)
    3
    >>> check_positive_int("n_days", 0)
    Traceback (most recent call last):
    ...
    ValueError: n_days must be an integer >= 1, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_fraction(name: str, value: object, *, inclusive: bool = True) -> float:
    """Return ``value`` as a float in [0, 1] (or (0, 1) when not ``inclusive``).

    Examples
    --------
    >>> check_fraction("drift_share", 0.25)
    0.25
    >>> check_fraction("drift_share", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: drift_share must be a number in [0, 1], got 1.5
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if ok:
        value = float(value)
        ok = 0.0 <= value <= 1.0 if inclusive else 0.0 < value < 1.0
    if not ok:
        interval = "[0, 1]" if inclusive else "(0, 1)"
        raise ValueError(f"{name} must be a number in {interval}, got {value!r}")
    return value


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise listing the valid ones.

    Examples
    --------
    >>> check_choice("task", "regression", ["classification", "regression"])
    'regression'
    >>> check_choice("task", "ranking", ["classification", "regression"])
    Traceback (most recent call last):
    ...
    ValueError: task must be one of 'classification', 'regression'; got 'ranking'
    """
    choices = list(choices)
    if value not in choices:
        valid = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {valid}; got {value!r}")
    return value  # type: ignore[return-value]
