"""``interviewlab``: a thin command-line shell over the library.

Each command family lives beside the code it drives, in a ``_cli`` module that exposes
``register(subparsers)``; the parsers it adds set ``func(args) -> int`` (the exit status).
Exit statuses: 0 success, 1 the command ran and found problems, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from interviewlab import __version__

# Command families, in the order `interviewlab --help` lists them.
COMMAND_MODULES = (
    "interviewlab.course._cli",
    "interviewlab.questions._cli",
    "interviewlab.drift._cli",
    "interviewlab.incidents._cli",
    "interviewlab.audit._cli",
    "interviewlab.artifacts._cli",
    "interviewlab.deploy._cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interviewlab",
        description="The production side of ML interviews: a graded course and a toolkit.",
    )
    parser.add_argument("--version", action="version", version=f"interviewlab {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if not exc.name or not name.startswith(exc.name):
                raise  # the family exists but something it imports is missing
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
