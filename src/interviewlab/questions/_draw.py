"""Drawing questions for an interview: seeded, without repeats, balanced across topics."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from interviewlab._validation import check_choice, check_positive_int, check_random_state
from interviewlab.questions._bank import Question, QuestionBank, load_question_bank
from interviewlab.questions._constants import LEVELS, TOPICS

__all__ = ["draw", "select"]


def _check_filter(name: str, value: str | Iterable[str] | None, choices: tuple[str, ...]):
    """``None`` -> every choice; a str or an iterable of str -> that tuple, each validated."""
    if value is None:
        return choices
    values = (value,) if isinstance(value, str) else tuple(value)
    if not values:
        raise ValueError(f"{name} must name at least one of {', '.join(choices)}; got {value!r}")
    for v in values:
        check_choice(name, v, choices)
    return values


def _check_exclude(exclude: str | Iterable[str], bank: QuestionBank) -> frozenset[str]:
    values = (exclude,) if isinstance(exclude, str) else tuple(exclude)
    unknown = sorted({v for v in values if v not in bank})
    if unknown:
        raise ValueError(
            f"exclude names question ids that are not in the bank: "
            f"{', '.join(repr(u) for u in unknown)}"
        )
    return frozenset(values)


def select(
    *,
    topic: str | Iterable[str] | None = None,
    level: str | Iterable[str] | None = None,
    exclude: str | Iterable[str] = (),
    bank: QuestionBank | None = None,
) -> list[Question]:
    """The questions matching ``topic`` and ``level``, minus ``exclude``, in course order.

    Course order is by topic (as in ``TOPICS``), then level (junior, mid, senior), then the
    order of the bank files.

    Parameters
    ----------
    topic, level : str or iterable of str, optional
        Keep only these topics / levels (default: all). Unknown names raise a ValueError that
        lists the valid ones.
    exclude : str or iterable of str, default=()
        Question ids to leave out (e.g. the ones a candidate has already seen).
    bank : QuestionBank, optional
        Defaults to :func:`load_question_bank`.

    Returns
    -------
    list of Question

    Examples
    --------
    >>> [q.id for q in select(topic="model_drift", level="senior")][:2]
    ['drift-auto-retrain-gate', 'drift-cannot-retrain-quickly']
    >>> select(level="principal")
    Traceback (most recent call last):
    ...
    ValueError: level must be one of 'junior', 'mid', 'senior'; got 'principal'
    """
    bank = load_question_bank() if bank is None else bank
    topics = _check_filter("topic", topic, TOPICS)
    levels = _check_filter("level", level, LEVELS)
    excluded = _check_exclude(exclude, bank)
    kept = [q for q in bank if q.topic in topics and q.level in levels and q.id not in excluded]
    # course order: topic, then level; bank order within a (topic, level)
    return sorted(kept, key=lambda q: (TOPICS.index(q.topic), LEVELS.index(q.level)))


def _shown(value: str | Iterable[str]) -> str:
    """A filter as the error message shows it: 'a' for one value, ['a', 'b'] for several."""
    values = [value] if isinstance(value, str) else list(value)
    return repr(values[0]) if len(values) == 1 else repr(values)


def _round_robin(groups: list[list[Question]]) -> list[Question]:
    """Take one from each group in turn until all are empty."""
    out: list[Question] = []
    for i in range(max((len(g) for g in groups), default=0)):
        out.extend(g[i] for g in groups if i < len(g))
    return out


def _shuffled(items: list, rng: np.random.Generator) -> list:
    return [items[i] for i in rng.permutation(len(items))]


def draw(
    n: int,
    *,
    topic: str | Iterable[str] | None = None,
    level: str | Iterable[str] | None = None,
    exclude: str | Iterable[str] = (),
    bank: QuestionBank | None = None,
    random_state: int | np.random.Generator | None = None,
) -> list[Question]:
    """Draw ``n`` different questions, balanced across topics and levels.

    The matching questions are shuffled within each (topic, level); each topic's list takes
    its levels in turn, and the draw takes the topics in turn (in a random order). So four
    questions from the whole bank cover the four topics, and a topic's questions mix levels,
    unless ``topic`` or ``level`` narrow the pool.

    Parameters
    ----------
    n : int
        How many questions, at least 1 and at most the number that match.
    topic, level : str or iterable of str, optional
        Draw only from these topics / levels. Unknown names raise a ValueError listing the
        valid ones.
    exclude : str or iterable of str, default=()
        Question ids never to draw, e.g. those a candidate has already seen.
    bank : QuestionBank, optional
        Defaults to :func:`load_question_bank`.
    random_state : None, int or numpy.random.Generator, default=None
        Seed: the same seed and arguments give the same questions in the same order (for a
        given bank; adding questions to the bank changes what a seed draws).

    Returns
    -------
    list of Question
        ``n`` questions, no duplicates, in the order to ask them.

    Raises
    ------
    ValueError
        ``n`` is not a positive int, a topic or level is unknown, ``exclude`` names an id not
        in the bank, or fewer than ``n`` questions match (the message says how many do).

    Examples
    --------
    >>> sorted(q.topic for q in draw(4, random_state=7))
    ['data_quality', 'model_drift', 'notebook_to_production', 'production_deployment']
    >>> [q.id for q in draw(2, random_state=7)] == [q.id for q in draw(2, random_state=7)]
    True
    >>> draw(99, topic="model_drift")
    Traceback (most recent call last):
    ...
    ValueError: n=99 but only 17 questions match topic='model_drift'
    """
    n = check_positive_int("n", n)
    bank = load_question_bank() if bank is None else bank
    pool = select(topic=topic, level=level, exclude=exclude, bank=bank)
    if n > len(pool):
        criteria = [
            f"{name}={_shown(value)}"
            for name, value in (("topic", topic), ("level", level))
            if value is not None
        ]
        excluded = (exclude,) if isinstance(exclude, str) else tuple(exclude)
        if excluded:
            criteria.append(f"after excluding {len(set(excluded))}")
        where = " match " + ", ".join(criteria) if criteria else " in the bank"
        raise ValueError(f"n={n} but only {len(pool)} questions{where}")
    rng = check_random_state(random_state)
    pool = sorted(pool, key=lambda q: q.id)
    per_topic = []
    for t in _shuffled([t for t in TOPICS if any(q.topic == t for q in pool)], rng):
        levels = _shuffled(
            [lv for lv in LEVELS if any(q.topic == t and q.level == lv for q in pool)], rng
        )
        per_level = [
            _shuffled([q for q in pool if q.topic == t and q.level == lv], rng) for lv in levels
        ]
        per_topic.append(_round_robin(per_level))
    return _round_robin(per_topic)[:n]
