"""The deployment checklist: a YAML file in the package, validated by a JSON schema on load."""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

#: The four sections, in the order reports list them.
SECTIONS = ("automation", "testing", "security", "monitoring")
#: Severities, most serious first, with the weight each carries in the readiness score.
SEVERITY_WEIGHTS = {"critical": 3, "high": 2, "medium": 1}
#: The three answers the audit gives for an item.
STATUSES = ("met", "missing", "cannot tell")


class ChecklistError(ValueError):
    """A checklist file that does not follow the schema or contradicts itself."""


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to check before a model goes to production.

    Attributes
    ----------
    id, section, title, why, evidence, fix, severity : str
    ml_test_score : tuple of str
        Tests of the ML Test Score it serves, e.g. ``("Infra 7",)``.
    owasp : tuple of str
        OWASP ML Top 10 risks it reduces, e.g. ``("ML06",)``.
    check : str or None
        The automated check :func:`audit_project` runs, or ``None`` (a person must look).
    """

    id: str
    section: str
    title: str
    why: str
    evidence: str
    fix: str
    severity: str
    ml_test_score: tuple[str, ...]
    owasp: tuple[str, ...]
    check: str | None

    @property
    def weight(self) -> int:
        """Weight in the readiness score: critical 3, high 2, medium 1."""
        return SEVERITY_WEIGHTS[self.severity]


@dataclass(frozen=True)
class Checklist:
    """The whole checklist: sections, items and the two reference frameworks.

    Attributes
    ----------
    sections : tuple of (id, title, description)
    items : tuple of ChecklistItem
    severities : dict of str to str
        What each severity means.
    ml_test_score : tuple of (id, title)
        The 28 tests of the ML Test Score.
    owasp : tuple of (id, title)
        The 10 risks of the OWASP Machine Learning Security Top 10.
    """

    sections: tuple[tuple[str, str, str], ...]
    items: tuple[ChecklistItem, ...]
    severities: dict[str, str]
    ml_test_score: tuple[tuple[str, str], ...]
    owasp: tuple[tuple[str, str], ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """Item ids in checklist order."""
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> ChecklistItem:
        """The item called ``item_id`` (``KeyError`` naming the valid ids otherwise)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"no checklist item {item_id!r}; valid ids: {', '.join(self.ids)}")

    def section_items(self, section: str) -> tuple[ChecklistItem, ...]:
        """Items of one section, in checklist order."""
        return tuple(item for item in self.items if item.section == section)

    def to_dict(self) -> dict:
        """A JSON-ready dict of the checklist."""
        return {
            "sections": [{"id": s, "title": t, "description": d} for s, t, d in self.sections],
            "severities": dict(self.severities),
            "items": [
                {
                    "id": i.id,
                    "section": i.section,
                    "title": i.title,
                    "why": i.why,
                    "evidence": i.evidence,
                    "fix": i.fix,
                    "severity": i.severity,
                    "ml_test_score": list(i.ml_test_score),
                    "owasp": list(i.owasp),
                    "automated": i.check is not None,
                }
                for i in self.items
            ],
            "ml_test_score": [{"id": i, "title": t} for i, t in self.ml_test_score],
            "owasp_ml_top10": [{"id": i, "title": t} for i, t in self.owasp],
        }

    def render_text(self, *, width: int = 100) -> str:
        """The checklist as plain text, section by section."""
        import textwrap

        titles = dict(self.ml_test_score)
        risks = dict(self.owasp)
        lines = ["Deployment checklist (interviewlab topic 4)", ""]
        for section, title, description in self.sections:
            lines.append(f"{section.upper()}: {title}")
            lines.extend(
                textwrap.wrap(description, width, initial_indent="  ", subsequent_indent="  ")
            )
            for item in self.section_items(section):
                lines.append(f"  [{item.severity}] {item.id}: {item.title}")
                for label, text in (("why", item.why), ("evidence", item.evidence)):
                    lines.extend(
                        textwrap.wrap(
                            f"{label}: {text}",
                            width,
                            initial_indent="      ",
                            subsequent_indent="        ",
                        )
                    )
                refs = [f"{t} ({titles[t]})" for t in item.ml_test_score]
                refs += [f"{r} ({risks[r]})" for r in item.owasp]
                if refs:
                    lines.extend(
                        textwrap.wrap(
                            "maps to: " + "; ".join(refs),
                            width,
                            initial_indent="      ",
                            subsequent_indent="        ",
                        )
                    )
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def checklist_schema() -> dict:
    """The JSON schema every checklist file must follow."""
    text = resources.files("interviewlab.deploy").joinpath("checklist.schema.json").read_text()
    return json.loads(text)


