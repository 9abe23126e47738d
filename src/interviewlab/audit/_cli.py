"""``interviewlab audit NOTEBOOK… [--format text|json]``: lint notebooks before deployment."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="lint notebooks for what makes them unfit to deploy",
        description=(
            "Audit Jupyter notebooks: execution order and hidden state, hard-coded secrets, "
            "absolute paths, installs in cells, unpinned environment, deployment calls, "
            "pickled models, unseeded training, saved errors, missing tests. Cells are "
            "numbered from 0, Markdown cells included. Exit status: 0 no findings, "
            "1 findings, 2 unreadable input."
        ),
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help="notebook files, or folders to search for *.ipynb",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--list-rules",
        action="store_true",
        help="print every rule (code, name, what it finds, fix) and exit",
    )
    parser.set_defaults(func=_run)


def _expand(arguments: list[str]) -> tuple[list[Path], list[str]]:
    paths, errors = [], []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
            if not found:
                errors.append(f"{argument}: no notebooks (*.ipynb) in this folder")
            paths.extend(found)
        else:
            paths.append(path)
    return paths, errors


def _run(args: argparse.Namespace) -> int:
    from interviewlab.audit import RULES, AuditReport, audit_notebooks, reports_to_json

    if args.list_rules:
        for rule in RULES.values():
            print(f"{rule.code} {rule.slug}: {rule.summary}\n    fix: {rule.fix}")
        return 0
    if not args.notebooks:
        print(
            "interviewlab audit: error: give at least one NOTEBOOK (or --list-rules)",
            file=sys.stderr,
        )
        return 2
    paths, errors = _expand(args.notebooks)
    reports = []
    for result in audit_notebooks(paths):
        if isinstance(result, AuditReport):
            reports.append(result)
        else:
            errors.append(str(result))
    for error in errors:
        print(f"interviewlab audit: error: {error}", file=sys.stderr)
    if args.format == "json":
        print(reports_to_json(reports))
    else:
        for report in reports:
            if report.findings:
                print(report.to_text())
        total = sum(len(report) for report in reports)
        clean = sum(1 for report in reports if not report.findings)
        print(
            f"{total} finding{'s' if total != 1 else ''} in {len(reports)} "
            f"notebook{'s' if len(reports) != 1 else ''} ({clean} clean"
            + (f", {len(errors)} unreadable" if errors else "")
            + ")"
        )
    if errors:
        return 2
    return 1 if any(report.findings for report in reports) else 0
