"""The mock-interview widget: the pure functions under it, and a smoke test of the widget."""

from __future__ import annotations

import pytest

from interviewlab.questions import (
    LEVELS,
    MockInterviewSession,
    load_question_bank,
    mock_interview,
    score_answer,
    select,
)
from interviewlab.questions._widgets import (
    clock_state,
    format_clock,
    question_card_html,
    reveal_html,
)


def test_format_clock():
    """Seconds print as mm:ss, overtime with a minus sign."""
    assert [format_clock(s) for s in (0, 59, 60, 605, 3599, -1, -75)] == [
        "00:00",
        "00:59",
        "01:00",
        "10:05",
        "59:59",
        "-00:01",
        "-01:15",
    ]


def test_clock_state_thresholds():
    """The timer is ok, then warns in the last fifth of the budget, then is over."""
    assert clock_state(0, 10) == ("10:00 left", "ok")
    assert clock_state(479, 10) == ("02:01 left", "ok")
    assert clock_state(480, 10) == ("02:00 left", "warn")
    assert clock_state(600, 10) == ("00:00 left", "warn")
    assert clock_state(601, 10) == ("00:01 over", "over")
    with pytest.raises(ValueError, match="elapsed must be >= 0 seconds, got -1"):
        clock_state(-1, 10)


def test_session_never_repeats_until_exhausted():
    """A session draws every matching question once before starting over."""
    pool = {q.id for q in select(topic="model_drift", level="junior")}
    session = MockInterviewSession(topic="model_drift", level="junior", random_state=4)
    first_round = [session.next_question().id for _ in pool]
    assert set(first_round) == pool and session.remaining == 0
    again = session.next_question()
    assert again.id in pool and session.seen == (again.id,)


def test_session_is_reproducible():
    """The same seed gives the same sequence of questions."""
    a = MockInterviewSession(random_state=8)
    b = MockInterviewSession(random_state=8)
    assert [a.next_question().id for _ in range(5)] == [b.next_question().id for _ in range(5)]


def test_session_validates_filters_and_needs_a_question():
    """Unknown filters fail when the session is made; checking before drawing fails clearly."""
    with pytest.raises(ValueError, match="level must be one of"):
        MockInterviewSession(level="staff")
    with pytest.raises(ValueError, match="no question drawn yet"):
        MockInterviewSession().check("anything")


def test_question_card_has_no_rubric():
    """The card shows the prompt and never the rubric."""
    q = load_question_bank().get("dq-encoder-unknown")
    card = question_card_html(q)
    assert "OneHotEncoder" in card and "<code>" in card
    assert q.key_points[0].point[:25] not in card and q.red_flags[0][:20] not in card


def test_reveal_marks_covered_and_missing_points():
    """The reveal ticks covered key points with the learner's words and hints the missing ones."""
    q = load_question_bank().get("dq-encoder-unknown")
    check = score_answer(q, "With handle_unknown='ignore' the row becomes all zeros, silently.")
    page = reveal_html(q, check)
    assert page.count("✅") == len(check.covered) >= 2
    assert page.count("⬜") == len(check.missing)
    assert "practice feedback, not a grade" in page and "Red flags" in page
    assert "phrasings that show it" in page
    assert reveal_html(q).count("☐") == len(q.key_points)


def test_widget_smoke():
    """The widget builds, draws a question, ticks the timer, and reveals the self-check."""
    pytest.importorskip("ipywidgets")
    interview = mock_interview(topic="data_quality", level="senior", random_state=0)
    assert interview.reveal_button.disabled
    interview.draw_button.click()
    question = interview.session.current
    assert question is not None and question.level == "senior"
    assert question.title in interview.question.value
    assert interview.timer.playing and not interview.reveal_button.disabled
    interview.timer.value = 30
    assert "left" in interview.clock.value
    interview.answer.value = "We quarantine the affected rows and notify the consumers."
    interview.reveal_button.click()
    assert not interview.timer.playing
    assert "Key points (self-check" in interview.feedback.value
    assert "text/plain" in interview._repr_mimebundle_()


def test_widget_filters_rebuild_the_session():
    """Changing the level drop-down draws from the new level."""
    pytest.importorskip("ipywidgets")
    interview = mock_interview(random_state=1)
    interview.level.value = LEVELS[0]
    interview.draw_button.click()
    assert interview.session.current.level == LEVELS[0]
