"""Lets nbgrader's own commands (and formgrader) run from the repository root."""

c = get_config()  # noqa: F821 -- nbgrader injects get_config into config files
load_subconfig("autograder/nbgrader_config.py")  # noqa: F821 -- likewise
