"""Unit tests for interviewlab.questions: loading, drawing, rendering, mark schemes, self-check."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewlab.questions import (
    EXERCISES,
    LEVELS,
    TOPICS,
    QuestionBankError,
    draw,
    load_question_bank,
    mark_scheme,
    render_packet,
    render_question,
    score_answer,
    select,
)
from interviewlab.questions._text import find_phrase, phrase_stems, tokenize

BANK = load_question_bank()
PREFIX = {
    "notebook_to_production": "nb",
    "model_drift": "drift",
    "data_quality": "dq",
    "production_deployment": "deploy",
}


def _question(qid: str, topic: str, level: str) -> dict:
    """A minimal valid question as the YAML files spell it."""
    assignment = {
        "notebook_to_production": "01_notebook_to_production",
        "model_drift": "02_model_drift",
        "data_quality": "03_unseen_categories",
        "production_deployment": "04_production_deployment",
    }[topic]
    name = assignment.split("_", 1)[1]
    return {
        "id": qid,
        "topic": topic,
        "level": level,
        "title": f"Question {qid}",
        "prompt": "What would you do about this situation in production, and why exactly?",
        "looking_for": "A clear plan that names the problem, the checks and the remedy in order.",
        "key_points": [
            {"point": "Names the problem precisely.", "phrases": ["data drift", "concept drift"]},
            {"point": "Checks before acting.", "phrases": ["validate data", "check schema"]},
            {"point": "Has a remedy with a gate.", "phrases": ["retrain", "quarantine"]},
        ],
        "red_flags": ["Retrains blindly."],
        "follow_ups": [
            {"question": "What if labels are late?", "listen_for": "Proxy metrics and drift."},
            {"question": "What if it is seasonal?", "listen_for": "A seasonal reference window."},
        ],
        "minutes": 5,
        "practice": f"notebooks/{assignment}/{name}.ipynb#{next(iter(EXERCISES[assignment]))}",
    }


def _write_bank(folder: Path, questions: list[dict], name: str = "bank.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump({"schema_version": 1, "questions": questions}), "utf-8")
    return folder


@pytest.fixture
def small_bank(tmp_path):
    """Twelve questions: each topic has one per level."""
    questions = [_question(f"{PREFIX[t]}-{lv}", t, lv) for t in TOPICS for lv in LEVELS]
    return load_question_bank(_write_bank(tmp_path / "bank", questions))


# ------------------------------------------------------------------------------------ loading


def test_default_bank_loads_and_is_cached():
    """The shipped bank loads, holds at least 60 questions, and is loaded once."""
    assert len(BANK) >= 60
    assert load_question_bank() is BANK


def test_get_unknown_id_suggests_close_ids():
    """An unknown id raises a ValueError that names it and suggests close ids."""
    with pytest.raises(ValueError, match=r"'drift-psi-explaned' is not in the bank.*did you mean"):
        BANK.get("drift-psi-explaned")


def test_questions_are_frozen():
    """Questions cannot be modified after loading."""
    question = BANK.get("drift-fleet-monitoring")
    with pytest.raises(AttributeError):
        question.level = "senior"  # type: ignore[misc]


def test_schema_error_names_file_question_and_field(tmp_path):
    """A schema error names the bank file, the question id and the offending field."""
    bad = _question("drift-broken", "model_drift", "mid")
    bad["key_points"][1]["phrases"] = []
    folder = _write_bank(tmp_path, [_question("drift-ok", "model_drift", "mid"), bad])
    with pytest.raises(QuestionBankError) as info:
        load_question_bank(folder)
    message = str(info.value)
    assert "bank.yaml" in message
    assert "question 'drift-broken'" in message
    assert "field 'key_points[1].phrases'" in message


def test_missing_field_is_named(tmp_path):
    """A missing required field is reported by its own name, not only its parent."""
    bad = _question("dq-missing", "data_quality", "junior")
    del bad["red_flags"]
    with pytest.raises(QuestionBankError, match=r"question 'dq-missing': field 'red_flags'"):
        load_question_bank(_write_bank(tmp_path, [bad]))


def test_unknown_level_and_topic_are_schema_errors(tmp_path):
    """A level or topic outside the vocabulary is rejected with the field named."""
    bad = _question("dq-level", "data_quality", "junior")
    bad["level"] = "principal"
    with pytest.raises(QuestionBankError, match=r"question 'dq-level': field 'level'"):
        load_question_bank(_write_bank(tmp_path, [bad]))


def test_question_without_id_is_named_by_position(tmp_path):
    """A question with no id is named by its position in the file."""
    bad = _question("x-y", "data_quality", "junior")
    del bad["id"]
    with pytest.raises(QuestionBankError, match=r"question #1 \(no id\): field 'id'"):
        load_question_bank(_write_bank(tmp_path, [bad]))


def test_duplicate_ids_across_files(tmp_path):
    """The same id in two files is reported with both files."""
    _write_bank(tmp_path, [_question("dq-same", "data_quality", "mid")], "a.yaml")
    _write_bank(tmp_path, [_question("dq-same", "data_quality", "mid")], "b.yaml")
    with pytest.raises(QuestionBankError, match=r"b\.yaml: question 'dq-same'.*duplicate.*a\.yaml"):
        load_question_bank(tmp_path)


def test_practice_link_to_unknown_exercise(tmp_path):
    """A practice link to an exercise the notebook does not have is reported."""
    bad = _question("drift-link", "model_drift", "mid")
    bad["practice"] = "notebooks/02_model_drift/model_drift.ipynb#no-such-exercise"
    with pytest.raises(
        QuestionBankError, match=r"field 'practice': no exercise 'no-such-exercise'"
    ):
        load_question_bank(_write_bank(tmp_path, [bad]))


def test_practice_link_to_wrong_notebook_file(tmp_path):
    """A practice link naming the wrong notebook file in a real assignment is reported."""
    bad = _question("drift-file", "model_drift", "mid")
    bad["practice"] = "notebooks/02_model_drift/drift.ipynb#psi"
    with pytest.raises(QuestionBankError, match=r"the notebook of 02_model_drift is"):
        load_question_bank(_write_bank(tmp_path, [bad]))


def test_phrase_of_only_small_words_is_rejected(tmp_path):
    """A phrasing that the self-check could never match is a load error."""
    bad = _question("drift-phrase", "model_drift", "mid")
    bad["key_points"][0]["phrases"] = ["of the", "data drift"]
    with pytest.raises(QuestionBankError, match=r"'of the' has only small words"):
        load_question_bank(_write_bank(tmp_path, [bad]))


def test_phrase_shrinking_to_one_word_is_rejected(tmp_path):
    """A several-word phrasing that is really one word after dropping small words is flagged."""
    bad = _question("drift-shrink", "model_drift", "mid")
    bad["key_points"][0]["phrases"] = ["on call", "data drift"]
    with pytest.raises(QuestionBankError, match=r"'on call' shrinks to the single word 'call'"):
        load_question_bank(_write_bank(tmp_path, [bad]))


def test_invalid_yaml_reports_line(tmp_path):
    """A file that is not YAML is reported with its line."""
    (tmp_path / "broken.yaml").write_text("schema_version: 1\nquestions: [\n  - id: x\n", "utf-8")
    with pytest.raises(
        QuestionBankError, match=r"broken\.yaml: line \d+, column \d+: not valid YAML"
    ):
        load_question_bank(tmp_path)


def test_empty_folder_and_missing_path(tmp_path):
    """An empty folder and a missing path are clear errors."""
    with pytest.raises(QuestionBankError, match=r"no \*\.yaml question files"):
        load_question_bank(tmp_path)
    with pytest.raises(QuestionBankError, match="no such file or folder"):
        load_question_bank(tmp_path / "nope")


def test_newer_schema_version_is_rejected(tmp_path):
    """A file declaring another schema version is refused, naming the field."""
    folder = _write_bank(tmp_path, [_question("dq-v", "data_quality", "mid")])
    path = folder / "bank.yaml"
    path.write_text(path.read_text("utf-8").replace("schema_version: 1", "schema_version: 2"))
    with pytest.raises(QuestionBankError, match=r"file: field 'schema_version'"):
        load_question_bank(folder)


# -------------------------------------------------------------------------------------- draw


def test_draw_golden_on_small_bank(small_bank):
    """A seeded draw from a fixed bank gives exactly these questions in this order."""
    ids = [q.id for q in draw(6, bank=small_bank, random_state=0)]
    assert ids == ["dq-senior", "nb-senior", "drift-mid", "deploy-junior", "dq-mid", "nb-junior"]


def test_draw_is_reproducible_and_seed_sensitive():
    """The same seed gives the same draw; different seeds give different draws."""
    first = [q.id for q in draw(8, random_state=42)]
    assert first == [q.id for q in draw(8, random_state=42)]
    assert any(first != [q.id for q in draw(8, random_state=s)] for s in range(43, 46))


def test_draw_accepts_a_generator():
    """A numpy Generator is used as is, so successive draws continue its stream."""
    rng = np.random.default_rng(5)
    a, b = draw(3, random_state=rng), draw(3, random_state=rng)
    assert [q.id for q in a] != [q.id for q in b]


def test_draw_four_covers_every_topic():
    """Four questions from the whole bank cover the four topics, for any seed."""
    for seed in range(20):
        assert sorted(q.topic for q in draw(4, random_state=seed)) == sorted(TOPICS)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 60), seed=st.integers(0, 2**32 - 1))
def test_draw_is_balanced_and_without_duplicates(n, seed):
    """Any draw has no duplicates and per-topic counts that differ by at most one."""
    drawn = draw(n, random_state=seed)
    ids = [q.id for q in drawn]
    assert len(ids) == n == len(set(ids))
    counts = [sum(q.topic == t for q in drawn) for t in TOPICS]
    assert max(counts) - min(counts) <= 1


def test_draw_within_a_topic_mixes_levels():
    """Three questions from one topic cover its three levels."""
    for seed in range(10):
        levels = {q.level for q in draw(3, topic="data_quality", random_state=seed)}
        assert levels == set(LEVELS)


def test_draw_filters_topic_and_level():
    """Filters keep only the asked topics and levels; several values are allowed."""
    drawn = draw(5, topic=["model_drift", "data_quality"], level="senior", random_state=1)
    assert {q.topic for q in drawn} <= {"model_drift", "data_quality"}
    assert {q.level for q in drawn} == {"senior"}


def test_draw_exclude_avoids_seen_questions():
    """Excluded ids are never drawn, even when the rest of the pool is exhausted."""
    pool = [q.id for q in select(topic="model_drift", level="junior")]
    drawn = draw(2, topic="model_drift", level="junior", exclude=pool[:-2], random_state=3)
    assert sorted(q.id for q in drawn) == sorted(pool[-2:])


def test_draw_unknown_topic_lists_valid_ones():
    """An unknown topic raises a ValueError listing the valid topics."""
    with pytest.raises(ValueError, match="topic must be one of 'notebook_to_production'") as info:
        draw(2, topic="drift")
    assert "production_deployment" in str(info.value) and "'drift'" in str(info.value)


def test_draw_unknown_level_lists_valid_ones():
    """An unknown level raises a ValueError listing the valid levels."""
    with pytest.raises(
        ValueError, match="level must be one of 'junior', 'mid', 'senior'; got 'lead'"
    ):
        draw(2, level="lead")


def test_draw_too_many_says_how_many_exist():
    """Asking for more than match says how many questions do match."""
    n = len(select(topic="model_drift", level="senior"))
    with pytest.raises(
        ValueError,
        match=rf"n=50 but only {n} questions match topic='model_drift', "
        r"level='senior'",
    ):
        draw(50, topic="model_drift", level="senior")
    with pytest.raises(ValueError, match=rf"n=500 but only {len(BANK)} questions in the bank"):
        draw(500)


def test_draw_bad_n_and_unknown_exclude():
    """A non-positive n and an exclude id that does not exist are rejected by name."""
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
        draw(0)
    with pytest.raises(
        ValueError, match="exclude names question ids that are not in the bank: 'nope'"
    ):
        draw(1, exclude=["nope"])
    with pytest.raises(ValueError, match="topic must name at least one"):
        draw(1, topic=[])


def test_select_is_in_course_order():
    """select returns questions ordered by topic then level."""
    keys = [(TOPICS.index(q.topic), LEVELS.index(q.level)) for q in select()]
    assert keys == sorted(keys) and len(keys) == len(BANK)


# ---------------------------------------------------------------------------------- rendering


class _TagChecker(HTMLParser):
    """Collects open/close tag mismatches of an HTML document."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "hr", "input", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


