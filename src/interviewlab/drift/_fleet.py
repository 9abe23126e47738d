"""``make_fleet``: a fleet of deployed models, some of which drift, with the ground truth.

The generating process, per model (all of it seeded, none of it global):

* ``n_features`` numeric features ``X = mean + scale * z``; the latent ``z`` is standard normal
  on the reference (training) data.
* Half the features (at least one) are informative. The true signal is
  ``z @ w + sum_q a_q (z_q**2 - 1)``: linear, plus, for models with covariate drift, a mild
  curvature on up to three informative features that a linear model cannot see (harmless
  near the reference, costly once the inputs slide away from it). Classification:
  ``y ~ Bernoulli(sigmoid(b + signal))`` with a base rate between 20% and 50%; regression:
  ``y = level + unit * (signal + noise)``.
* The deployed model is a :class:`~sklearn.linear_model.LogisticRegression` after standard
  scaling (classification) or a :class:`~sklearn.linear_model.Ridge` (regression), fitted on
  the reference data.

Then each model gets one *kind* (the ground truth):

``stable``
    nothing changes.
``seasonal``
    one or two features the target does not depend on follow a weekly or fortnightly cycle.
    The reference spans every phase of the cycle, so any single day looks shifted (PSI goes
    red) while predictions and performance do not move: benign, and retraining cannot help.
``gradual``
    covariate drift: from ``onset_day`` the curved informative features slide linearly, over
    5–10 days, to ``magnitude`` reference standard deviations away. The linear model was only
    right near the reference, so its error grows.
``sudden``
    covariate shift: the same features jump by ``magnitude`` standard deviations at
    ``onset_day`` and stay there.
``concept``
    concept drift: at ``onset_day`` the true weights change (by ``magnitude`` times their
    norm) while the inputs keep their distribution; input drift statistics stay quiet and only
    labelled performance shows it.
``prior``
    label/prior shift: from ``onset_day`` rows are sampled with a tilt on the target (more or
    fewer positives; higher or lower values), keeping ``P(x | y)``; predictions and the label
    mix move.

Daily batches are generated on demand, each from its own seed derived with
``np.random.SeedSequence(entropy=fleet.seed, spawn_key=(3, model, day))``, so any (model, day)
can be regenerated exactly, in any order, without the fleet ever sitting in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from interviewlab._validation import check_fraction, check_positive_int, check_random_state

__all__ = ["DRIFT_KINDS", "KINDS", "Batch", "Fleet", "ModelSpec", "make_fleet"]

KINDS = ("stable", "seasonal", "gradual", "sudden", "concept", "prior")
DRIFT_KINDS = ("gradual", "sudden", "concept", "prior")
TASKS = ("classification", "regression")
OWNERS = ("pricing", "fraud", "search", "supply-chain", "marketing", "credit-risk")

# spawn_key streams: one independent random stream per purpose
_PARAMS, _REFERENCE, _HOLDOUT, _DAY = 0, 1, 2, 3


@dataclass(frozen=True)
class ModelSpec:
    """One model of the fleet and the truth about what happens to it.

    Attributes
    ----------
    index : int
        Position in the fleet (what the fleet's methods take).
    model_id : str
        A name such as ``"m007"``.
    owner : str
        The team to notify.
    task : str
        ``"classification"`` or ``"regression"``.
    kind : str
        One of :data:`KINDS`.
    onset_day : int or None
        First day (0-based) on which the change is present; ``None`` for stable and seasonal
        models, which never drift.
    magnitude : float
        Size of the change: standard deviations for covariate drift, relative change of the
        weights for concept drift, strength of the label tilt for prior shift, amplitude of
        the cycle for seasonal models; 0 for stable ones.
    drift_features : tuple of str
        Features whose distribution moves (covariate drift, seasonal); empty otherwise.
    """

    index: int
    model_id: str
    owner: str
    task: str
    kind: str
    onset_day: int | None
    magnitude: float
    drift_features: tuple[str, ...]

    @property
    def drifting(self) -> bool:
        """Whether the model really drifts (seasonal and stable models do not)."""
        return self.kind in DRIFT_KINDS


@dataclass(frozen=True)
class _Params:
    """The hidden generating parameters of one model."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    curved: np.ndarray  # indices of the curved features
    curvature: np.ndarray  # their quadratic coefficients
    intercept: float  # classification: logit of the base rate; regression: level
    unit: float  # regression: units per signal unit
    noise: float  # regression: noise sd in signal units
    drifted: np.ndarray  # feature indices that move (covariate drift / seasonal)
    direction: np.ndarray  # +-1 per drifted feature
    ramp_days: int
    new_weights: np.ndarray  # concept drift: the weights after onset
    tilt: float  # prior shift: signed strength
    period: int  # seasonal cycle in days
    phase: float


@dataclass(frozen=True)
class Batch:
    """One day of one model (or its reference data): features, labels and predictions.

    Attributes
    ----------
    model : int
        The model's index.
    day : int or None
        The day (0-based), or ``None`` for the reference (training) data.
    X : numpy.ndarray
        Features, shape (rows, n_features), columns in ``feature_names`` order.
    y : numpy.ndarray
        True labels (0/1 ints) or target values (floats).
    y_pred : numpy.ndarray
        The deployed (original) model's predictions: classes (threshold 0.5) or values.
    y_score : numpy.ndarray or None
        Predicted probability of class 1 (classification), ``None`` for regression.
    feature_names : tuple of str
    """

    model: int
    day: int | None
    X: np.ndarray
    y: np.ndarray
    y_pred: np.ndarray
    y_score: np.ndarray | None
    feature_names: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The batch as one DataFrame: features, then ``y``, ``y_pred`` (and ``y_score``)."""
        frame = pd.DataFrame(self.X, columns=list(self.feature_names))
        frame["y"] = self.y
        frame["y_pred"] = self.y_pred
        if self.y_score is not None:
            frame["y_score"] = self.y_score
        return frame


@dataclass(frozen=True, eq=False)
class Fleet:
    """A fleet of deployed models with injected drift; made by :func:`make_fleet`.

    Data are generated on demand by the methods: :meth:`reference`, :meth:`holdout`,
    :meth:`batch` and :meth:`draw`; fitted models come from :meth:`model` (fitted once, then
    cached).

    Attributes
    ----------
    n_models, n_days, n_features, rows_per_day, reference_rows : int
    feature_names : tuple of str
    specs : tuple of ModelSpec
        One per model: task, owner and the ground truth.
    ground_truth : pandas.DataFrame
        The same as a table, one row per model: ``model``, ``index``, ``task``, ``owner``,
        ``kind``, ``drifting``, ``onset_day`` (nullable Int64), ``magnitude``,
        ``drift_features`` (comma-separated).
    seed : int
        Entropy from which every per-model and per-day seed is derived.
    description : str
    """

    n_models: int
    n_days: int
    n_features: int
    rows_per_day: int
    reference_rows: int
    feature_names: tuple[str, ...]
    specs: tuple[ModelSpec, ...]
    ground_truth: pd.DataFrame = field(repr=False)
    seed: int
    description: str
    _params: tuple[_Params, ...] = field(repr=False)
    _models: dict = field(default_factory=dict, repr=False)

    # ----------------------------------------------------------------------------- helpers
    def _check_model(self, model) -> int:
        if isinstance(model, str):
            for spec in self.specs:
                if spec.model_id == model:
                    return spec.index
            raise ValueError(f"model {model!r} is not in this fleet")
        if isinstance(model, bool) or not isinstance(model, int | np.integer):
            raise TypeError(f"model must be an index or a model_id, got {model!r}")
        if not 0 <= model < self.n_models:
            raise ValueError(f"model must be in [0, {self.n_models - 1}], got {model!r}")
        return int(model)

    def _check_day(self, day) -> int:
        if isinstance(day, bool) or not isinstance(day, int | np.integer):
            raise TypeError(f"day must be an int, got {day!r}")
        if not 0 <= day < self.n_days:
            raise ValueError(f"day must be in [0, {self.n_days - 1}], got {day!r}")
        return int(day)

    def _rng(self, *key: int) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(entropy=self.seed, spawn_key=key))

    # ----------------------------------------------------------------------------- data
    def spec(self, model) -> ModelSpec:
        """The :class:`ModelSpec` (task, owner, ground truth) of ``model`` (index or id)."""
        return self.specs[self._check_model(model)]

    def draw(self, model, day) -> tuple[np.ndarray, np.ndarray]:
        """Features and labels of ``model`` on ``day``, without predictions: ``(X, y)``.

        Deterministic: the same (model, day) always gives the same arrays.
        """
        m, d = self._check_model(model), self._check_day(day)
        spec, params = self.specs[m], self._params[m]
        return _generate(spec, params, self.rows_per_day, d, self._rng(_DAY, m, d))

    def reference(self, model) -> Batch:
        """The reference (training) data of ``model`` with the model's in-sample predictions."""
        m = self._check_model(model)
        X, y = self._reference_xy(m)
        return self._batch(m, None, X, y)

    def holdout(self, model) -> Batch:
        """Fresh rows from the reference distribution, unseen in training (for baselines)."""
        m = self._check_model(model)
        X, y = self._holdout_xy(m)
        return self._batch(m, None, X, y)

    def batch(self, model, day) -> Batch:
        """Features, labels and the deployed model's predictions of ``model`` on ``day``."""
        m = self._check_model(model)
        X, y = self.draw(m, day)
        return self._batch(m, int(day), X, y)

    def model(self, model):
        """The deployed scikit-learn estimator of ``model``, fitted on its reference data."""
        m = self._check_model(model)
        if m not in self._models:
            X, y = self._reference_xy(m)
            self._models[m] = fit_model(self.specs[m].task, X, y)
        return self._models[m]

    def _reference_xy(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        return _generate(
            self.specs[m], self._params[m], self.reference_rows, None, self._rng(_REFERENCE, m)
        )

    def _holdout_xy(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        return _generate(
            self.specs[m], self._params[m], self.reference_rows, None, self._rng(_HOLDOUT, m)
        )

    def _batch(self, m, day, X, y) -> Batch:
        y_pred, y_score = predict(self.model(m), self.specs[m].task, X)
        return Batch(m, day, X, y, y_pred, y_score, self.feature_names)


def fit_model(task: str, X: np.ndarray, y: np.ndarray):
    """Fit the fleet's estimator for ``task`` on ``(X, y)`` and return it.

    Classification: standard scaling then logistic regression (scaling makes lbfgs converge
    in a handful of iterations on features of very different scales); regression: ridge
    regression with ``alpha=1``.
    """
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if task == "classification":
        estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    else:
        estimator = Ridge(alpha=1.0)
    return estimator.fit(X, y)


def predict(estimator, task: str, X: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """``(y_pred, y_score)`` of a fleet estimator; ``y_score`` is None for regression."""
    if task == "classification":
        score = estimator.predict_proba(X)[:, 1]
        return (score >= 0.5).astype(int), score
    return estimator.predict(X), None


# --------------------------------------------------------------------------------- generation
def _ramp(spec: ModelSpec, params: _Params, day: int | None) -> float:
    """How much of the change is present on ``day`` (0 before onset, 1 when complete)."""
    if day is None or spec.onset_day is None or day < spec.onset_day:
        return 0.0
    if spec.kind == "gradual":
        return min(1.0, (day - spec.onset_day + 1) / params.ramp_days)
    return 1.0


def _signal(z: np.ndarray, weights: np.ndarray, params: _Params) -> np.ndarray:
    curved = z[:, params.curved]
    return z @ weights + (curved**2 - 1.0) @ params.curvature


def _draw_rows(spec, params, n, day, rng):
    """``n`` latent rows and their noisy targets (before any label tilt)."""
    z = rng.standard_normal((n, params.mean.size))
    if spec.kind == "seasonal":
        if day is None:  # the reference covers every phase of the cycle
            theta = rng.uniform(0.0, 2.0 * np.pi, size=(n, 1))
        else:
            theta = np.full((n, 1), 2.0 * np.pi * day / params.period + params.phase)
        offsets = np.arange(params.drifted.size) * (np.pi / 2.0)
        z[:, params.drifted] += spec.magnitude * np.sin(theta + offsets)
    ramp = _ramp(spec, params, day)
    if spec.kind in ("gradual", "sudden") and ramp > 0:
        z[:, params.drifted] += ramp * spec.magnitude * params.direction
    weights = params.new_weights if spec.kind == "concept" and ramp > 0 else params.weights
    signal = _signal(z, weights, params)
    if spec.task == "classification":
        logit = params.intercept + signal
        y = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
        standardized = None  # classification tilts act on the class
    else:
        noisy = signal + params.noise * rng.standard_normal(n)
        y = params.intercept + params.unit * noisy
        spread = np.sum(params.weights**2) + 2 * np.sum(params.curvature**2) + params.noise**2
        standardized = noisy / np.sqrt(spread)
    return z, y, standardized, ramp


def _generate(spec, params, n, day, rng) -> tuple[np.ndarray, np.ndarray]:
    z, y, standardized, ramp = _draw_rows(spec, params, n, day, rng)
    if spec.kind == "prior" and ramp > 0:
        # Keep each row with a probability that depends on its label only, so P(x | y) stays.
        kept_z, kept_y, have = [], [], 0
        while True:
            if spec.task == "classification":
                favoured = y == (1 if params.tilt > 0 else 0)
                keep_prob = np.where(favoured, 1.0, np.exp(-abs(params.tilt)))
            else:
                keep_prob = 1.0 / (1.0 + np.exp(-params.tilt * standardized))
            keep = rng.random(y.size) < keep_prob
            kept_z.append(z[keep])
            kept_y.append(y[keep])
            have += int(keep.sum())
            if have >= n:
                break
            z, y, standardized, _ = _draw_rows(spec, params, n, day, rng)
        z = np.concatenate(kept_z)[:n]
        y = np.concatenate(kept_y)[:n]
    X = params.mean + params.scale * z
    return X, y


def _make_params(spec_kind: str, task: str, n_features: int, rng) -> tuple[_Params, dict]:
    """Draw one model's hidden parameters and the visible parts of its ground truth."""
    p = n_features
    order = rng.permutation(p)
    n_informative = max(1, p // 2)
    informative, quiet = order[:n_informative], order[n_informative:]
    weights = np.zeros(p)
    raw = rng.uniform(0.5, 1.5, n_informative) * rng.choice([-1.0, 1.0], n_informative)
    weights[informative] = raw * (1.5 / np.linalg.norm(raw))
    curved = np.sort(informative[: min(3, n_informative)])
    curvature = rng.uniform(0.3, 0.5, curved.size) * rng.choice([-1.0, 1.0], curved.size)
    if spec_kind not in ("gradual", "sudden"):
        curvature = np.zeros(curved.size)  # only models whose inputs will slide are curved
    mean = rng.uniform(-5.0, 5.0, p).round(1) * rng.choice([1.0, 10.0], p)
    scale = rng.uniform(0.5, 3.0, p).round(2) * rng.choice([1.0, 10.0], p)
    if task == "classification":
        base_rate = rng.uniform(0.2, 0.5)
        intercept, unit, noise = float(np.log(base_rate / (1 - base_rate))), 1.0, 0.0
    else:
        intercept = round(float(rng.uniform(50.0, 500.0)))
        unit = round(float(rng.uniform(5.0, 30.0)), 1)
        noise = float(rng.uniform(0.5, 1.0))
    onset_ok = spec_kind in DRIFT_KINDS
    drifted = np.array([], dtype=int)
    direction = np.array([])
    ramp_days, tilt, period, phase = 1, 0.0, 7, 0.0
    new_weights = weights
    magnitude = 0.0
    if spec_kind in ("gradual", "sudden"):
        drifted = np.sort(curved[: int(rng.integers(1, curved.size + 1))])
        direction = rng.choice([-1.0, 1.0], drifted.size)
        magnitude = float(rng.uniform(0.6, 1.5))
        ramp_days = int(rng.integers(5, 11))
    elif spec_kind == "concept":
        # Rotate the true weights by magnitude x 90 degrees towards a random direction.
        magnitude = float(rng.uniform(0.6, 1.0))
        other = rng.standard_normal(p)
        other -= (other @ weights) / (weights @ weights) * weights
        other *= np.linalg.norm(weights) / np.linalg.norm(other)
        angle = magnitude * np.pi / 2.0
        new_weights = np.cos(angle) * weights + np.sin(angle) * other
    elif spec_kind == "prior":
        magnitude = float(rng.uniform(1.0, 2.0))
        tilt = magnitude * float(rng.choice([-1.0, 1.0]))
    elif spec_kind == "seasonal":
        drifted = np.sort(quiet[: min(2, quiet.size)])
        magnitude = float(rng.uniform(1.0, 2.0))
        period = int(rng.choice([7, 14]))
        phase = float(rng.uniform(0.0, 2.0 * np.pi))
    params = _Params(
        mean=mean,
        scale=scale,
        weights=weights,
        curved=curved,
        curvature=curvature,
        intercept=intercept,
        unit=unit,
        noise=noise,
        drifted=drifted,
        direction=direction,
        ramp_days=ramp_days,
        new_weights=new_weights,
        tilt=tilt,
        period=period,
        phase=phase,
    )
    return params, {"magnitude": magnitude, "has_onset": onset_ok}


def make_fleet(
    n_models: int,
    n_days: int,
    *,
    n_features: int = 8,
    rows_per_day: int = 500,
    reference_rows: int | None = None,
    drift_share: float = 0.4,
    seasonal_share: float = 0.2,
    classification_share: float = 0.5,
    random_state: int | np.random.Generator | None = None,
) -> Fleet:
    """Make a fleet of deployed models, some of which drift, with the ground truth.

    ``round(drift_share * n_models)`` models drift; their kinds cycle through gradual,
    sudden, concept and prior shift (so each appears once there are four or more), and their
    onset day is drawn uniformly from ``[max(1, n_days // 4), max(that, 3 * n_days // 4 - 1)]``.
    ``round(seasonal_share * n_models)`` models are seasonal; the rest are stable. The module
    docstring describes the generating process.

    Parameters
    ----------
    n_models : int
        Number of models, at least 1.
    n_days : int
        Number of days after deployment, at least 2 (day 0 is always before any drift).
    n_features : int, default=8
        Features per model, at least 2.
    rows_per_day : int, default=500
        Rows scored per model per day, at least 20.
    reference_rows : int, optional
        Rows of reference (training) data per model, at least 50; default
        ``4 * rows_per_day`` (a model is trained on more history than one day brings; with
        too little, a retrained candidate wins the gate by luck more often).
    drift_share, seasonal_share : float, default=0.4, 0.2
        Shares of drifting and seasonal models; their sum is at most 1.
    classification_share : float, default=0.5
        Share of classifiers; the others are regressors.
    random_state : None, int or numpy.random.Generator, default=None
        Seed; the same seed gives the same fleet, models and batches.

    Returns
    -------
    Fleet
        The specs and ground truth, and methods that generate each model's reference data,
        daily batches and fitted model on demand.

    Examples
    --------
    >>> fleet = make_fleet(8, 20, n_features=4, rows_per_day=200, random_state=0)
    >>> fleet.ground_truth[["model", "task", "kind", "onset_day"]]
      model            task      kind  onset_day
    0  m000      regression    stable       <NA>
    1  m001      regression  seasonal       <NA>
    2  m002  classification   concept         12
    3  m003  classification  seasonal       <NA>
    4  m004  classification    stable       <NA>
    5  m005      regression    stable       <NA>
    6  m006      regression   gradual          6
    7  m007  classification    sudden          6
    >>> batch = fleet.batch(7, 10)
    >>> batch.X.shape, batch.y.shape
    ((200, 4), (200,))
    >>> make_fleet(3, 1)
    Traceback (most recent call last):
    ...
    ValueError: n_days must be an integer >= 2, got 1
    """
    n_models = check_positive_int("n_models", n_models)
    n_days = check_positive_int("n_days", n_days, minimum=2)
    n_features = check_positive_int("n_features", n_features, minimum=2)
    rows_per_day = check_positive_int("rows_per_day", rows_per_day, minimum=20)
    if reference_rows is None:
        reference_rows = 4 * rows_per_day
    reference_rows = check_positive_int("reference_rows", reference_rows, minimum=50)
    drift_share = check_fraction("drift_share", drift_share)
    seasonal_share = check_fraction("seasonal_share", seasonal_share)
    if drift_share + seasonal_share > 1.0:
        raise ValueError(
            f"drift_share + seasonal_share must be at most 1, got {drift_share} + {seasonal_share}"
        )
    classification_share = check_fraction("classification_share", classification_share)
    rng = check_random_state(random_state)
    seed = int(rng.integers(2**63))

    n_drift = round(drift_share * n_models)
    n_seasonal = min(round(seasonal_share * n_models), n_models - n_drift)
    kinds = [DRIFT_KINDS[i % len(DRIFT_KINDS)] for i in range(n_drift)]
    kinds += ["seasonal"] * n_seasonal + ["stable"] * (n_models - n_drift - n_seasonal)
    kinds = [kinds[i] for i in rng.permutation(n_models)]
    n_classifiers = round(classification_share * n_models)
    is_classifier = np.zeros(n_models, dtype=bool)
    is_classifier[rng.permutation(n_models)[:n_classifiers]] = True
    lo = max(1, n_days // 4)
    hi = max(lo, (3 * n_days) // 4 - 1)

    width = max(3, len(str(n_models - 1)))
    feature_names = tuple(f"f{j:02d}" for j in range(n_features))
    specs, params_list = [], []
    for m, kind in enumerate(kinds):
        task = "classification" if is_classifier[m] else "regression"
        model_rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(_PARAMS, m)))
        params, info = _make_params(kind, task, n_features, model_rng)
        onset = int(model_rng.integers(lo, hi + 1)) if info["has_onset"] else None
        specs.append(
            ModelSpec(
                index=m,
                model_id=f"m{m:0{width}d}",
                owner=f"team-{OWNERS[int(model_rng.integers(len(OWNERS)))]}",
                task=task,
                kind=kind,
                onset_day=onset,
                magnitude=round(info["magnitude"], 3),
                drift_features=tuple(feature_names[j] for j in params.drifted),
            )
        )
        params_list.append(params)

    truth = pd.DataFrame(
        {
            "model": [s.model_id for s in specs],
            "index": [s.index for s in specs],
            "task": [s.task for s in specs],
            "owner": [s.owner for s in specs],
            "kind": [s.kind for s in specs],
            "drifting": [s.drifting for s in specs],
            "onset_day": pd.array([s.onset_day for s in specs], dtype="Int64"),
            "magnitude": [s.magnitude for s in specs],
            "drift_features": [",".join(s.drift_features) for s in specs],
        }
    )
    counts = truth["kind"].value_counts()
    summary = ", ".join(f"{counts[k]} {k}" for k in KINDS if k in counts)
    description = (
        f"{n_models} models ({int(is_classifier.sum())} classifiers) watched for {n_days} days, "
        f"{n_features} features, {rows_per_day} rows a day, {reference_rows} reference rows "
        f"each: {summary}."
    )
    return Fleet(
        n_models=n_models,
        n_days=n_days,
        n_features=n_features,
        rows_per_day=rows_per_day,
        reference_rows=reference_rows,
        feature_names=feature_names,
        specs=tuple(specs),
        ground_truth=truth,
        seed=seed,
        description=description,
        _params=tuple(params_list),
    )