def validate_checklist_data(data: object) -> None:
    """Raise :class:`ChecklistError` if ``data`` (a parsed checklist) is not valid.

    Checks the JSON schema, then what a schema cannot say: ids are unique, every section has
    items, and the reference lists hold each framework's ids exactly once.

    Examples
    --------
    >>> validate_checklist_data({"version": 1})
    Traceback (most recent call last):
    ...
    interviewlab.deploy._checklist.ChecklistError: checklist: 'sections' is a required property
    """
    import jsonschema

    validator = jsonschema.Draft202012Validator(checklist_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "checklist"
        raise ChecklistError(f"{where}: {error.message}")
    assert isinstance(data, dict)  # the schema says so
    ids = [item["id"] for item in data["items"]]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ChecklistError(f"items: ids must be unique; repeated: {', '.join(repeated)}")
    declared = [s["id"] for s in data["sections"]]
    if sorted(declared) != sorted(SECTIONS):
        raise ChecklistError(f"sections: expected exactly {', '.join(SECTIONS)}; got {declared}")
    for section in declared:
        if not any(item["section"] == section for item in data["items"]):
            raise ChecklistError(f"sections: section {section!r} has no items")
    for key, inner in (("ml_test_score", "tests"), ("owasp_ml_top10", "risks")):
        refs = [entry["id"] for entry in data["references"][key][inner]]
        if len(set(refs)) != len(refs):
            raise ChecklistError(f"references/{key}/{inner}: ids must be unique")


def load_checklist(path: str | os.PathLike | None = None) -> Checklist:
    """Read and validate the deployment checklist.

    Parameters
    ----------
    path : str or path-like, optional
        A checklist YAML file; by default the one shipped in the package.

    Returns
    -------
    Checklist

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ChecklistError
        If the file does not follow the schema (the message says where).

    Examples
    --------
    >>> checklist = load_checklist()
    >>> len(checklist.items), [s for s, _, _ in checklist.sections]
    (28, ['automation', 'testing', 'security', 'monitoring'])
    >>> checklist.item("rollback").ml_test_score
    ('Infra 7',)
    """
    if path is None:
        return _default_checklist()
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path {str(path)!r} is not a checklist file")
    return _parse(path.read_text(encoding="utf-8"), str(path))


@functools.lru_cache(maxsize=1)
def _default_checklist() -> Checklist:
    text = resources.files("interviewlab.deploy").joinpath("checklist.yaml").read_text()
    return _parse(text, "checklist.yaml")


def _parse(text: str, name: str) -> Checklist:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{name} is not valid YAML: {exc}") from None
    try:
        validate_checklist_data(data)
    except ChecklistError as exc:
        raise ChecklistError(f"{name}: {exc}") from None
    order = {section: i for i, section in enumerate(SECTIONS)}
    sections = sorted(data["sections"], key=lambda s: order[s["id"]])
    items = tuple(
        ChecklistItem(
            id=entry["id"],
            section=entry["section"],
            title=entry["title"],
            why=entry["why"],
            evidence=entry["evidence"],
            fix=entry["fix"],
            severity=entry["severity"],
            ml_test_score=tuple(entry["ml_test_score"]),
            owasp=tuple(entry["owasp"]),
            check=entry["check"],
        )
        for entry in data["items"]
    )
    refs = data["references"]
    return Checklist(
        sections=tuple((s["id"], s["title"], s["description"]) for s in sections),
        items=items,
        severities=dict(data["severities"]),
        ml_test_score=tuple((t["id"], t["title"]) for t in refs["ml_test_score"]["tests"]),
        owasp=tuple((r["id"], r["title"]) for r in refs["owasp_ml_top10"]["risks"]),
    )