def test_html_packet_is_well_formed_and_prints_well():
    """The HTML packet balances its tags, has print CSS, a page per question and a score sheet."""
    questions = draw(5, random_state=11)
    page = render_packet(questions, format="html")
    checker = _TagChecker()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == []
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page and "break-before: page" in page and "@page" in page
    assert page.count('<section class="question"') == 5
    assert '<section class="sheet">' in page and "Score sheet" in page
    for q in questions:
        assert f'id="{q.id}"' in page and q.key_points[0].point[:30] in page


def test_html_escapes_bank_text(small_bank):
    """Bank text is escaped in HTML and backticks become <code>."""
    q = small_bank.questions[0]
    hostile = dataclasses.replace(q, prompt="Is `a < b` & <script>x</script> safe?")
    page = render_packet([hostile], format="html")
    assert "<script>x" not in page
    assert "<code>a &lt; b</code> &amp; &lt;script&gt;" in page


def test_markdown_packet_has_rubric_follow_ups_and_score_sheet():
    """The Markdown packet holds prompts, key points, red flags, follow-ups and a score sheet."""
    q = BANK.get("dq-overnight-change")
    text = render_packet([q], format="markdown")
    assert text.startswith("# Interview packet\n")
    assert "## 1. Radically different inferences overnight" in text
    assert "> A model that behaved well for months" in text
    assert text.count("- [ ] ") == len(q.key_points)
    assert "### Red flags" in text and "### Follow-ups" in text
    assert "| 1 | Radically different inferences overnight (`dq-overnight-change`) |" in text
    assert "notebooks/03_unseen_categories/unseen_categories.ipynb#written-encoder-policy" in text


