"""Readiness in the spirit of the ML Test Score: the weakest section decides.

For each section, the score is the weight of the items that are met divided by the weight of
the items that could be assessed (met or missing); weights are critical 3, high 2, medium 1.
Items the audit cannot tell about are left out, and a section where nothing could be assessed
scores 0 (unknown is not ready). The readiness is the lowest section score.

Stoplight: red if the readiness is below 0.5 or any critical item is missing; green if it is at
least 0.8 and no critical item is missing; amber otherwise.

What to fix first: the missing item of the highest severity; among equals, the one in the
weakest section; then security before testing, automation and monitoring (a leaked key can be
used today); then checklist order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from interviewlab.deploy._checklist import (
    SECTIONS,
    SEVERITY_WEIGHTS,
    STATUSES,
    Checklist,
    load_checklist,
)

#: Readiness at or above which (with no critical gap) the stoplight is green.
GREEN_AT = 0.8
#: Readiness below which the stoplight is red.
RED_BELOW = 0.5
#: Tie-break between sections of equal score when ordering fixes.
FIX_PRIORITY = ("security", "testing", "automation", "monitoring")


@dataclass(frozen=True)
class Readiness:
    """Section scores, the overall readiness and what to do about it.

    Attributes
    ----------
    sections : dict of str to float
        Score in [0, 1] of each section, in :data:`SECTIONS` order.
    score : float
        The lowest section score.
    weakest : str
        The section with that score (the first one in section order on ties).
    stoplight : str
        ``"green"``, ``"amber"`` or ``"red"``.
    fix_order : tuple of str
        Missing item ids, most urgent first.
    """

    sections: dict[str, float]
    score: float
    weakest: str
    stoplight: str
    fix_order: tuple[str, ...]

    @property
    def fix_first(self) -> str | None:
        """The most urgent missing item, or ``None`` when nothing is missing."""
        return self.fix_order[0] if self.fix_order else None


def check_statuses(statuses: Mapping[str, str], checklist: Checklist) -> dict[str, str]:
    """Return ``{item_id: status}`` for every item; absent items are ``"cannot tell"``."""
    if not isinstance(statuses, Mapping):
        raise TypeError(f"statuses must be a mapping of item id to status, got {statuses!r}")
    known = set(checklist.ids)
    for item_id, status in statuses.items():
        if item_id not in known:
            raise ValueError(f"statuses: unknown checklist item {item_id!r}")
        if status not in STATUSES:
            valid = ", ".join(repr(s) for s in STATUSES)
            raise ValueError(f"statuses[{item_id!r}] must be one of {valid}; got {status!r}")
    return {item_id: statuses.get(item_id, "cannot tell") for item_id in checklist.ids}


def readiness_score(statuses: Mapping[str, str], checklist: Checklist | None = None) -> Readiness:
    """Score a project from the status of each checklist item.

    Parameters
    ----------
    statuses : mapping of str to str
        ``{item_id: "met" | "missing" | "cannot tell"}``; items left out count as
        ``"cannot tell"``.
    checklist : Checklist, optional
        Defaults to :func:`load_checklist`.

    Returns
    -------
    Readiness

    Examples
    --------
    >>> checklist = load_checklist()
    >>> statuses = {item.id: "met" for item in checklist.items}
    >>> statuses["rollback"] = "missing"         # critical, automation
    >>> statuses["load_tests"] = "cannot tell"   # left out of the testing score
    >>> result = readiness_score(statuses)
    >>> result.sections["automation"], result.weakest, result.stoplight, result.fix_first
    (0.8, 'automation', 'red', 'rollback')
    """
    checklist = checklist if checklist is not None else load_checklist()
    full = check_statuses(statuses, checklist)
    exact: dict[str, float] = {}
    for section in SECTIONS:
        met = assessed = 0
        for item in checklist.section_items(section):
            if full[item.id] == "cannot tell":
                continue
            assessed += item.weight
            met += item.weight if full[item.id] == "met" else 0
        exact[section] = met / assessed if assessed else 0.0
    weakest = min(SECTIONS, key=lambda s: (exact[s], SECTIONS.index(s)))
    score = exact[weakest]
    missing = [item for item in checklist.items if full[item.id] == "missing"]
    critical_gap = any(item.severity == "critical" for item in missing)
    if score < RED_BELOW or critical_gap:
        stoplight = "red"
    elif score >= GREEN_AT:
        stoplight = "green"
    else:
        stoplight = "amber"
    position = {item.id: i for i, item in enumerate(checklist.items)}
    fix_order = sorted(
        missing,
        key=lambda item: (
            -SEVERITY_WEIGHTS[item.severity],
            exact[item.section],
            FIX_PRIORITY.index(item.section),
            position[item.id],
        ),
    )
    sections = {section: round(value, 4) for section, value in exact.items()}
    fix = tuple(item.id for item in fix_order)
    return Readiness(sections, round(score, 4), weakest, stoplight, fix)
