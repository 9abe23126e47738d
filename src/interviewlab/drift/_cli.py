"""``interviewlab drift ...``: simulate and monitor a fleet, or compute PSI between two CSVs."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    """Add the ``drift`` command family to the top-level parser."""
    drift = subparsers.add_parser(
        "drift",
        help="model drift across a fleet (topic 2)",
        description="Simulate a fleet of models with drift and monitor it, or compute PSI.",
    )
    commands = drift.add_subparsers(dest="drift_command", metavar="SUBCOMMAND")
    drift.set_defaults(func=lambda args: _usage(drift))

    demo = commands.add_parser(
        "demo",
        help="simulate a fleet, run the stoplight monitor, score it against the ground truth",
    )
    demo.add_argument("--models", type=int, default=40, help="number of models (default 40)")
    demo.add_argument("--days", type=int, default=20, help="number of days (default 20)")
    demo.add_argument("--features", type=int, default=8, help="features per model (default 8)")
    demo.add_argument("--rows", type=int, default=500, help="rows per model per day (default 500)")
    demo.add_argument("--label-delay", type=int, default=1, help="days until labels arrive")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument("--report", metavar="CSV", help="also write the tidy report to this CSV")
    demo.add_argument("--plot", metavar="PNG", help="also save the fleet stoplight heatmap")
    demo.set_defaults(func=_demo)

    psi_parser = commands.add_parser(
        "psi",
        help="PSI of every shared column of two CSV files (exit 1 if any column is red)",
    )
    psi_parser.add_argument("reference", help="CSV of reference (training) data")
    psi_parser.add_argument("current", help="CSV of current data")
    psi_parser.add_argument("--binning", default="quantile", help="quantile (default) or evidently")
    psi_parser.add_argument("--bins", type=int, default=10, help="quantile bins (default 10)")
    psi_parser.add_argument("--yellow", type=float, default=0.1, help="yellow threshold (0.1)")
    psi_parser.add_argument("--red", type=float, default=0.25, help="red threshold (0.25)")
    psi_parser.set_defaults(func=_psi)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _demo(args) -> int:
    from interviewlab.drift import make_fleet, monitor_fleet

    try:
        fleet = make_fleet(
            args.models,
            args.days,
            n_features=args.features,
            rows_per_day=args.rows,
            random_state=args.seed,
        )
        result = monitor_fleet(fleet, label_delay=args.label_delay)
    except (TypeError, ValueError) as exc:
        print(f"interviewlab drift demo: {exc}", file=sys.stderr)
        return 2
    print(fleet.description)
    print(result.summary())
    per_model = result.evaluation.per_model
    missed = per_model[per_model["drifting"] & ~per_model["detected"]]
    if len(missed):
        print("missed: " + ", ".join(f"{r.model} ({r.kind})" for r in missed.itertuples()))
    for record in result.retrains[:5]:
        print(record.message)
    if args.report:
        result.report.to_csv(args.report, index=False)
        print(f"report written to {args.report}")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        from interviewlab.drift._plots import plot_fleet_stoplight

        ax = plot_fleet_stoplight(result, fleet=fleet)
        ax.figure.savefig(args.plot, dpi=120, bbox_inches="tight")
        print(f"stoplight heatmap saved to {args.plot}")
    return 0


def _psi(args) -> int:
    import pandas as pd

    from interviewlab.drift import Threshold, psi_columns, tier_of

    frames = []
    for name in ("reference", "current"):
        path = getattr(args, name)
        try:
            frames.append(pd.read_csv(path))
        except (OSError, ValueError) as exc:
            print(f"interviewlab drift psi: cannot read {name} file {path}: {exc}", file=sys.stderr)
            return 2
    reference, current = frames
    shared = [c for c in reference.columns if c in current.columns]
    if not shared:
        print("interviewlab drift psi: the two files share no column", file=sys.stderr)
        return 2
    try:
        values = psi_columns(
            reference[shared], current[shared], bins=args.bins, binning=args.binning
        )
        threshold = Threshold(args.yellow, args.red)
    except (TypeError, ValueError) as exc:
        print(f"interviewlab drift psi: {exc}", file=sys.stderr)
        return 2
    width = max(len(str(c)) for c in shared)
    worst = "green"
    for column, value in values.items():
        tier = tier_of(value, threshold)
        if tier == "red" or (tier == "yellow" and worst == "green"):
            worst = tier
        print(f"{column!s:<{width}}  {value:8.4f}  {tier}")
    for column in sorted(set(reference.columns) ^ set(current.columns)):
        side = "reference" if column in reference.columns else "current"
        print(f"{column!s:<{width}}  only in {side}")
    return 1 if worst == "red" else 0
