"""``interviewlab incidents ...``: data contracts and the bundled datasets from the shell.

- ``interviewlab incidents schema infer TRAIN.csv -o schema.json [--dates date] [--exclude y]``
- ``interviewlab incidents schema validate BATCH.csv --schema schema.json [--json]``
  (exit 1 when the batch has anomalies)
- ``interviewlab incidents datasets FOLDER`` rewrites the bundled ice-cream CSVs.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "incidents",
        help="topic 3: data contracts for unseen categories, and the ice-cream datasets",
        description="Data contracts (infer a schema, validate a batch) and the ice-cream datasets.",
    )
    commands = parser.add_subparsers(dest="incidents_command", metavar="COMMAND")

    schema = commands.add_parser("schema", help="infer a schema or validate a batch against one")
    schema_commands = schema.add_subparsers(dest="schema_command", metavar="COMMAND")

    infer = schema_commands.add_parser("infer", help="infer a schema from a CSV of training data")
    infer.add_argument("data", help="CSV file of training data")
    infer.add_argument("-o", "--output", help="write the schema JSON here (default: stdout)")
    infer.add_argument(
        "--dates",
        action="append",
        default=[],
        metavar="COLUMN",
        help="parse this column as dates (repeatable)",
    )
    infer.add_argument(
        "--categorical",
        action="append",
        default=[],
        metavar="COLUMN",
        help="treat this column as categorical whatever its type (repeatable)",
    )
    infer.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="COLUMN",
        help="leave this column out, e.g. the label (repeatable)",
    )
    infer.add_argument(
        "--max-categories",
        type=int,
        default=50,
        help="above this many values a text column gets no domain (default 50)",
    )
    infer.add_argument(
        "--range-tolerance",
        type=float,
        default=0.1,
        help="widen numeric ranges by this share of the range (default 0.1)",
    )
    infer.set_defaults(func=_infer)

    validate = schema_commands.add_parser("validate", help="validate a CSV batch against a schema")
    validate.add_argument("batch", help="CSV file of the batch to check")
    validate.add_argument("--schema", required=True, help="schema JSON from `schema infer`")
    validate.add_argument("--json", action="store_true", help="print the report as JSON")
    validate.set_defaults(func=_validate)

    datasets = commands.add_parser("datasets", help="regenerate the bundled ice-cream CSVs")
    datasets.add_argument("folder", help="folder to write into, e.g. datasets/icecream")
    datasets.set_defaults(func=_datasets)

    def usage(args, parser=parser) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=usage)
    schema.set_defaults(func=lambda args, parser=schema: usage(args, parser))


def _read_csv(path: str, dates: list[str], *, require_dates: bool = True):
    import pandas as pd

    try:
        header = pd.read_csv(path, nrows=0)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"{path}: cannot be read as CSV: {exc}") from None
    missing = [c for c in dates if c not in header.columns]
    if not require_dates:  # validation reports missing columns itself
        dates, missing = [c for c in dates if c in header.columns], []
    if missing:
        raise ValueError(f"--dates names column(s) {missing} that {path} does not have")
    try:
        frame = pd.read_csv(path)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ValueError(f"{path}: cannot be read as CSV: {exc}") from None
    for column in dates:
        parsed = pd.to_datetime(frame[column], errors="coerce", format="mixed")
        # keep the raw text if some values are not dates, so validation can report them
        if parsed.notna().sum() == frame[column].notna().sum():
            frame[column] = parsed
    return frame


def _infer(args: argparse.Namespace) -> int:
    from interviewlab.incidents._contracts import infer_schema

    try:
        frame = _read_csv(args.data, args.dates)
        missing = [c for c in args.exclude if c not in frame.columns]
        if missing:
            raise ValueError(f"--exclude names column(s) {missing} that {args.data} does not have")
        frame = frame.drop(columns=args.exclude)
        schema = infer_schema(
            frame,
            categorical=args.categorical,
            max_categories=args.max_categories,
            range_tolerance=args.range_tolerance,
        )
    except (ValueError, TypeError) as exc:
        print(f"interviewlab incidents schema infer: {exc}", file=sys.stderr)
        return 2
    text = schema.to_json()
    if args.output:
        from pathlib import Path

        try:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(
                f"interviewlab incidents schema infer: --output {args.output}: {exc}",
                file=sys.stderr,
            )
            return 2
        print(f"wrote {args.output}: {len(schema.columns)} columns from {schema.n_rows} rows")
    else:
        print(text)
    return 0


def _validate(args: argparse.Namespace) -> int:
    import json

    from interviewlab.incidents._contracts import load_schema, validate_batch

    try:
        schema = load_schema(args.schema)
        dates = [c.name for c in schema.columns if c.kind == "datetime"]
        batch = _read_csv(args.batch, dates, require_dates=False)
    except (ValueError, TypeError) as exc:
        print(f"interviewlab incidents schema validate: {exc}", file=sys.stderr)
        return 2
    report = validate_batch(batch, schema)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(f"{args.batch}: {report.summary()}")
    return 0 if report.ok else 1


def _datasets(args: argparse.Namespace) -> int:
    from interviewlab.incidents._datasets import write_icecream_datasets

    try:
        paths = write_icecream_datasets(args.folder)
    except (ValueError, OSError) as exc:
        print(f"interviewlab incidents datasets: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"wrote {path}")
    return 0
