"""``interviewlab artifacts …``: verify artifacts, render deployment specs, drive the registry."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "artifacts",
        help="verify model artifacts, render deployment specs, manage the model registry",
        description="Model artifacts, templated deployment specs and the local model registry.",
    )
    commands = parser.add_subparsers(dest="artifacts_command", metavar="ACTION")

    verify = commands.add_parser("verify", help="check an artifact folder's files and hashes")
    verify.add_argument("paths", nargs="+", metavar="ARTIFACT")
    verify.set_defaults(func=_verify)

    render = commands.add_parser(
        "render", help="write one deployment spec per model from a template and a CSV table"
    )
    render.add_argument("table", metavar="MODELS_CSV", help="one row per model, with a name")
    render.add_argument("--template", help="YAML template (default: the course template)")
    render.add_argument("--out", required=True, help="folder for the <name>.yaml specs")
    render.set_defaults(func=_render)

    registry = commands.add_parser("registry", help="list, promote or roll back models")
    registry.add_argument("root", metavar="REGISTRY", help="the registry folder")
    action = registry.add_mutually_exclusive_group()
    action.add_argument("--register", metavar="ARTIFACT", help="register an artifact folder")
    action.add_argument("--promote", nargs=3, metavar=("NAME", "VERSION", "STAGE"))
    action.add_argument("--rollback", nargs=2, metavar=("NAME", "STAGE"))
    registry.set_defaults(func=_registry)
    parser.set_defaults(func=lambda args: _usage(parser))


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _verify(args: argparse.Namespace) -> int:
    from interviewlab.artifacts import ArtifactError, verify_artifact

    status = 0
    for path in args.paths:
        try:
            artifact = verify_artifact(path)
        except ArtifactError as exc:
            print(f"interviewlab artifacts: error: {exc}", file=sys.stderr)
            status = 1
        else:
            print(
                f"{path}: ok ({artifact.name} {artifact.version}, "
                f"manifest sha256 {artifact.manifest_sha256})"
            )
    return status


def _render(args: argparse.Namespace) -> int:
    from pathlib import Path

    import pandas as pd

    from interviewlab.artifacts import DEFAULT_TEMPLATE, render_deployments

    try:
        table = pd.read_csv(args.table, dtype={"version": str})
        template = (
            Path(args.template).read_text(encoding="utf-8") if args.template else (DEFAULT_TEMPLATE)
        )
        result = render_deployments(template, table, out_dir=args.out)
    except (OSError, ValueError, TypeError, pd.errors.ParserError) as exc:
        print(f"interviewlab artifacts: error: {exc}", file=sys.stderr)
        return 2
    for error in result.errors:
        for message in error.messages:
            print(f"{error.model} (row {error.row}): {message}", file=sys.stderr)
    print(f"{len(result.written)} specs written to {args.out}, {len(result.errors)} invalid")
    return 1 if result.errors else 0


def _registry(args: argparse.Namespace) -> int:
    from interviewlab.artifacts import ArtifactError, ModelRegistry, RegistryError

    registry = ModelRegistry(args.root)
    try:
        if args.register:
            version = registry.register(args.register)
            print(f"registered {version.name} {version.version}")
        elif args.promote:
            registry.promote(*args.promote)
            print(f"{args.promote[0]} {args.promote[1]} is now in {args.promote[2]}")
        elif args.rollback:
            version = registry.rollback(*args.rollback)
            print(f"{args.rollback[0]} is back to {version} in {args.rollback[1]}")
        else:
            for name in registry.names():
                for version in registry.versions(name):
                    stages = ", ".join(version.stages) or "-"
                    print(f"{name} {version.version} [{stages}] registered {version.registered_at}")
    except (ArtifactError, RegistryError, ValueError) as exc:
        print(f"interviewlab artifacts: error: {exc}", file=sys.stderr)
        return 2
    if registry.skipped_lines:
        print(f"note: skipped damaged log lines {registry.skipped_lines}", file=sys.stderr)
    return 0