def test_packet_without_rubric_is_a_candidate_sheet():
    """rubric=False leaves out everything an interviewer keeps to themselves."""
    q = BANK.get("dq-overnight-change")
    for fmt in ("markdown", "html"):
        text = render_packet([q], format=fmt, rubric=False)
        assert q.key_points[0].point[:30] not in text
        assert q.red_flags[0][:30] not in text
        assert q.follow_ups[0].question[:30] not in text
        assert "Score sheet" not in text and "Practice questions" in text
    data = json.loads(render_packet([q], format="json", rubric=False))
    assert set(data["questions"][0]) == {
        "id",
        "topic",
        "level",
        "title",
        "prompt",
        "minutes",
        "practice",
        "topic_title",
        "exercise_title",
    }
    assert "score_sheet" not in data


def test_json_packet_round_trips_the_questions():
    """The JSON packet holds every field of every question and one score-sheet row each."""
    questions = draw(3, random_state=2)
    data = json.loads(render_packet(questions, format="json", title="Panel"))
    assert data["title"] == "Panel" and data["format"] == "interviewlab-interview-packet"
    assert data["total_minutes"] == sum(q.minutes for q in questions)
    for got, q in zip(data["questions"], questions, strict=True):
        assert {k: got[k] for k in q.to_dict()} == q.to_dict()
    assert [r["id"] for r in data["score_sheet"]["rows"]] == [q.id for q in questions]
    assert [s["score"] for s in data["score_sheet"]["scale"]] == [0, 1, 2, 3]


