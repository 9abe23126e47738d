"""A transparent self-check of a written answer against a question's key points.

It is practice feedback, never a grade: it only looks for the words and phrasings the bank
lists for each key point (see :mod:`interviewlab.questions._text` for the exact rules). It
cannot tell a right sentence from a wrong one that uses the same words, and a good answer in
other words can be missed. Read the rubric beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewlab.questions._bank import Question, QuestionBank, load_question_bank
from interviewlab.questions._text import MAX_GAP, find_phrase, phrase_stems, tokenize

__all__ = ["PointCheck", "SelfCheck", "score_answer"]

HOW_IT_WORKS = (
    "How this works: a key point counts as covered when one of its phrasings appears in your "
    "answer, word by word in the same order (at most "
    f"{MAX_GAP} other words in between), comparing word stems (retrain = retrained = "
    "retraining) and ignoring case, punctuation and small words like 'the'. It is practice "
    "feedback, not a grade: it cannot judge whether what you wrote is right."
)


@dataclass(frozen=True)
class PointCheck:
    """Whether an answer covers one key point.

    Attributes
    ----------
    point : str
        The key point.
    covered : bool
        True when one of its phrasings was found.
    phrase : str or None
        The bank phrasing that was found.
    excerpt : str or None
        The words of the answer that matched it.
    phrases : tuple of str
        All the phrasings that would show the point.
    """

    point: str
    covered: bool
    phrase: str | None
    excerpt: str | None
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class SelfCheck:
    """The result of :func:`score_answer`: one :class:`PointCheck` per key point."""

    question_id: str
    points: tuple[PointCheck, ...]
    n_words: int

    @property
    def covered(self) -> tuple[PointCheck, ...]:
        """The key points the answer covers."""
        return tuple(p for p in self.points if p.covered)

    @property
    def missing(self) -> tuple[PointCheck, ...]:
        """The key points the answer misses."""
        return tuple(p for p in self.points if not p.covered)

    @property
    def coverage(self) -> float:
        """Share of key points covered, between 0 and 1."""
        return len(self.covered) / len(self.points)

    @property
    def summary(self) -> str:
        """One line: how many key points are covered."""
        return f"covered {len(self.covered)} of {len(self.points)} key points"

    def to_text(self) -> str:
        """A plain-text report (what ``str()`` shows)."""
        lines = [f"Self-check for {self.question_id}: {self.summary} (practice feedback)."]
        if self.n_words == 0:
            lines.append("The answer is empty: write a few sentences first.")
        for p in self.points:
            if p.covered:
                lines.append(f'  [x] {p.point}\n      you wrote: "{p.excerpt}"')
        for p in self.points:
            if not p.covered:
                hints = ", ".join(f'"{h}"' for h in p.phrases[:4])
                lines.append(f"  [ ] {p.point}\n      phrasings that show it: {hints}")
        lines.append(HOW_IT_WORKS)
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown report, for notebooks and the command line."""
        lines = [
            f"**Self-check** for `{self.question_id}`: {self.summary} (practice feedback).",
            "",
        ]
        if self.n_words == 0:
            lines += ["*The answer is empty: write a few sentences first.*", ""]
        if self.covered:
            lines.append("Covered:")
            lines += [f"- [x] {p.point} (you wrote: *{p.excerpt}*)" for p in self.covered]
            lines.append("")
        if self.missing:
            lines.append("Missing:")
            for p in self.missing:
                hints = ", ".join(f"“{h}”" for h in p.phrases[:4])
                lines.append(f"- [ ] {p.point} (phrasings that show it: {hints})")
            lines.append("")
        lines.append(f"*{HOW_IT_WORKS}*")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _excerpt(text: str, start: int, end: int, limit: int = 80) -> str:
    words = re.sub(r"\s+", " ", text[start:end]).strip()
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def score_answer(
    question_id: str | Question, text: str, *, bank: QuestionBank | None = None
) -> SelfCheck:
    """Say which key points of a question a written answer covers and which it misses.

    Word and phrase matching with stemming against the bank's phrasings for each key point:
    transparent and predictable, for practice. It is never a grade.

    Parameters
    ----------
    question_id : str or Question
        The question (its id, or the question itself).
    text : str
        The written answer. An empty answer covers nothing.
    bank : QuestionBank, optional
        Defaults to :func:`load_question_bank`.

    Returns
    -------
    SelfCheck
        One :class:`PointCheck` per key point, with the phrasing and the words that matched.

    Raises
    ------
    TypeError
        ``text`` is not a str.
    ValueError
        The question id is not in the bank.

    Examples
    --------
    >>> check = score_answer(
    ...     "drift-psi-explained",
    ...     "PSI compares the binned distribution of a feature in training with production, "
    ...     "summing (actual - expected) * ln(actual / expected) over the bins.",
    ... )
    >>> check.summary
    'covered 2 of 5 key points'
    >>> [p.phrase for p in check.covered]
    ['compare distribution', 'actual expected ln']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if isinstance(question_id, Question):
        question = question_id
    else:
        bank = load_question_bank() if bank is None else bank
        question = bank.get(question_id)
    tokens = tokenize(text)
    checks = []
    for key_point in question.key_points:
        hit = None
        for phrase in key_point.phrases:
            span = find_phrase(tokens, phrase_stems(phrase))
            if span is not None:
                hit = (phrase, _excerpt(text, *span))
                break
        checks.append(
            PointCheck(
                point=key_point.point,
                covered=hit is not None,
                phrase=hit[0] if hit else None,
                excerpt=hit[1] if hit else None,
                phrases=key_point.phrases,
            )
        )
    return SelfCheck(question.id, tuple(checks), n_words=len(text.split()))
