"""The bundled ice-cream CSVs (``datasets/icecream/``): how to regenerate them byte for byte."""

from __future__ import annotations

from pathlib import Path

from interviewlab.incidents._sales import make_icecream_sales

__all__ = ["DATASETS", "dataset_csv", "write_icecream_datasets"]

OLD_FLAVORS = ("chocolate", "vanilla")
NEW_FLAVORS = ("strawberry", "cookie dough", "rum raisin", "rocky road")

#: File name -> the exact `make_icecream_sales` arguments that produce it.
DATASETS = {
    "icecream_sales.csv": {
        "n_days": 365,
        "stores": 4,
        "flavors": OLD_FLAVORS,
        "start": "2024-04-01",
        "random_state": 2024,
    },
    "icecream_sales_new_flavors.csv": {
        "n_days": 28,
        "stores": 4,
        "flavors": OLD_FLAVORS + NEW_FLAVORS,
        "start": "2025-04-01",
        "random_state": 2025,
    },
}


def dataset_csv(name: str) -> str:
    """The exact CSV text of one bundled dataset, generated afresh.

    Examples
    --------
    >>> print(dataset_csv("icecream_sales.csv").splitlines()[0])
    date,store,flavor,temperature,price,promotion,units_sold
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {sorted(DATASETS)}, got {name!r}")
    frame = make_icecream_sales(**DATASETS[name]).frame
    return frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def write_icecream_datasets(folder: str | Path) -> list[Path]:
    """(Re)write every bundled CSV into ``folder`` (created if needed); return the paths.

    The repository's copies live in ``datasets/icecream/``; a test checks they equal a fresh
    generation byte for byte. Their datasheet (``DATASHEET.md``) is written by hand.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"folder {folder} exists and is not a directory")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in DATASETS:
        path = folder / name
        path.write_bytes(dataset_csv(name).encode("utf-8"))
        paths.append(path)
    return paths
