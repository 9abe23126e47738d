"""The question bank: YAML files in ``bank/``, validated against ``schema.json`` when loaded."""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from interviewlab.questions._constants import (
    EXERCISES,
    LEVELS,
    TOPIC_TITLES,
    TOPICS,
    notebook_path,
)
from interviewlab.questions._text import phrase_stems

__all__ = [
    "FollowUp",
    "KeyPoint",
    "Question",
    "QuestionBank",
    "QuestionBankError",
    "load_question_bank",
    "question_bank_schema",
]

_MAX_REPORTED = 20
_WORDS = re.compile(r"[0-9a-z]+")


class QuestionBankError(ValueError):
    """A bank file that cannot be read or does not follow the schema.

    The message names the file, the question id (or its position when it has no id) and the
    field, one problem per line.
    """


@dataclass(frozen=True)
class KeyPoint:
    """One point a strong answer makes, and the phrasings that show it.

    Attributes
    ----------
    point : str
        The point, as an interviewer would tick it.
    phrases : tuple of str
        Words and phrasings that show the point, matched with stemming by the self-check.
    """

    point: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class FollowUp:
    """A follow-up question and what a good answer to it says."""

    question: str
    listen_for: str


@dataclass(frozen=True)
class Question:
    """One interview question with its rubric.

    Attributes
    ----------
    id, topic, level, title : str
        Stable id, one of the four topics, ``junior``/``mid``/``senior``, a short title.
    prompt : str
        What the interviewer asks, as said to the candidate.
    looking_for : str
        What the interviewer is looking for, in a few sentences.
    key_points : tuple of KeyPoint
        The points of a strong answer, each with the phrasings that show it.
    red_flags : tuple of str
        Answers that should worry the interviewer.
    follow_ups : tuple of FollowUp
        At least two follow-up questions with what to listen for.
    minutes : int
        Estimated time for the question and its follow-ups.
    practice : str
        The notebook exercise that practises it: ``notebooks/<assignment>/<name>.ipynb#<anchor>``.
    tags : tuple of str
        The angles it takes (``batch``, ``regression``, ``regulated``...).
    seed : bool
        True for the course's own interview question of the topic.
    source : str
        The bank file it came from (not part of equality).
    """

    id: str
    topic: str
    level: str
    title: str
    prompt: str
    looking_for: str
    key_points: tuple[KeyPoint, ...]
    red_flags: tuple[str, ...]
    follow_ups: tuple[FollowUp, ...]
    minutes: int
    practice: str
    tags: tuple[str, ...] = ()
    seed: bool = False
    source: str = field(default="", compare=False, repr=False)

    @property
    def topic_title(self) -> str:
        """The topic's human title, e.g. ``Model drift across a fleet``."""
        return TOPIC_TITLES[self.topic]

    @property
    def assignment(self) -> str:
        """The assignment folder of the practising notebook, e.g. ``02_model_drift``."""
        return self.practice.split("/")[1]

    @property
    def exercise(self) -> str:
        """The anchor of the practising exercise, e.g. ``implement-psi``."""
        return self.practice.split("#", 1)[1]

    @property
    def exercise_title(self) -> str:
        """What the practising exercise does, in words."""
        return EXERCISES[self.assignment][self.exercise]

    def to_dict(self) -> dict:
        """The question as plain JSON-ready data, in the bank's field names."""
        return {
            "id": self.id,
            "topic": self.topic,
            "level": self.level,
            "seed": self.seed,
            "title": self.title,
            "prompt": self.prompt,
            "looking_for": self.looking_for,
            "key_points": [{"point": k.point, "phrases": list(k.phrases)} for k in self.key_points],
            "red_flags": list(self.red_flags),
            "follow_ups": [
                {"question": f.question, "listen_for": f.listen_for} for f in self.follow_ups
            ],
            "minutes": self.minutes,
            "practice": self.practice,
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class QuestionBank:
    """All the questions of a bank, in file order.

    Iterate over it, ask ``len(bank)``, ``"some-id" in bank`` or ``bank.get("some-id")``.
    """

    questions: tuple[Question, ...]
    source: str = ""

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __contains__(self, question_id: object) -> bool:
        return any(q.id == question_id for q in self.questions)

    @property
    def ids(self) -> tuple[str, ...]:
        """The question ids, in bank order."""
        return tuple(q.id for q in self.questions)

    def get(self, question_id: str) -> Question:
        """The question with ``question_id``; a ValueError suggests close ids when unknown."""
        if not isinstance(question_id, str):
            raise TypeError(f"question_id must be a str, got {question_id!r}")
        for question in self.questions:
            if question.id == question_id:
                return question
        close = difflib.get_close_matches(question_id, self.ids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(
            f"question_id {question_id!r} is not in the bank ({len(self)} questions){hint} "
            "List them with `interviewlab questions list`."
        )

    def counts(self) -> dict[str, dict[str, int]]:
        """Number of questions per topic and level: ``{topic: {level: n}}``, all keys present.

        Examples
        --------
        >>> bank = load_question_bank()
        >>> sum(sum(levels.values()) for levels in bank.counts().values()) == len(bank)
        True
        """
        table = {t: dict.fromkeys(LEVELS, 0) for t in TOPICS}
        for q in self.questions:
            table[q.topic][q.level] += 1
        return table


def question_bank_schema() -> dict:
    """The JSON schema every bank file follows (``interviewlab/questions/schema.json``).

    Examples
    --------
    >>> question_bank_schema()["required"]
    ['schema_version', 'questions']
    """
    text = resources.files("interviewlab.questions").joinpath("schema.json").read_text("utf-8")
    return json.loads(text)


def _default_bank_dir() -> Path:
    return Path(str(resources.files("interviewlab.questions").joinpath("bank")))


def load_question_bank(path: str | Path | None = None) -> QuestionBank:
    """Load and validate the question bank.

    Every ``*.yaml`` file of the folder (sorted by name) holds ``schema_version: 1`` and a list
    of ``questions``. Each file is checked against :func:`question_bank_schema`, then the bank
    as a whole: ids unique across files, every practice link pointing to a known exercise of
    an existing assignment, every phrasing made of at least one meaningful word.

    Parameters
    ----------
    path : str or Path, optional
        A folder of YAML files or a single YAML file. By default the bank shipped with the
        package (loaded once, then cached).

    Returns
    -------
    QuestionBank

    Raises
    ------
    QuestionBankError
        A file is unreadable, not YAML, or breaks the schema; the message names the file, the
        question id and the field.

    Examples
    --------
    >>> bank = load_question_bank()
    >>> len(bank) >= 60
    True
    >>> bank.get("drift-fleet-monitoring").level
    'mid'
    """
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> QuestionBank:
    return _load(_default_bank_dir())


def _load(path: Path) -> QuestionBank:
    import jsonschema
    import yaml

    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise QuestionBankError(f"{path}: no *.yaml question files in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise QuestionBankError(f"{path}: no such file or folder")

    validator = jsonschema.Draft202012Validator(question_bank_schema())
    problems: list[str] = []
    questions: list[Question] = []
    first_seen: dict[str, Path] = {}
    for file in files:
        try:
            document = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{file}: cannot read it ({exc})")
            continue
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            problems.append(f"{file}:{where}: not valid YAML: {problem}")
            continue
        schema_errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        if schema_errors:
            problems.extend(_describe(file, document, e) for e in schema_errors)
            continue
        for raw in document["questions"]:
            question = _build(raw, file)
            problems.extend(_semantic_problems(question, file))
            if question.id in first_seen:
                problems.append(
                    f"{file}: question {question.id!r}: field 'id': duplicate id, "
                    f"already used in {first_seen[question.id]}"
                )
            else:
                first_seen[question.id] = file
            questions.append(question)
    if problems:
        shown = problems[:_MAX_REPORTED]
        more = len(problems) - len(shown)
        if more:
            shown.append(f"... and {more} more problems")
        raise QuestionBankError("invalid question bank:\n" + "\n".join(shown))
    return QuestionBank(tuple(questions), source=str(path))


def _describe(file: Path, document: object, error) -> str:
    """One line naming the file, the question id and the field of a schema error."""
    location = list(error.absolute_path)
    if len(location) >= 2 and location[0] == "questions" and isinstance(location[1], int):
        index = location[1]
        item = document["questions"][index]
        qid = item.get("id") if isinstance(item, dict) else None
        who = f"question {qid!r}" if isinstance(qid, str) else f"question #{index + 1} (no id)"
        rest = location[2:]
    else:
        who, rest = "file", location
    field_name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest).lstrip(".")
    if error.validator == "required":
        # jsonschema reports a missing field on its parent; name the field itself
        missing = [r for r in error.validator_value if r not in (error.instance or {})]
        if missing:
            field_name = ".".join(filter(None, [field_name, missing[0]]))
    return f"{file}: {who}: field {field_name or '(top level)'!r}: {error.message}"


def _build(raw: dict, file: Path) -> Question:
    return Question(
        id=raw["id"],
        topic=raw["topic"],
        level=raw["level"],
        title=raw["title"].strip(),
        prompt=raw["prompt"].strip(),
        looking_for=raw["looking_for"].strip(),
        key_points=tuple(
            KeyPoint(k["point"].strip(), tuple(p.strip() for p in k["phrases"]))
            for k in raw["key_points"]
        ),
        red_flags=tuple(r.strip() for r in raw["red_flags"]),
        follow_ups=tuple(
            FollowUp(f["question"].strip(), f["listen_for"].strip()) for f in raw["follow_ups"]
        ),
        minutes=raw["minutes"],
        practice=raw["practice"],
        tags=tuple(raw.get("tags", ())),
        seed=raw.get("seed", False),
        source=str(file),
    )


def _semantic_problems(question: Question, file: Path) -> list[str]:
    """Checks JSON schema cannot express: links to real exercises, matchable phrasings."""
    where = f"{file}: question {question.id!r}"
    problems = []
    assignment, anchor = question.assignment, question.exercise
    if assignment not in EXERCISES:  # pragma: no cover - the schema's pattern already stops it
        problems.append(f"{where}: field 'practice': unknown assignment {assignment!r}")
    else:
        expected = notebook_path(assignment)
        if question.practice.split("#")[0] != expected:
            problems.append(
                f"{where}: field 'practice': the notebook of {assignment} is {expected}, "
                f"got {question.practice!r}"
            )
        if anchor not in EXERCISES[assignment]:
            known = ", ".join(EXERCISES[assignment])
            problems.append(
                f"{where}: field 'practice': no exercise {anchor!r} in {assignment} "
                f"(known: {known})"
            )
    for i, key_point in enumerate(question.key_points):
        for phrase in key_point.phrases:
            stems = phrase_stems(phrase)
            n_words = len(_WORDS.findall(phrase.lower()))
            if not stems:
                problems.append(
                    f"{where}: field 'key_points[{i}].phrases': {phrase!r} has only small "
                    "words (the, of, ...) and can never be matched"
                )
            elif len(stems) == 1 and n_words > 1:
                problems.append(
                    f"{where}: field 'key_points[{i}].phrases': {phrase!r} shrinks to the "
                    f"single word {stems[0]!r} once small words are dropped; write that word "
                    "alone or add a meaningful one"
                )
    return problems
