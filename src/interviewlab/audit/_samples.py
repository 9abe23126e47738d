"""The sample notebooks in ``datasets/notebooks`` and the findings each must produce."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SampleNotebook:
    """A sample notebook and its labels.

    Attributes
    ----------
    path : pathlib.Path
        The ``.ipynb`` file (its folder holds the project files the audit reads).
    findings : tuple of (str, int or None)
        ``(code, cell)`` of every finding it must produce, sorted by cell then code.
    description : str
    """

    path: Path
    findings: tuple[tuple[str, int | None], ...]
    description: str


def sample_notebooks_dir() -> Path:
    """The ``datasets/notebooks`` folder of the source tree.

    Raises
    ------
    FileNotFoundError
        If interviewlab was installed without its source tree (the samples are not package
        data).
    """
    import interviewlab

    folder = Path(interviewlab.__file__).resolve().parents[2] / "datasets" / "notebooks"
    if not (folder / "labels.yaml").is_file():
        raise FileNotFoundError(
            f"{folder / 'labels.yaml'} not found: the sample notebooks ship with the source "
            "tree; install interviewlab from the repository (pip install -e .)"
        )
    return folder


def load_sample_notebooks() -> dict[str, SampleNotebook]:
    """Read ``datasets/notebooks/labels.yaml``: every sample notebook and its findings.

    Returns
    -------
    dict of str to SampleNotebook
        Keyed by the notebook's path relative to ``datasets/notebooks``.

    Examples
    --------
    >>> samples = load_sample_notebooks()
    >>> sorted(samples)[:2]
    ['churn_deploy/churn_deploy.ipynb', 'clean_churn/churn_training.ipynb']
    >>> samples["clean_churn/churn_training.ipynb"].findings
    ()
    """
    import yaml

    folder = sample_notebooks_dir()
    data = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    samples = {}
    for name, entry in data["notebooks"].items():
        findings = tuple(
            sorted(
                ((f["code"], f["cell"]) for f in entry.get("findings") or []),
                key=lambda f: (f[1] is not None, f[1] or 0, f[0]),
            )
        )
        samples[name] = SampleNotebook(folder / name, findings, entry.get("description", ""))
    return samples