def test_render_is_deterministic():
    """Rendering the same questions twice gives identical text (no timestamps)."""
    questions = draw(4, random_state=9)
    for fmt in ("markdown", "html", "json"):
        assert render_packet(questions, format=fmt) == render_packet(questions, format=fmt)


def test_render_bad_input():
    """Unknown formats, empty lists, repeats and non-questions are rejected by name."""
    q = BANK.get("drift-kinds")
    with pytest.raises(
        ValueError, match="format must be one of 'markdown', 'html', 'json'; got 'pdf'"
    ):
        render_packet([q], format="pdf")
    with pytest.raises(ValueError, match="at least one question"):
        render_packet([])
    with pytest.raises(ValueError, match="the same question twice: drift-kinds"):
        render_packet([q, q])
    with pytest.raises(TypeError, match="questions must be Question objects, got str"):
        render_packet(["drift-kinds"])
    with pytest.raises(TypeError, match="rubric must be True or False"):
        render_packet([q], rubric="yes")


def test_render_question_formats():
    """A single question renders in each format, with or without its rubric."""
    q = BANK.get("deploy-secrets")
    assert render_question(q).startswith("## Where the service's secrets live\n")
    assert "Red flags" in render_question(q, format="html")
    assert "Red flags" not in render_question(q, format="html", rubric=False)
    assert json.loads(render_question(q, format="json"))["id"] == "deploy-secrets"


# -------------------------------------------------------------------------------- mark scheme


