"""``interviewlab questions …``: list, show, draw and export interview questions.

Exit statuses: 0 success, 1 an invalid bank (``validate``), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    """Add the ``questions`` command family to the top-level parser."""
    parser = subparsers.add_parser(
        "questions",
        help="the interview question bank: list, show, draw, export packets, self-check",
        description=(
            "The interview question bank: four topics, three levels, each question with a "
            "rubric, red flags, follow-ups and the notebook exercise that practises it."
        ),
    )
    commands = parser.add_subparsers(dest="questions_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: _usage(parser))

    def add_filters(p, *, exclude: bool = True) -> None:
        p.add_argument(
            "--topic",
            action="append",
            metavar="TOPIC",
            help="keep this topic (repeat for several): notebook_to_production, model_drift, "
            "data_quality, production_deployment",
        )
        p.add_argument(
            "--level",
            action="append",
            metavar="LEVEL",
            help="keep this level (repeat for several): junior, mid, senior",
        )
        if exclude:
            p.add_argument(
                "--exclude",
                action="append",
                default=[],
                metavar="ID",
                help="never draw this question id (repeat for several), e.g. ones already asked",
            )

    p = commands.add_parser("list", help="list the questions (id, topic, level, time, title)")
    add_filters(p, exclude=False)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_list)

    p = commands.add_parser("show", help="show one question with its rubric")
    p.add_argument("id", metavar="ID", help="the question id (see `questions list`)")
    p.add_argument("--format", choices=("markdown", "html", "json"), default="markdown")
    p.add_argument(
        "--no-rubric", action="store_true", help="the prompt only, as a candidate sees it"
    )
    p.set_defaults(func=_show)

    p = commands.add_parser("draw", help="draw questions for an interview (seeded, balanced)")
    p.add_argument("-n", type=int, default=3, help="how many questions (default 3)")
    add_filters(p)
    p.add_argument("--seed", type=int, help="seed: the same seed draws the same questions")
    p.add_argument("--rubric", action="store_true", help="print each question's rubric too")
    p.set_defaults(func=_draw)

    p = commands.add_parser(
        "export",
        help="write an interview packet: prompts, rubric, follow-ups and a score sheet",
    )
    p.add_argument("--format", choices=("markdown", "html", "json"), default="markdown")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("-n", type=int, help="draw this many questions (default: all that match)")
    add_filters(p)
    p.add_argument("--seed", type=int, help="seed for -n: the same seed draws the same questions")
    p.add_argument("--title", help="the packet's title")
    p.add_argument(
        "--no-rubric", action="store_true", help="prompts only: a sheet to hand to a candidate"
    )
    p.set_defaults(func=_export)

    p = commands.add_parser(
        "self-check",
        help="say which key points a written answer covers (practice feedback, not a grade)",
    )
    p.add_argument("id", metavar="ID", help="the question id")
    p.add_argument(
        "answer",
        nargs="?",
        default="-",
        metavar="FILE",
        help="a text file with the answer (default: read standard input)",
    )
    p.set_defaults(func=_self_check)

    p = commands.add_parser("validate", help="validate a bank folder or file against the schema")
    p.add_argument("path", nargs="?", metavar="PATH", help="default: the bank shipped with us")
    p.set_defaults(func=_validate)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _error(message: str) -> int:
    print(f"interviewlab questions: error: {message}", file=sys.stderr)
    return 2


def _list(args) -> int:
    import json

    from interviewlab.questions import load_question_bank, select

    try:
        questions = select(topic=args.topic, level=args.level)
    except ValueError as exc:
        return _error(str(exc))
    if args.format == "json":
        rows = [
            {k: q.to_dict()[k] for k in ("id", "topic", "level", "minutes", "title", "practice")}
            for q in questions
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max((len(q.id) for q in questions), default=2)
    print(f"{'ID':<{width}}  {'TOPIC':<22}  {'LEVEL':<6}  MIN  TITLE")
    for q in questions:
        seed = " (course question)" if q.seed else ""
        print(f"{q.id:<{width}}  {q.topic:<22}  {q.level:<6}  {q.minutes:>3}  {q.title}{seed}")
    counts = load_question_bank().counts()
    print(f"\n{len(questions)} questions listed. Whole bank by topic (junior/mid/senior):")
    for topic, levels in counts.items():
        split = "/".join(str(levels[lv]) for lv in ("junior", "mid", "senior"))
        print(f"  {topic:<22}  {sum(levels.values()):>3}  ({split})")
    return 0


def _show(args) -> int:
    from interviewlab.questions import load_question_bank, render_question

    try:
        question = load_question_bank().get(args.id)
    except ValueError as exc:
        return _error(str(exc))
    sys.stdout.write(render_question(question, format=args.format, rubric=not args.no_rubric))
    return 0


def _seed(seed: int | None) -> int:
    if seed is not None:
        return seed
    import secrets

    return secrets.randbelow(1_000_000)


def _draw(args) -> int:
    from interviewlab.questions import draw, render_question

    seed = _seed(args.seed)
    try:
        questions = draw(
            args.n, topic=args.topic, level=args.level, exclude=args.exclude, random_state=seed
        )
    except ValueError as exc:
        return _error(str(exc))
    print(f"Seed {seed}: run again with --seed {seed} for the same questions.\n")
    for i, q in enumerate(questions, 1):
        text = render_question(q, rubric=args.rubric).replace(
            f"## {q.title}", f"## {i}. {q.title}", 1
        )
        print(text)
    return 0


def _export(args) -> int:
    from interviewlab.questions import draw, render_packet, select

    try:
        if args.n is None:
            if args.seed is not None:
                return _error("--seed only makes sense with -n (the number of questions to draw)")
            questions = select(topic=args.topic, level=args.level, exclude=args.exclude)
            if not questions:
                return _error("no question matches these filters")
        else:
            seed = _seed(args.seed)
            questions = draw(
                args.n,
                topic=args.topic,
                level=args.level,
                exclude=args.exclude,
                random_state=seed,
            )
        text = render_packet(
            questions, format=args.format, title=args.title, rubric=not args.no_rubric
        )
    except ValueError as exc:
        return _error(str(exc))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    output = Path(args.output)
    if not output.parent.is_dir():
        return _error(f"--output {args.output}: the folder {output.parent} does not exist")
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        return _error(f"--output {args.output}: cannot write it ({exc.strerror})")
    seed_note = f", seed {seed}" if args.n is not None else ""
    print(f"wrote {output} ({args.format}, {len(questions)} questions{seed_note})")
    return 0


def _self_check(args) -> int:
    from interviewlab.questions import score_answer

    if args.answer == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.answer).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return _error(f"answer file {args.answer}: cannot read it ({exc})")
    try:
        result = score_answer(args.id, text)
    except ValueError as exc:
        return _error(str(exc))
    print(result.to_text())
    return 0


def _validate(args) -> int:
    from interviewlab.questions import QuestionBankError, load_question_bank

    if args.path is not None and not Path(args.path).exists():
        return _error(f"path {args.path}: no such file or folder")
    try:
        bank = load_question_bank(args.path)
    except QuestionBankError as exc:
        print(f"interviewlab questions: {exc}", file=sys.stderr)
        return 1
    print(f"OK: {len(bank)} questions in {bank.source}")
    for topic, levels in bank.counts().items():
        split = ", ".join(f"{lv} {n}" for lv, n in levels.items())
        print(f"  {topic:<22}  {sum(levels.values()):>3}  ({split})")
    return 0
