"""The mock-interview widget, and the pure functions under it.

The widget draws a question, runs a timer, takes a written answer, then reveals the rubric and
the self-check. Everything it shows comes from the pure functions and the session class here
(tested); the widget only wires them to ipywidgets, which are imported when it is built.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import numpy as np

from interviewlab._validation import check_random_state
from interviewlab.questions._bank import Question, QuestionBank, load_question_bank
from interviewlab.questions._constants import LEVELS, TOPIC_TITLES, TOPICS
from interviewlab.questions._draw import draw, select
from interviewlab.questions._render import _html_text, _inline, _phrases
from interviewlab.questions._selfcheck import SelfCheck, score_answer

__all__ = [
    "MockInterviewSession",
    "clock_state",
    "format_clock",
    "mock_interview",
    "question_card_html",
    "reveal_html",
]

_ANY = "any"
_COLORS = {"ok": "#1d6b35", "warn": "#9a6700", "over": "#a3261b"}


def format_clock(seconds: float) -> str:
    """Seconds as ``mm:ss``; a negative time (overtime) gets a leading minus.

    Examples
    --------
    >>> format_clock(605), format_clock(0), format_clock(-75)
    ('10:05', '00:00', '-01:15')
    """
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


def clock_state(elapsed: float, minutes: int) -> tuple[str, str]:
    """The timer's text and state for ``elapsed`` seconds of a ``minutes`` budget.

    The state is ``"ok"``, ``"warn"`` in the last fifth of the budget, then ``"over"``.

    Examples
    --------
    >>> clock_state(30, 5)
    ('04:30 left', 'ok')
    >>> clock_state(250, 5)
    ('00:50 left', 'warn')
    >>> clock_state(320, 5)
    ('00:20 over', 'over')
    """
    if elapsed < 0:
        raise ValueError(f"elapsed must be >= 0 seconds, got {elapsed!r}")
    budget = 60 * minutes
    left = budget - elapsed
    if left < 0:
        return f"{format_clock(-left)} over", "over"
    state = "warn" if left <= budget / 5 else "ok"
    return f"{format_clock(left)} left", state


def question_card_html(question: Question) -> str:
    """The question as the candidate sees it: title, level, time and prompt (no rubric)."""
    return (
        f"<h3 style='margin:.2em 0'>{html.escape(question.title)}</h3>"
        f"<p style='color:#5b6475;margin:0 0 .5em'>{html.escape(question.topic_title)} · "
        f"{html.escape(question.level)} · about {question.minutes} minutes · "
        f"<code>{html.escape(question.id)}</code></p>"
        f"<div style='border-left:4px solid #1f5fa8;padding:.2em .8em;background:#f3f6fb'>"
        f"{_html_text(question.prompt)}</div>"
    )


def reveal_html(question: Question, check: SelfCheck | None = None) -> str:
    """The rubric, with the self-check's ticks beside the key points when ``check`` is given."""
    covered = {p.point: p for p in check.points} if check is not None else {}
    parts = ["<h4>What the interviewer is looking for</h4>", _html_text(question.looking_for)]
    title = "Key points"
    if check is not None:
        title += f" (self-check: {html.escape(check.summary)}, practice feedback, not a grade)"
    parts.append(f"<h4>{title}</h4><ul style='list-style:none;padding-left:.3em'>")
    for k in question.key_points:
        pc = covered.get(k.point)
        if pc is None:
            mark, note = "☐", ""
        elif pc.covered:
            mark, note = "✅", f" — you wrote <em>“{html.escape(pc.excerpt or '')}”</em>"
        else:
            mark = "⬜"
            note = f" — phrasings that show it: {html.escape(_phrases(k.phrases))}"
        parts.append(f"<li>{mark} {_inline(k.point)}<small>{note}</small></li>")
    parts.append("</ul><h4>Red flags</h4><ul>")
    parts += [f"<li>{_inline(r)}</li>" for r in question.red_flags]
    parts.append("</ul><h4>Follow-ups an interviewer would ask</h4><ol>")
    parts += [
        f"<li>{_inline(f.question)}<br><small>Listen for: {_inline(f.listen_for)}</small></li>"
        for f in question.follow_ups
    ]
    parts.append("</ol>")
    parts.append(
        f"<p><small>Practise it: <code>{html.escape(question.practice)}</code> "
        f"({html.escape(question.exercise_title)})</small></p>"
    )
    return "\n".join(parts)