def test_mark_scheme_lists_every_key_point_and_red_flag():
    """The mark scheme holds each key point and red flag of the question."""
    q = BANK.get("nb-deploy-from-notebook")
    text = mark_scheme(q.id)
    assert text.startswith(
        "Rubric from the question bank (`nb-deploy-from-notebook`, mid): one point"
    )
    assert f"({len(q.key_points)} in total)" in text
    for k in q.key_points:
        assert f"- {k.point} (look for: " in text
    for r in q.red_flags:
        assert f"- {r}" in text
    assert "BEGIN MARK SCHEME" not in text and not text.endswith("\n")


def test_mark_scheme_markers_and_points():
    """markers wraps the text in nbgrader's region; points scales the key points."""
    text = mark_scheme("dq-overnight-change", points=4, markers=True)
    lines = text.splitlines()
    assert lines[0] == "### BEGIN MARK SCHEME" and lines[-1] == "### END MARK SCHEME"
    assert "4 points: award round(4 × k / 7) for k of the 7 key points" in lines[1]
    with pytest.raises(ValueError, match="points must be an integer >= 1, got 0"):
        mark_scheme("dq-overnight-change", points=0)
    with pytest.raises(ValueError, match="'nope' is not in the bank"):
        mark_scheme("nope")


# --------------------------------------------------------------------------------- self-check

GOOD_ANSWERS = {
    "nb-deploy-from-notebook": """
        A notebook is a scratchpad: cells run out of order and leave hidden state in the
        kernel, so the model that gets deployed may not match any code you can rerun. It is
        not reproducible (no pinned environment, no random seed, data pulled by hand), it
        diffs badly in code review and rarely has unit tests. Deploying from it is a manual
        step with someone's personal credentials and no rollback. Instead I move the code into
        Python modules with tests, run a training pipeline that writes a versioned artifact
        with metadata into a model registry, and let CI/CD deploy what the registry promotes.
        For hundreds of models I keep one pipeline and one deployment template driven by a
        configuration table, never one notebook per model.
        """,
    "drift-fleet-monitoring": """
        This is model drift: data drift or covariate shift in the inputs, concept drift when
        the relation between inputs and target changes, and label shift. For every model I
        would compare input and prediction distributions against the training reference with
        the population stability index, KS or Jensen-Shannon, and track precision, recall or
        RMSE per window once labels arrive. Thresholds turn that into green, yellow and red
        tiers: yellow notifies the owner, red triggers retraining, and the retrained model
        only replaces the current one if it beats it on recent labelled data. The same
        monitoring job and policy run for all models in the registry with a fleet dashboard
        and alerts routed to each owner.
        """,
    "dq-overnight-change": """
        Overnight changes are rarely drift, which is gradual; I would suspect a data quality
        change upstream. For example the forecaster starts receiving new flavours it never
        saw in training, and the encoder ignores unknown categories with an all zeros one-hot
        row, so the service returns confident wrong numbers. I would validate the batch
        against the training schema to find the unseen values and their share of rows, then
        quarantine those rows as a bandaid while known rows keep flowing, and notify the
        consumers. Then retrain with the new values behind a validation gate, release the held
        rows through the new model with nothing lost, and add a data contract with alerts so
        it is caught before scoring next time.
        """,
    "deploy-beyond-building": """
        Automation: a CI/CD pipeline, infrastructure as code and Docker containers with
        versioned artifacts, a canary or shadow rollout and a one-step rollback. Automated
        tests: unit tests, data validation, a quality gate on the model, contract tests for
        the API, load tests. Security: secrets in a manager, authentication, input validation,
        dependency scanning, least privilege, and never loading an untrusted pickle.
        Monitoring of drift, errors and business metrics with alerts. For the API I care about
        latency and autoscaling; for the batch job about idempotency and backfills. And an
        owner with a runbook.
        """,
}

POOR_ANSWERS = {
    "nb-deploy-from-notebook": "Notebooks are slow, so I would use a faster computer.",
    "drift-fleet-monitoring": "I would look at the accuracy once a month and hope for the best.",
    "dq-overnight-change": "Probably a bug in the server, so I would restart it.",
    "deploy-beyond-building": "Wrap the model in Flask and ship it.",
}


@pytest.mark.parametrize("qid", sorted(GOOD_ANSWERS))
def test_self_check_good_answer_covers_every_key_point(qid):
    """A strong answer to each seed question covers all of its key points."""
    check = score_answer(qid, GOOD_ANSWERS[qid])
    assert check.missing == (), [p.point for p in check.missing]
    assert check.coverage == 1.0
    for p in check.covered:
        assert p.excerpt and p.phrase in p.phrases


