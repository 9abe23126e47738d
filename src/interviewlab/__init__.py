"""interviewlab: the production side of ML interviews, as a graded course and a toolkit.

Importing the package is cheap: the heavy libraries (scikit-learn, matplotlib, nbgrader,
ipywidgets) are imported by the submodules that need them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("interviewlab")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
