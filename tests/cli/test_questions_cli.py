"""`interviewlab questions …` run as a user would: list, show, draw, export, self-check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from interviewlab.cli import main
from interviewlab.questions import load_question_bank, select

BANK = load_question_bank()


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "interviewlab.cli", "questions", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in this process; return (status, stdout, stderr)."""
    status = main(["questions", *args])
    out = capsys.readouterr()
    return status, out.out, out.err


# ---------------------------------------------------------------------------------------- list


def test_list_prints_every_question_and_the_counts():
    """`questions list` prints one line per question and the counts per topic and level."""
    result = run("list")
    assert result.returncode == 0, result.stderr
    for q in BANK:
        assert q.id in result.stdout
    assert f"{len(BANK)} questions listed" in result.stdout
    counts = BANK.counts()["model_drift"]
    split = f"({counts['junior']}/{counts['mid']}/{counts['senior']})"
    assert f"{'model_drift':<22}  {sum(counts.values()):>3}  {split}" in result.stdout


def test_list_filters_and_json(capsys):
    """--topic, --level and --format json narrow and structure the listing."""
    status, out, _ = cli(
        capsys, "list", "--topic", "model_drift", "--level", "senior", "--format", "json"
    )
    rows = json.loads(out)
    assert status == 0
    assert [r["id"] for r in rows] == [q.id for q in select(topic="model_drift", level="senior")]
    assert {r["topic"] for r in rows} == {"model_drift"}


def test_list_unknown_topic_lists_the_valid_ones():
    """An unknown topic exits 2 and names the valid topics on stderr."""
    result = run("list", "--topic", "drift")
    assert result.returncode == 2 and result.stdout == ""
    assert (
        "topic must be one of 'notebook_to_production', 'model_drift', 'data_quality', "
        "'production_deployment'; got 'drift'" in result.stderr
    )


# ---------------------------------------------------------------------------------------- show


def test_show_prints_the_rubric(capsys):
    """`questions show ID` prints the prompt, key points, red flags and follow-ups."""
    status, out, _ = cli(capsys, "show", "drift-kinds")
    q = BANK.get("drift-kinds")
    assert status == 0
    assert out.startswith(f"## {q.title}\n")
    assert "### Red flags" in out and "### Follow-ups" in out
    assert all(k.point in out for k in q.key_points)


def test_show_without_rubric_and_as_json(capsys):
    """--no-rubric hides the rubric; --format json gives the question's fields."""
    status, out, _ = cli(capsys, "show", "drift-kinds", "--no-rubric")
    assert status == 0 and "Red flags" not in out and "Covariate" in out
    status, out, _ = cli(capsys, "show", "drift-kinds", "--format", "json")
    assert status == 0 and json.loads(out)["key_points"][0]["phrases"]


def test_show_unknown_id_suggests(capsys):
    """An unknown id exits 2 with the close ids on stderr."""
    status, out, err = cli(capsys, "show", "drift-kind")
    assert status == 2 and out == ""
    assert "'drift-kind' is not in the bank" in err and "did you mean 'drift-kinds'" in err


# ---------------------------------------------------------------------------------------- draw


def test_draw_is_reproducible_with_seed(capsys):
    """The same --seed prints the same questions; the seed is echoed for reuse."""
    first = run("draw", "-n", "4", "--seed", "7")
    status, second, _ = cli(capsys, "draw", "-n", "4", "--seed", "7")
    assert first.returncode == status == 0 and first.stdout == second
    assert first.stdout.startswith("Seed 7: run again with --seed 7")
    assert first.stdout.count("\n## ") == 4
    assert "Key points" not in first.stdout


def test_draw_without_seed_prints_one_that_reproduces(capsys):
    """Without --seed a seed is chosen, printed, and reproduces the draw."""
    status, out, _ = cli(capsys, "draw", "-n", "2")
    seed = out.split()[1].rstrip(":")
    status2, out2, _ = cli(capsys, "draw", "-n", "2", "--seed", seed)
    assert status == status2 == 0 and out == out2


def test_draw_with_rubric_filters_and_exclude(capsys):
    """--rubric adds the rubric; --topic/--level/--exclude are honoured."""
    pool = [q.id for q in select(topic="data_quality", level="junior")]
    status, out, _ = cli(
        capsys,
        "draw",
        "-n",
        "2",
        "--topic",
        "data_quality",
        "--level",
        "junior",
        "--seed",
        "1",
        "--rubric",
        *[arg for i in pool[2:] for arg in ("--exclude", i)],
    )
    assert status == 0 and out.count("### Key points") == 2
    assert all(f"`{i}`" in out for i in pool[:2])


def test_draw_too_many_and_bad_level(capsys):
    """Too many questions and unknown levels exit 2 with a clear message."""
    n = len(select(topic="model_drift"))
    status, _, err = cli(capsys, "draw", "-n", "99", "--topic", "model_drift")
    assert status == 2 and f"n=99 but only {n} questions match topic='model_drift'" in err
    status, _, err = cli(capsys, "draw", "--level", "staff")
    assert status == 2 and "level must be one of 'junior', 'mid', 'senior'; got 'staff'" in err
    status, _, err = cli(capsys, "draw", "-n", "0")
    assert status == 2 and "n must be an integer >= 1, got 0" in err


