"""Hard-coded credentials in code cells, found with detect-secrets.

detect-secrets runs some 27 detectors (AWS, GitHub, Stripe, Slack, private keys, basic-auth
URLs, password-like keywords, high-entropy strings, …) and then heuristic filters that drop
false alarms (templated values, indirect references such as ``headers["X-Token"]``, UUIDs,
sequential strings, ``# pragma: allowlist secret`` lines).

Scanning every line with every detector and filter costs about 0.1-0.4 ms a line. So we first
let each pattern and entropy detector look once at all the code of the notebook joined together
(a plain regex pass, no filters; these detectors report every match), and run the keyword
detector only on lines that hold one of its keywords. Only the lines that hold a candidate go
through the routine that ``detect-secrets scan`` applies to every line of a file (all
detectors, all filters). The result is the same as scanning each line.

One deliberate change: detect-secrets skips any line shaped like ``x = f(…)`` or
``x = d[…]`` (its ``is_indirect_reference`` heuristic, meant for ``password = get_password()``).
We keep that for the keyword and entropy detectors it was written for, but not for the pattern
detectors: ``create_engine("postgresql://user:pw@host/db")`` still hard-codes a password.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

# The scanner treats lines as Python source (its keyword detector then expects quotes).
_FILENAME = "notebook_cell.py"
_INDIRECT = "detect_secrets.filters.heuristic.is_indirect_reference"
# Detectors that guess from a variable name or from randomness, not from a known key format.
_WEAK_TYPES = frozenset({"Secret Keyword", "Base64 High Entropy String", "Hex High Entropy String"})


_depth = 0


@contextlib.contextmanager
def scanning():
    """Keep detect-secrets configured (all plugins, default filters) for several scans.

    Configuring costs about a millisecond; auditing many notebooks inside one ``scanning()``
    block pays it once. Nested blocks reuse the outer configuration.
    """
    global _depth
    if _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    from detect_secrets.settings import default_settings, get_settings

    with default_settings():
        get_settings().disable_filters(_INDIRECT)  # applied in _confirm, to weak types only
        _depth = 1
        try:
            yield
        finally:
            _depth = 0


@dataclass(frozen=True)
class SecretHit:
    """Secret types found on one line of a cell (never the secret itself)."""

    cell: int
    line: int
    types: tuple[str, ...]


def scan_secrets(lines: list[tuple[int, int, str]]) -> list[SecretHit]:
    """Scan ``(cell, line, text)`` triples with detect-secrets' default plugins and filters.

    Examples
    --------
    >>> hits = scan_secrets([(3, 1, 'db_password = "Tr0ub4dor&3-FAKE"'), (3, 2, "x = 1")])
    >>> hits
    [SecretHit(cell=3, line=1, types=('Secret Keyword',))]
    """
    if not lines:
        return []
    from detect_secrets.plugins.keyword import DENYLIST, KeywordDetector
    from detect_secrets.settings import get_plugins

    keyword_hint = re.compile("|".join(DENYLIST), re.IGNORECASE)
    with scanning():
        plugins = get_plugins()
        # Pattern and entropy detectors use findall: one pass over all the code finds every
        # candidate (blank lines between, so that no match runs from one line into the next).
        text = "\n\n".join(line for _, _, line in lines)
        candidates = set()
        for plugin in plugins:
            if not isinstance(plugin, KeywordDetector):
                for secret in plugin.analyze_line(filename=_FILENAME, line=text, line_number=0):
                    if secret.secret_value:
                        candidates.add(secret.secret_value)
        # The keyword detector reports only its first match in a string: run it per line, on
        # the lines holding one of its keywords (password, secret, api_key, …).
        keyword_plugins = [p for p in plugins if isinstance(p, KeywordDetector)]
        hits = []
        for cell, number, line in lines:
            suspect = any(value in line for value in candidates) or (
                keyword_hint.search(line) is not None
                and any(p.analyze_line(filename=_FILENAME, line=line) for p in keyword_plugins)
            )
            if suspect:
                types = _confirm(line)
                if types:
                    hits.append(SecretHit(cell, number, types))
        return hits


def _confirm(line: str) -> tuple[str, ...]:
    """Run detect-secrets' per-line scan (all plugins, all filters) on one line."""
    # The routine `detect-secrets scan` applies to each line of a file; there is no public
    # function that scans a string with the filters (scan_line searches eagerly, for ad hoc
    # use). detect-secrets is pinned below 2.
    from detect_secrets.core.scan import _process_line_based_plugins
    from detect_secrets.filters.heuristic import is_indirect_reference

    found = {s.type for s in _process_line_based_plugins(lines=[(1, line)], filename=_FILENAME)}
    if found and is_indirect_reference(line):
        found -= _WEAK_TYPES
    return tuple(sorted(found))