@pytest.mark.parametrize("qid", sorted(POOR_ANSWERS))
def test_self_check_poor_answer_covers_at_most_one(qid):
    """A poor answer to each seed question covers at most one key point."""
    check = score_answer(qid, POOR_ANSWERS[qid])
    assert len(check.covered) <= 1
    assert len(check.missing) >= len(check.points) - 1


def test_self_check_golden_excerpts():
    """The self-check reports which phrasing matched and the exact words of the answer."""
    check = score_answer(
        "drift-psi-explained",
        "PSI sums (actual - expected) * ln(actual/expected) over the reference deciles; "
        "above 0.25 is a significant shift. Empty bins need an epsilon.",
    )
    got = [(p.phrase, p.excerpt) for p in check.covered]
    assert got == [
        ("deciles", "deciles"),
        ("actual expected ln", "actual - expected) * ln"),
        ("0.25", "0.25"),
        ("empty bins", "Empty bins"),
    ]
    assert check.summary == "covered 4 of 5 key points"


def test_self_check_report_texts():
    """The text and Markdown reports say it is practice feedback and list both kinds of point."""
    check = score_answer("drift-kinds", "Concept drift means P(y|x) changes.")
    text, md = str(check), check.to_markdown()
    for report in (text, md):
        assert "practice feedback" in report and "not a grade" in report
        assert check.covered[0].point in report and check.missing[0].point in report
    assert "[x]" in text and "[ ]" in text


def test_self_check_empty_answer_and_bad_input():
    """An empty answer covers nothing and says so; bad types and ids raise."""
    check = score_answer("drift-kinds", "   ")
    assert check.covered == () and "answer is empty" in str(check)
    with pytest.raises(TypeError, match="text must be a str, got NoneType"):
        score_answer("drift-kinds", None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'drift-kind' is not in the bank"):
        score_answer("drift-kind", "x")


def test_self_check_accepts_a_question_object(small_bank):
    """score_answer works on a Question from any bank, not only the shipped one."""
    q = small_bank.questions[0]
    assert score_answer(q, "We would validate the data first.").summary == (
        "covered 1 of 3 key points"
    )


# ------------------------------------------------------------------------------ text matching


def test_stemming_matches_word_forms():
    """Inflected forms match the bank's phrasing through their stems."""
    tokens = tokenize("The models were retrained after drifting badly.")
    assert find_phrase(tokens, phrase_stems("retrain model")) is None  # wrong order
    assert find_phrase(tokens, phrase_stems("model retrained")) is not None
    assert find_phrase(tokens, phrase_stems("drift")) is not None


def test_phrase_gap_rule():
    """At most two other words may sit between consecutive words of a phrase."""
    stems = phrase_stems("quarantine rows")
    assert find_phrase(tokenize("quarantine all affected rows"), stems) is not None
    assert find_phrase(tokenize("quarantine all newly affected rows"), stems) is None


def test_phrase_search_backtracks():
    """A phrase is found even when its first word's earliest occurrence leads nowhere."""
    stems = phrase_stems("data contract")
    text = "data quality matters, so agree a data contract"
    span = find_phrase(tokenize(text), stems)
    assert span is not None and text[span[0] : span[1]] == "data contract"


def test_hyphens_and_case_are_ignored():
    """Hyphens, slashes and case do not matter."""
    assert find_phrase(tokenize("Run as NON-ROOT user"), phrase_stems("non root")) is not None
    assert find_phrase(tokenize("a CI/CD pipeline"), phrase_stems("ci cd")) is not None


# ----------------------------------------------------------------------------------- imports


def test_import_is_cheap():
    """Importing interviewlab.questions does not import ipywidgets, yaml or jsonschema."""
    code = (
        "import sys, interviewlab.questions; "
        "print(sorted(m for m in ('ipywidgets', 'yaml', 'jsonschema') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_question_to_dict_matches_bank_fields():
    """to_dict uses the bank's field names, so a question can be written back as YAML."""
    q = BANK.get("nb-pickle-risk")
    data = q.to_dict()
    rebuilt = copy.deepcopy(data)
    assert set(rebuilt) == {
        "id",
        "topic",
        "level",
        "seed",
        "title",
        "prompt",
        "looking_for",
        "key_points",
        "red_flags",
        "follow_ups",
        "minutes",
        "practice",
        "tags",
    }
    assert re.fullmatch(r"notebooks/01_notebook_to_production/\w+\.ipynb#[\w-]+", data["practice"])