class MockInterviewSession:
    """A run of mock-interview questions without repeats: the logic under the widget.

    Parameters
    ----------
    topic, level : str or iterable of str, optional
        Draw only from these topics / levels (checked up front).
    bank : QuestionBank, optional
        Defaults to :func:`load_question_bank`.
    random_state : None, int or numpy.random.Generator, default=None
        Seed: the same seed gives the same sequence of questions.

    Examples
    --------
    >>> session = MockInterviewSession(topic="data_quality", level="senior", random_state=3)
    >>> first = session.next_question()
    >>> second = session.next_question()
    >>> first.id != second.id and session.seen == (first.id, second.id)
    True
    >>> session.check("We quarantine the rows and retrain.").question_id == second.id
    True
    """

    def __init__(
        self,
        *,
        topic: str | Iterable[str] | None = None,
        level: str | Iterable[str] | None = None,
        bank: QuestionBank | None = None,
        random_state: int | np.random.Generator | None = None,
    ) -> None:
        self.bank = load_question_bank() if bank is None else bank
        self.topic = topic
        self.level = level
        select(topic=topic, level=level, bank=self.bank)  # validates the filters now
        self._rng = check_random_state(random_state)
        self._seen: list[str] = []
        self.current: Question | None = None

    @property
    def seen(self) -> tuple[str, ...]:
        """Ids of the questions drawn so far, in order."""
        return tuple(self._seen)

    @property
    def remaining(self) -> int:
        """How many matching questions have not been drawn yet."""
        pool = select(topic=self.topic, level=self.level, exclude=self._seen, bank=self.bank)
        return len(pool)

    def next_question(self) -> Question:
        """Draw a question not seen in this session; start over when all have been seen."""
        if self.remaining == 0:
            self._seen.clear()
        (question,) = draw(
            1,
            topic=self.topic,
            level=self.level,
            exclude=self._seen,
            bank=self.bank,
            random_state=self._rng,
        )
        self._seen.append(question.id)
        self.current = question
        return question

    def check(self, answer: str) -> SelfCheck:
        """Self-check ``answer`` against the current question."""
        if self.current is None:
            raise ValueError("no question drawn yet: call next_question() first")
        return score_answer(self.current, answer)


class MockInterview:
    """The widget: build it with :func:`mock_interview`; a notebook displays it directly."""

    def __init__(self, session: MockInterviewSession) -> None:
        import ipywidgets as widgets

        self.session = session
        self.elapsed = 0
        topic_options = [("any topic", _ANY)] + [(TOPIC_TITLES[t], t) for t in TOPICS]
        level_options = [("any level", _ANY)] + [(lv, lv) for lv in LEVELS]
        single_topic = session.topic if isinstance(session.topic, str) else _ANY
        single_level = session.level if isinstance(session.level, str) else _ANY
        self.topic = widgets.Dropdown(
            options=topic_options, value=single_topic, description="Topic"
        )
        self.level = widgets.Dropdown(
            options=level_options, value=single_level, description="Level"
        )
        self.draw_button = widgets.Button(description="Draw a question", button_style="primary")
        self.question = widgets.HTML("<p><em>Press “Draw a question” to start.</em></p>")
        self.timer = widgets.Play(value=0, min=0, max=3600, step=1, interval=1000)
        self.clock = widgets.HTML("")
        self.answer = widgets.Textarea(
            placeholder="Type your answer as you would say it…",
            layout=widgets.Layout(width="100%", height="12em"),
        )
        self.reveal_button = widgets.Button(
            description="Reveal rubric and self-check", disabled=True
        )
        self.feedback = widgets.HTML("")
        self.draw_button.on_click(self._on_draw)
        self.reveal_button.on_click(self._on_reveal)
        self.timer.observe(self._on_tick, names="value")
        self.topic.observe(self._on_filter, names="value")
        self.level.observe(self._on_filter, names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.topic, self.level, self.draw_button]),
                self.question,
                widgets.HBox([self.timer, self.clock]),
                self.answer,
                self.reveal_button,
                self.feedback,
            ]
        )

    def _on_filter(self, change) -> None:
        self.session = MockInterviewSession(
            topic=None if self.topic.value == _ANY else self.topic.value,
            level=None if self.level.value == _ANY else self.level.value,
            bank=self.session.bank,
            random_state=self.session._rng,
        )

    def _on_draw(self, _button=None) -> None:
        try:
            question = self.session.next_question()
        except ValueError as exc:
            self.question.value = f"<p><b>{html.escape(str(exc))}</b></p>"
            return
        self.question.value = question_card_html(question)
        self.answer.value = ""
        self.feedback.value = ""
        self.reveal_button.disabled = False
        self.timer.value = 0
        self._on_tick({"new": 0})
        self.timer.playing = True

    def _on_tick(self, change) -> None:
        question = self.session.current
        if question is None:
            return
        self.elapsed = int(change["new"])
        text, state = clock_state(self.elapsed, question.minutes)
        self.clock.value = f"<b style='color:{_COLORS[state]}'>{text}</b>"

    def _on_reveal(self, _button=None) -> None:
        question = self.session.current
        if question is None:
            return
        self.timer.playing = False
        self.feedback.value = reveal_html(question, self.session.check(self.answer.value))

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def mock_interview(
    *,
    topic: str | Iterable[str] | None = None,
    level: str | Iterable[str] | None = None,
    bank: QuestionBank | None = None,
    random_state: int | np.random.Generator | None = None,
) -> MockInterview:
    """A mock-interview widget: draw a question, answer it against a timer, see the rubric.

    Put it last in a notebook cell to display it. Never graded: the self-check it shows is
    practice feedback (see :func:`score_answer`).

    Parameters
    ----------
    topic, level : str, optional
        Start with these filters (the widget's drop-downs change them).
    bank : QuestionBank, optional
        Defaults to :func:`load_question_bank`.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for the sequence of questions.

    Returns
    -------
    MockInterview
        Holds the ipywidgets (``.widget``, ``.answer``, ``.draw_button``...) and the
        :class:`MockInterviewSession` (``.session``).
    """
    session = MockInterviewSession(topic=topic, level=level, bank=bank, random_state=random_state)
    return MockInterview(session)