# -------------------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_export_writes_each_format(tmp_path, capsys, fmt):
    """`questions export --format F -o FILE` writes a complete interview packet."""
    target = tmp_path / f"packet.{fmt}"
    status, out, _ = cli(
        capsys, "export", "--format", fmt, "-o", str(target), "-n", "4", "--seed", "3"
    )
    assert status == 0
    assert out.strip() == f"wrote {target} ({fmt}, 4 questions, seed 3)"
    text = target.read_text("utf-8")
    if fmt == "markdown":
        assert text.startswith("# Interview packet") and "## Score sheet" in text
        assert text.count("\n## ") == 5
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and "@media print" in text
        assert text.count('<section class="question"') == 4 and "Score sheet" in text
    else:
        data = json.loads(text)
        assert len(data["questions"]) == 4 and len(data["score_sheet"]["rows"]) == 4
        assert all(q["key_points"] and q["follow_ups"] for q in data["questions"])


def test_export_html_end_to_end(tmp_path):
    """The installed command writes the same HTML packet as the in-process run."""
    target = tmp_path / "packet.html"
    result = run("export", "--format", "html", "-o", str(target), "-n", "4", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert (
        main(
            [
                "questions",
                "export",
                "--format",
                "html",
                "-o",
                str(tmp_path / "b.html"),
                "-n",
                "4",
                "--seed",
                "3",
            ]
        )
        == 0
    )
    assert target.read_text("utf-8") == (tmp_path / "b.html").read_text("utf-8")


def test_export_all_matching_to_stdout(capsys):
    """Without -n the packet holds every matching question, in course order."""
    status, out, _ = cli(capsys, "export", "--format", "json", "--topic", "production_deployment")
    ids = [q["id"] for q in json.loads(out)["questions"]]
    assert status == 0 and ids == [q.id for q in select(topic="production_deployment")]


def test_export_candidate_sheet_and_title(capsys):
    """--no-rubric gives a candidate sheet; --title sets the heading."""
    status, out, _ = cli(
        capsys, "export", "-n", "2", "--seed", "5", "--no-rubric", "--title", "Practice round"
    )
    assert status == 0 and out.startswith("# Practice round\n")
    assert "Key points" not in out and "Score sheet" not in out


def test_export_bad_input(tmp_path, capsys):
    """A missing output folder, --seed without -n and too many questions exit 2."""
    status, _, err = cli(capsys, "export", "-o", str(tmp_path / "nope" / "p.md"))
    assert status == 2 and "--output" in err and "does not exist" in err
    status, _, err = cli(capsys, "export", "--seed", "3")
    assert status == 2 and "--seed only makes sense with -n" in err
    status, _, err = cli(capsys, "export", "-n", "500")
    assert status == 2 and f"only {len(BANK)} questions in the bank" in err


def test_export_unknown_format_is_a_usage_error():
    """An unknown --format is rejected by the parser with exit status 2."""
    result = run("export", "--format", "pdf")
    assert result.returncode == 2 and "invalid choice: 'pdf'" in result.stderr


# ---------------------------------------------------------------------------------- self-check


def test_self_check_from_stdin_and_file(tmp_path, capsys):
    """`questions self-check ID` reads the answer from stdin or a file and reports coverage."""
    answer = "Concept drift: P(y|x) changes. Covariate shift: the input distribution changes."
    result = run("self-check", "drift-kinds", stdin=answer)
    assert result.returncode == 0, result.stderr
    assert "covered 2 of 5 key points" in result.stdout and "practice feedback" in result.stdout
    path = tmp_path / "answer.txt"
    path.write_text(answer, "utf-8")
    assert cli(capsys, "self-check", "drift-kinds", str(path)) == (0, result.stdout, "")


def test_self_check_bad_input(tmp_path, capsys):
    """A missing answer file or an unknown id exits 2."""
    status, _, err = cli(capsys, "self-check", "drift-kinds", str(tmp_path / "none.txt"))
    assert status == 2 and "answer file" in err
    answer = tmp_path / "a.txt"
    answer.write_text("x", "utf-8")
    status, _, err = cli(capsys, "self-check", "nope", str(answer))
    assert status == 2 and "'nope' is not in the bank" in err


# ------------------------------------------------------------------------------------ validate


def test_validate_shipped_bank(capsys):
    """`questions validate` checks the shipped bank and prints the counts."""
    status, out, _ = cli(capsys, "validate")
    assert status == 0 and out.startswith(f"OK: {len(BANK)} questions in ")


def test_validate_broken_bank_names_file_id_and_field(tmp_path):
    """A bank with a schema error exits 1 and names the file, the question and the field."""
    question = BANK.get("drift-kinds").to_dict()
    question["follow_ups"] = question["follow_ups"][:1]
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "questions": [question]}), "utf-8")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert f"{path}: question 'drift-kinds': field 'follow_ups'" in result.stderr


def test_validate_missing_path(capsys):
    """A path that does not exist exits 2."""
    status, _, err = cli(capsys, "validate", str(Path("/no/such/bank")))
    assert status == 2 and "no such file or folder" in err


def test_bare_questions_prints_help():
    """`interviewlab questions` with no subcommand prints help and exits 2."""
    result = run()
    assert result.returncode == 2 and "SUBCOMMAND" in result.stderr
