"""Rendering questions: interview packets (Markdown, HTML, JSON) and nbgrader mark schemes.

The bank's text is plain prose with two conventions: inline code in backticks, and lines that
start with ``- `` form a bullet list. That is all the formatting the renderers need to know.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from importlib import resources

from interviewlab._validation import check_choice, check_positive_int
from interviewlab.questions._bank import Question, QuestionBank, load_question_bank
from interviewlab.questions._constants import SCORE_SCALE

__all__ = ["FORMATS", "mark_scheme", "render_packet", "render_question"]

FORMATS = ("markdown", "html", "json")
"""Output formats of :func:`render_packet` and :func:`render_question`."""

_CODE = re.compile(r"`([^`]+)`")


def _blocks(text: str) -> list[tuple[str, object]]:
    """Split bank text into paragraphs ``("p", str)`` and bullet lists ``("ul", [str])``."""
    blocks: list[tuple[str, object]] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        if line.startswith("- "):
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(line[2:])  # type: ignore[union-attr]
            else:
                blocks.append(("ul", [line[2:]]))
        else:
            blocks.append(("p", line))
    return blocks


def _inline(text: str) -> str:
    """HTML for one line of bank text: escaped, with backticks turned into <code>."""
    return _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=False))


def _html_text(text: str, cls: str | None = None) -> str:
    parts = []
    for kind, body in _blocks(text):
        if kind == "p":
            parts.append(f"<p>{_inline(body)}</p>")  # type: ignore[arg-type]
        else:
            items = "".join(f"<li>{_inline(i)}</li>" for i in body)  # type: ignore[union-attr]
            parts.append(f"<ul>{items}</ul>")
    inner = "\n".join(parts)
    return f'<div class="{cls}">{inner}</div>' if cls else inner


def _md_text(text: str, prefix: str = "") -> str:
    lines = []
    for kind, body in _blocks(text):
        if kind == "p":
            lines.append(f"{prefix}{body}")
        else:
            lines.append("\n".join(f"{prefix}- {i}" for i in body))  # type: ignore[union-attr]
        lines.append(prefix.rstrip())
    return "\n".join(lines[:-1])


def _meta(q: Question) -> str:
    seed = " · the course's own question" if q.seed else ""
    return f"{q.topic_title} · {q.level} · about {q.minutes} minutes{seed}"


def _phrases(q_phrases: Iterable[str], limit: int = 4) -> str:
    return ", ".join(f"“{p}”" for p in list(q_phrases)[:limit])


# ---------------------------------------------------------------------------------- markdown


def _question_md(q: Question, number: int | None, rubric: bool) -> str:
    head = f"{number}. {q.title}" if number is not None else q.title
    out = [f"## {head}", "", f"`{q.id}` · {_meta(q)}", "", _md_text(q.prompt, "> "), ""]
    if rubric:
        out += ["### What the interviewer is looking for", "", _md_text(q.looking_for), ""]
        out += ["### Key points (tick what the candidate says)", ""]
        for k in q.key_points:
            out.append(f"- [ ] {k.point}  \n  *Listen for:* {_phrases(k.phrases)}")
        out += ["", "### Red flags", ""]
        out += [f"- {r}" for r in q.red_flags]
        out += ["", "### Follow-ups", ""]
        for i, f in enumerate(q.follow_ups, 1):
            out.append(f"{i}. {f.question}  \n   *Listen for:* {f.listen_for}")
        out.append("")
    out.append(f"*Practise it:* [{q.exercise_title}]({q.practice})")
    return "\n".join(out)


def _header_md(questions: list[Question], title: str, rubric: bool) -> str:
    minutes = sum(q.minutes for q in questions)
    out = [f"# {title}", ""]
    if rubric:
        out += [
            "Candidate: ______________________  Interviewer: ______________________  "
            "Date: ____________",
            "",
        ]
        out += [
            f"{len(questions)} questions, about {minutes} minutes. Read the prompt as written; "
            "tick the key points the candidate makes unprompted, use the follow-ups to probe, "
            "and score each question on the 0–3 scale of the score sheet.",
        ]
    else:
        out += [
            f"{len(questions)} questions, about {minutes} minutes. Answer out loud or in "
            "writing, then compare with the rubric (`interviewlab questions show ID`)."
        ]
    return "\n".join(out)


def _sheet_md(questions: list[Question]) -> str:
    out = [
        "## Score sheet",
        "",
        "| # | Question | Level | Min | Key points | Score 0–3 | Notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, q in enumerate(questions, 1):
        out.append(
            f"| {i} | {q.title} (`{q.id}`) | {q.level} | {q.minutes} | "
            f"__ / {len(q.key_points)} | | |"
        )
    out += ["", "Scale:", ""]
    out += [f"- **{score}**: {meaning}" for score, meaning in SCORE_SCALE]
    out += ["", "Overall impression and recommendation: ______________________________________"]
    return "\n".join(out)


def _packet_md(questions: list[Question], title: str, rubric: bool) -> str:
    parts = [_header_md(questions, title, rubric)]
    parts += [_question_md(q, i, rubric) for i, q in enumerate(questions, 1)]
    if rubric:
        parts.append(_sheet_md(questions))
    return "\n\n---\n\n".join(parts) + "\n"


# -------------------------------------------------------------------------------------- html


def _question_html(q: Question, number: int | None, rubric: bool) -> str:
    head = f"{number}. {q.title}" if number is not None else q.title
    out = [
        f'<section class="question" id="{html.escape(q.id)}">',
        f"<h2>{html.escape(head)}</h2>",
        f'<p class="meta"><code>{html.escape(q.id)}</code> · {html.escape(_meta(q))}</p>',
        _html_text(q.prompt, "prompt"),
    ]
    if rubric:
        out += ["<h3>What the interviewer is looking for</h3>", _html_text(q.looking_for)]
        out.append("<h3>Key points (tick what the candidate says)</h3>")
        out.append('<ul class="checklist">')
        for k in q.key_points:
            listen = html.escape(_phrases(k.phrases))
            out.append(
                f'<li>{_inline(k.point)}<span class="phrases">Listen for: {listen}</span></li>'
            )
        out.append("</ul>")
        out.append('<h3>Red flags</h3><ul class="flags">')
        out += [f"<li>{_inline(r)}</li>" for r in q.red_flags]
        out.append("</ul><h3>Follow-ups</h3><ol>")
        for f in q.follow_ups:
            out.append(
                f'<li>{_inline(f.question)}<div class="listen">Listen for: '
                f"{_inline(f.listen_for)}</div></li>"
            )
        out.append("</ol>")
    practice = html.escape(q.practice)
    out.append(
        f'<p class="practice">Practise it: <a href="{practice}">'
        f"{html.escape(q.exercise_title)}</a> (<code>{practice}</code>)</p>"
    )
    out.append('<div class="notes">Notes</div>')
    out.append("</section>")
    return "\n".join(out)


def _packet_html(questions: list[Question], title: str, rubric: bool) -> str:
    css = resources.files("interviewlab.questions").joinpath("packet.css").read_text("utf-8")
    minutes = sum(q.minutes for q in questions)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{css}</style></head>",
        "<body>",
        '<header class="cover">',
        f"<h1>{html.escape(title)}</h1>",
    ]
    if rubric:
        out.append(
            '<table class="fields"><tr><td>Candidate</td><td class="line"></td></tr>'
            '<tr><td>Interviewer</td><td class="line"></td></tr>'
            '<tr><td>Date</td><td class="line"></td></tr></table>'
        )
        out.append(
            f"<p>{len(questions)} questions, about {minutes} minutes. Read the prompt as "
            "written; tick the key points the candidate makes unprompted, use the follow-ups "
            "to probe, and score each question on the 0–3 scale of the score sheet (last "
            "page). Each question starts on a new page when printed.</p>"
        )
    else:
        out.append(
            f"<p>{len(questions)} questions, about {minutes} minutes. Answer out loud or in "
            "writing, then compare with the rubric.</p>"
        )
    out.append("<ol>")
    out += [
        f'<li><a href="#{html.escape(q.id)}">{html.escape(q.title)}</a> '
        f'<span class="meta">({html.escape(q.level)}, {q.minutes} min)</span></li>'
        for q in questions
    ]
    out += ["</ol>", "</header>"]
    out += [_question_html(q, i, rubric) for i, q in enumerate(questions, 1)]
    if rubric:
        out += [
            '<section class="sheet">',
            "<h2>Score sheet</h2>",
            '<table class="sheet"><thead><tr><th>#</th><th>Question</th><th>Level</th>'
            "<th>Min</th><th>Key points</th><th>Score 0–3</th><th>Notes</th></tr></thead><tbody>",
        ]
        for i, q in enumerate(questions, 1):
            out.append(
                f"<tr><td>{i}</td><td>{html.escape(q.title)}<br><code>{html.escape(q.id)}"
                f"</code></td><td>{html.escape(q.level)}</td><td>{q.minutes}</td>"
                f'<td class="blank">__ / {len(q.key_points)}</td><td class="blank"></td>'
                '<td class="wide"></td></tr>'
            )
        out.append('</tbody></table><h3>Scale</h3><ul class="scale">')
        out += [
            f"<li><strong>{score}</strong>: {html.escape(meaning)}</li>"
            for score, meaning in SCORE_SCALE
        ]
        out += [
            "</ul><h3>Overall impression and recommendation</h3>",
            '<div class="notes"></div>',
            "</section>",
        ]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# -------------------------------------------------------------------------------------- json


def _question_json(q: Question, rubric: bool) -> dict:
    data = q.to_dict()
    if not rubric:
        keep = ("id", "topic", "level", "title", "prompt", "minutes", "practice")
        data = {k: data[k] for k in keep}
    data["topic_title"] = q.topic_title
    data["exercise_title"] = q.exercise_title
    return data


def _packet_json(questions: list[Question], title: str, rubric: bool) -> str:
    packet: dict = {
        "format": "interviewlab-interview-packet",
        "version": 1,
        "title": title,
        "rubric": rubric,
        "total_minutes": sum(q.minutes for q in questions),
        "questions": [_question_json(q, rubric) for q in questions],
    }
    if rubric:
        packet["score_sheet"] = {
            "scale": [{"score": s, "meaning": m} for s, m in SCORE_SCALE],
            "rows": [
                {
                    "number": i,
                    "id": q.id,
                    "title": q.title,
                    "level": q.level,
                    "minutes": q.minutes,
                    "key_points": len(q.key_points),
                    "key_points_covered": None,
                    "score": None,
                    "notes": "",
                }
                for i, q in enumerate(questions, 1)
            ],
        }
    return json.dumps(packet, indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------------ public


def _as_questions(questions: Question | Iterable[Question]) -> list[Question]:
    items = [questions] if isinstance(questions, Question) else list(questions)
    for item in items:
        if not isinstance(item, Question):
            raise TypeError(f"questions must be Question objects, got {type(item).__name__}")
    if not items:
        raise ValueError("questions must hold at least one question, got none")
    ids = [q.id for q in items]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"questions holds the same question twice: {', '.join(repeated)}")
    return items


def render_packet(
    questions: Question | Iterable[Question],
    *,
    format: str = "markdown",
    title: str | None = None,
    rubric: bool = True,
) -> str:
    """Render an interview packet: prompts, rubrics, follow-ups and a score sheet.

    Parameters
    ----------
    questions : Question or iterable of Question
        The questions, in the order to ask them (e.g. from :func:`draw`).
    format : {"markdown", "html", "json"}, default="markdown"
        ``html`` is a standalone page with print styles: each question starts on a new page
        and the score sheet is the last one, so the browser's *Print to PDF* gives a packet.
    title : str, optional
        Defaults to ``"Interview packet"`` (``"Practice questions"`` without the rubric).
    rubric : bool, default=True
        False leaves out what the interviewer is looking for, key points, red flags,
        follow-ups and the score sheet: a sheet to hand to a candidate.

    Returns
    -------
    str

    Examples
    --------
    >>> from interviewlab.questions import draw
    >>> text = render_packet(draw(2, random_state=0), format="markdown")
    >>> text.splitlines()[0], "## Score sheet" in text
    ('# Interview packet', True)
    """
    items = _as_questions(questions)
    check_choice("format", format, FORMATS)
    if not isinstance(rubric, bool):
        raise TypeError(f"rubric must be True or False, got {rubric!r}")
    if title is None:
        title = "Interview packet" if rubric else "Practice questions"
    if format == "markdown":
        return _packet_md(items, title, rubric)
    if format == "html":
        return _packet_html(items, title, rubric)
    return _packet_json(items, title, rubric)


def render_question(
    question: Question,
    *,
    format: str = "markdown",
    rubric: bool = True,
) -> str:
    """Render one question (with its rubric unless ``rubric=False``), without a score sheet.

    Examples
    --------
    >>> from interviewlab.questions import load_question_bank
    >>> q = load_question_bank().get("drift-fleet-monitoring")
    >>> render_question(q, rubric=False).splitlines()[0]
    '## Keeping hundreds of models in their expected range'
    """
    check_choice("format", format, FORMATS)
    if not isinstance(question, Question):
        raise TypeError(f"question must be a Question, got {type(question).__name__}")
    if format == "markdown":
        return _question_md(question, None, rubric) + "\n"
    if format == "html":
        return _question_html(question, None, rubric) + "\n"
    return json.dumps(_question_json(question, rubric), indent=2, ensure_ascii=False) + "\n"


def mark_scheme(
    question_id: str | Question,
    *,
    points: int | None = None,
    markers: bool = False,
    bank: QuestionBank | None = None,
) -> str:
    """The rubric of a question as Markdown, for an nbgrader ``### BEGIN MARK SCHEME`` region.

    Parameters
    ----------
    question_id : str or Question
        The question.
    points : int, optional
        The points of the graded cell. By default one point per key point; otherwise the
        scheme says how to scale the key points covered to ``points``.
    markers : bool, default=False
        Wrap the text in ``### BEGIN MARK SCHEME`` / ``### END MARK SCHEME``.
    bank : QuestionBank, optional
        Defaults to :func:`load_question_bank`.

    Returns
    -------
    str
        Markdown without a trailing newline.

    Examples
    --------
    >>> lines = mark_scheme("drift-fleet-monitoring", points=3, markers=True).splitlines()
    >>> lines[0], lines[-1]
    ('### BEGIN MARK SCHEME', '### END MARK SCHEME')
    >>> "3 points: award round(3 × k / 6) for k of the 6 key points" in lines[1]
    True
    """
    if isinstance(question_id, Question):
        q = question_id
    else:
        q = (load_question_bank() if bank is None else bank).get(question_id)
    n = len(q.key_points)
    if points is None:
        scoring = f"one point per key point below ({n} in total); take 1 off per red flag"
        scoring = f"Rubric from the question bank (`{q.id}`, {q.level}): {scoring} (not below 0)."
    else:
        points = check_positive_int("points", points)
        scoring = (
            f"Rubric from the question bank (`{q.id}`, {q.level}). {points} points: award "
            f"round({points} × k / {n}) for k of the {n} key points below, then take 1 off per "
            "red flag (not below 0)."
        )
    lines = [scoring, "", f"Looking for: {' '.join(q.looking_for.split())}", "", "Key points:"]
    for k in q.key_points:
        lines.append(f"- {k.point} (look for: {_phrases(k.phrases, 3)})")
    lines += ["", "Red flags:"]
    lines += [f"- {r}" for r in q.red_flags]
    text = "\n".join(lines)
    if markers:
        text = f"### BEGIN MARK SCHEME\n{text}\n### END MARK SCHEME"
    return text
