"""``interviewlab checklist ...`` and ``interviewlab serve``.

- ``interviewlab checklist show [--format text|json]`` prints the deployment checklist.
- ``interviewlab checklist audit PATH [--format text|json] [--max-files N]`` audits a project
  folder (exit 0 when the stoplight is green, 1 otherwise, 2 for a bad path).
- ``interviewlab checklist pipeline FILE`` checks a CI/CD pipeline written as YAML or JSON
  (exit 1 when it has problems).
- ``interviewlab serve [--host 127.0.0.1] [--port 8000] [--token TOKEN]`` runs the reference
  prediction API with uvicorn.
"""

from __future__ import annotations

import json
import os
import sys

#: Environment variable ``interviewlab serve`` reads the token from.
TOKEN_ENV = "INTERVIEWLAB_API_TOKEN"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "checklist",
        help="topic 4: the deployment checklist, and auditing a project against it",
        description="Show the deployment checklist, audit a project folder, check a pipeline.",
    )
    commands = parser.add_subparsers(dest="checklist_command", metavar="COMMAND")

    show = commands.add_parser("show", help="print the deployment checklist")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(func=_show)

    audit = commands.add_parser("audit", help="audit a project folder against the checklist")
    audit.add_argument("path", help="the project's root folder")
    audit.add_argument("--format", choices=("text", "json"), default="text")
    audit.add_argument(
        "--max-files", type=int, default=20_000, help="read at most this many files (20000)"
    )
    audit.set_defaults(func=_audit)

    pipeline = commands.add_parser("pipeline", help="check a CI/CD pipeline written as data")
    pipeline.add_argument("file", help="pipeline as YAML or JSON")
    pipeline.set_defaults(func=_pipeline)

    def usage(args, parser=parser) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=usage)

    serve = subparsers.add_parser(
        "serve",
        help="topic 4: run the reference prediction API on localhost",
        description=(
            "Run the reference ice-cream sales API with uvicorn. The token comes from --token, "
            f"else from ${TOKEN_ENV}, else a random one is generated and printed."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--token", help=f"bearer token to accept (prefer ${TOKEN_ENV}: argv is visible in ps)"
    )
    serve.set_defaults(func=_serve)


def _show(args) -> int:
    from interviewlab.deploy import load_checklist

    checklist = load_checklist()
    if args.format == "json":
        print(json.dumps(checklist.to_dict(), indent=2))
    else:
        print(checklist.render_text(), end="")
    return 0


def _audit(args) -> int:
    from interviewlab.deploy import audit_project

    if args.max_files < 1:
        print(f"error: --max-files must be >= 1, got {args.max_files}", file=sys.stderr)
        return 2
    try:
        result = audit_project(args.path, max_files=args.max_files)
    except (FileNotFoundError, NotADirectoryError, PermissionError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(result.render_text(), end="")
    return 0 if result.stoplight == "green" else 1


def _pipeline(args) -> int:
    import yaml

    from interviewlab.deploy import validate_pipeline

    try:
        with open(args.file, encoding="utf-8") as handle:
            spec = yaml.safe_load(handle)  # YAML is a superset of JSON
    except OSError as exc:
        print(f"error: file {args.file!r}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except yaml.YAMLError as exc:
        print(f"error: file {args.file!r} is not YAML or JSON: {exc}", file=sys.stderr)
        return 2
    problems = validate_pipeline(spec)
    if not problems:
        print(f"{args.file}: the pipeline passes the checklist")
        return 0
    print(f"{args.file}: {len(problems)} problem(s)")
    for problem in problems:
        print(f"  {problem}")
    return 1


def _serve(args) -> int:
    import logging
    import secrets
    import socket

    if not 0 <= args.port <= 65535:
        print(f"error: --port must be in 0..65535, got {args.port}", file=sys.stderr)
        return 2
    token = args.token or os.environ.get(TOKEN_ENV)
    if token is not None and not token.strip():
        print("error: the token must not be empty", file=sys.stderr)
        return 2
    generated = token is None
    if generated:
        token = secrets.token_urlsafe(24)
    try:
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((args.host, args.port))
    except OSError as exc:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 2
    if args.host not in {"127.0.0.1", "localhost", "::1"}:
        print(f"warning: listening on {args.host}, not only on this machine", file=sys.stderr)

    import uvicorn

    from interviewlab.deploy import make_service

    service_log = logging.getLogger("interviewlab.deploy.service")
    service_log.addHandler(logging.StreamHandler(sys.stderr))
    service_log.setLevel(logging.INFO)
    app = make_service(token=token)
    print(f"interviewlab API on http://{args.host}:{args.port} (docs at /docs)", flush=True)
    if generated:
        print(f"bearer token for this run: {token}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
