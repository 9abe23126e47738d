"""Topic 3: the overnight unseen-category incident.

A model that behaved for months gives very different answers overnight while the service runs
fine. The usual cause is a data-quality change upstream, not drift (drift is slow): here an
ice-cream forecaster trained on chocolate and vanilla suddenly receives strawberry, cookie dough,
rum raisin and rocky road. This package holds the data (:func:`make_icecream_sales`), the
scenario with its ground truth (:func:`make_flavor_incident`, :func:`make_gradual_drift`), data
contracts (:func:`infer_schema`, :func:`validate_batch`) and the remedies (:func:`quarantine`,
:func:`bucket_unknowns`, :func:`retrain`, :func:`release`). Plots and the day-by-day widget
live in ``interviewlab.incidents._plots`` and ``._widgets`` (re-exported here, imported lazily).

Importing this package loads pandas but not scikit-learn or matplotlib.
"""

from interviewlab.incidents._contracts import (
    ANOMALY_KINDS,
    SCHEMA_VERSION,
    Anomaly,
    ColumnSchema,
    Schema,
    ValidationReport,
    infer_schema,
    load_schema,
    save_schema,
    validate_batch,
)
from interviewlab.incidents._datasets import DATASETS, write_icecream_datasets
from interviewlab.incidents._model import build_forecaster, fit_forecaster, mae
from interviewlab.incidents._remedies import (
    Bucketed,
    Quarantine,
    Release,
    RetrainResult,
    bandaid_costs,
    bucket_unknowns,
    quarantine,
    release,
    retrain,
)
from interviewlab.incidents._sales import (
    COLUMNS,
    FEATURES,
    FLAVOR_CATALOG,
    TARGET,
    IcecreamSales,
    flavor_traits,
    make_icecream_sales,
)
from interviewlab.incidents._scenario import (
    IncidentScenario,
    IncidentTruth,
    make_flavor_incident,
    make_gradual_drift,
)
from interviewlab.incidents._timeline import incident_timeline

__all__ = [
    "ANOMALY_KINDS",
    "COLUMNS",
    "DATASETS",
    "FEATURES",
    "FLAVOR_CATALOG",
    "SCHEMA_VERSION",
    "TARGET",
    "Anomaly",
    "Bucketed",
    "ColumnSchema",
    "IcecreamSales",
    "IncidentScenario",
    "IncidentTruth",
    "Quarantine",
    "Release",
    "RetrainResult",
    "Schema",
    "ValidationReport",
    "bandaid_costs",
    "bucket_unknowns",
    "build_forecaster",
    "fit_forecaster",
    "flavor_traits",
    "incident_explorer",
    "incident_timeline",
    "infer_schema",
    "load_schema",
    "mae",
    "make_flavor_incident",
    "make_gradual_drift",
    "make_icecream_sales",
    "plot_incident_timeline",
    "quarantine",
    "release",
    "retrain",
    "save_schema",
    "validate_batch",
    "write_icecream_datasets",
]


def plot_incident_timeline(*args, **kwargs):
    """Plot a scenario's day-by-day error and unseen share (see ``_plots``)."""
    from interviewlab.incidents._plots import plot_incident_timeline as plot

    return plot(*args, **kwargs)


def incident_explorer(*args, **kwargs):
    """A widget to step through a scenario day by day (see ``_widgets``)."""
    from interviewlab.incidents._widgets import incident_explorer as explorer

    return explorer(*args, **kwargs)
