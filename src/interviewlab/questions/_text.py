"""Words, stems and phrase matching for the answer self-check.

The rules are deliberately simple so that a learner can predict them:

1. text is lower-cased and split into runs of letters and digits (``non-root`` gives ``non``
   and ``root``; ``p99`` stays one word);
2. function words that carry no meaning on their own (``the``, ``of``, ``is``...) are
   dropped; negations (``no``, ``not``, ``never``) and words such as ``out``, ``same`` or
   ``all`` are kept;
3. every word is reduced to its Snowball (Porter 2) stem, so ``retrain``, ``retrained`` and
   ``retraining`` are the same word;
4. a phrase is found when its words appear in the same order, with at most ``MAX_GAP`` other
   words between two consecutive ones.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import snowballstemmer

MAX_GAP = 2
"""How many other (non-stop) words may sit between two consecutive words of a phrase."""

_STOP_WORDS_TEXT = """
    a an the and or but if so than then that this these those it its itself is are was were
    be been being am do does did doing has have had having can could should would will may
    might must shall of to in on for with by at from as into about i me my we our ours us you
    your yours he him his she her hers they them their theirs what which who whom whose when
    where why how there here just also s t
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
"""Words ignored on both sides of the comparison. Negations are deliberately not in it."""

_WORD = re.compile(r"[0-9a-z]+")
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Token:
    """One content word of a text: its stem and where it sits in the original text."""

    stem: str
    start: int
    end: int


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word.

    Examples
    --------
    >>> [stem(w) for w in ("retrain", "retrained", "retraining", "quarantined")]
    ['retrain', 'retrain', 'retrain', 'quarantin']
    """
    return _STEMMER.stemWord(word)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into content words with their stems and character offsets.

    Examples
    --------
    >>> [t.stem for t in tokenize("Run the container as a non-root user!")]
    ['run', 'contain', 'non', 'root', 'user']
    """
    lowered = text.lower()
    return [
        Token(stem(m.group()), m.start(), m.end())
        for m in _WORD.finditer(lowered)
        if m.group() not in STOP_WORDS
    ]


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """The stems a phrase is matched by (its content words, in order).

    Examples
    --------
    >>> phrase_stems("Population Stability Index")
    ('popul', 'stabil', 'index')
    >>> phrase_stems("the")
    ()
    """
    return tuple(t.stem for t in tokenize(phrase))


def find_phrase(
    tokens: list[Token], stems: tuple[str, ...], *, max_gap: int = MAX_GAP
) -> tuple[int, int] | None:
    """Find ``stems`` in ``tokens`` in order, allowing ``max_gap`` words between neighbours.

    Returns the character span ``(start, end)`` in the original text of the first match,
    or ``None``.

    Examples
    --------
    >>> text = "We would retrain the whole model on recent data."
    >>> find_phrase(tokenize(text), phrase_stems("retrain model"))
    (9, 32)
    >>> find_phrase(tokenize(text), phrase_stems("model retrain")) is None
    True
    """
    if not stems:
        return None

    def extend(position: int, k: int) -> int | None:
        # the index of the token matching stems[-1], having matched stems[:k] ending at position
        if k == len(stems):
            return position
        last = min(len(tokens), position + max_gap + 2)
        for nxt in range(position + 1, last):
            if tokens[nxt].stem == stems[k]:
                found = extend(nxt, k + 1)
                if found is not None:
                    return found
        return None

    for first, token in enumerate(tokens):
        if token.stem == stems[0]:
            end = extend(first, 1)
            if end is not None:
                return tokens[first].start, tokens[end].end
    return None
