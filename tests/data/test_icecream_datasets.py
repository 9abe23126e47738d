"""The bundled ice-cream CSVs are reproducible, small and documented."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from interviewlab.incidents import COLUMNS, DATASETS, write_icecream_datasets

FOLDER = Path(__file__).resolve().parents[2] / "datasets" / "icecream"


def test_shipped_files_equal_a_fresh_generation(tmp_path):
    """Every shipped CSV equals, byte for byte, what the generator writes today."""
    written = write_icecream_datasets(tmp_path)
    assert sorted(p.name for p in written) == sorted(DATASETS)
    for path in written:
        assert (FOLDER / path.name).read_bytes() == path.read_bytes(), path.name


def test_folder_holds_only_known_files_and_stays_small():
    """The folder holds the listed CSVs and the datasheet, well under 1 MB in total."""
    names = {p.name for p in FOLDER.iterdir()}
    assert names == {*DATASETS, "DATASHEET.md"}
    assert sum(p.stat().st_size for p in FOLDER.iterdir()) < 500_000


def test_files_read_back_with_the_documented_columns():
    """Each CSV reads back with the documented columns and the generator's row count."""
    for name, args in DATASETS.items():
        frame = pd.read_csv(FOLDER / name, parse_dates=["date"])
        assert list(frame.columns) == list(COLUMNS)
        assert len(frame) == args["n_days"] * args["stores"] * len(args["flavors"])


def test_datasheet_describes_every_file_and_column():
    """The datasheet names each file, each column, how it was made and the intended use."""
    text = (FOLDER / "DATASHEET.md").read_text(encoding="utf-8")
    for name in DATASETS:
        assert f"`{name}`" in text
    for column in COLUMNS:
        assert f"`{column}`" in text
    for heading in ("## How it was made", "## Columns", "## Intended use"):
        assert heading in text
