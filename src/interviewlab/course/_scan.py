"""A static scan of learner code for tricks that fool a grader from inside the kernel.

Inside one kernel some tricks cannot be prevented (patching IPython's error display,
rewriting later cells, replacing the helpers tests call). The scan does not decide; it
flags the submission for a person, with the reason, and asks for a second run of the tests
where IPython's hooks cannot reach.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from interviewlab.course import _cells

# Attribute names whose use in learner code has no place in an exercise answer.
SUSPICIOUS_ATTRIBUTES = {
    "showtraceback": "replaces IPython's error display",
    "showsyntaxerror": "replaces IPython's error display",
    "_showtraceback": "replaces IPython's error display",
    "set_custom_exc": "installs a custom exception handler",
    "custom_exceptions": "installs a custom exception handler",
    "input_transformers_post": "rewrites the source of later cells",
    "input_transformers_cleanup": "rewrites the source of later cells",
    "input_transformer_manager": "rewrites the source of later cells",
    "ast_transformers": "rewrites the code of later cells",
    "run_cell": "replaces how cells are run",
    "run_cell_async": "replaces how cells are run",
    "run_code": "replaces how cells are run",
    "run_ast_nodes": "replaces how cells are run",
    "events": "registers hooks on cell execution",
    "excepthook": "replaces the exception hook",
    "displayhook": "publishes values nbgrader reads as grades",
    "settrace": "traces or rewrites running code",
    "setprofile": "traces or rewrites running code",
    "_getframe": "reads the grader's frames",
    "_exit": "ends the kernel without an error",
    "kill": "sends signals to processes",
    "killpg": "sends signals to processes",
    "modules": "reaches into loaded modules",
    "exit": "ends the program",
}
SUSPICIOUS_CALLS = {
    "get_ipython": "reaches into the IPython shell",
    "exit": "ends the kernel",
    "quit": "ends the kernel",
    "__import__": "imports modules by name",
    "exec": "runs code built at run time",
    "eval": "runs code built at run time",
    "compile": "compiles code at run time",
    "globals": "rewrites the notebook's names",
}
SUSPICIOUS_MODULES = {
    "ctypes": "calls C code directly",
    "gc": "walks the interpreter's objects",
    "inspect": "inspects the grader's frames",
    "signal": "handles or ignores signals",
    "atexit": "runs code when the kernel ends",
    "builtins": "replaces built-in functions",
    "socket": "opens network connections",
    "subprocess": "starts other programs",
    "multiprocessing": "starts other processes",
    "threading": "runs code in the background",
    "IPython": "reaches into the IPython shell",
    "faulthandler": "hooks fatal errors",
    "importlib": "reloads or swaps modules",
}
TELL_TALE_STRINGS = {
    "NBGRADER": "looks for signs that it is being graded",
    "autograde": "looks for signs that it is being graded",
    "HIDDEN TESTS": "looks for the hidden tests",
    "gradebook": "looks for the gradebook",
}


@dataclass(frozen=True)
class Finding:
    cell: int
    line: int
    reason: str

    def __str__(self) -> str:
        return f"cell {self.cell}, line {self.line}: {self.reason}"


def learner_cells(nb) -> list[tuple[int, str]]:
    """Code cells whose source comes from the learner (answers and cells they added)."""
    return [
        (index, cell.source)
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and not _cells.is_autograded_test(cell)
        and not _cells.meta(cell).get("locked")
    ]


def scan_notebook(nb, *, protected_names: set[str] = frozenset()) -> list[Finding]:
    """Findings for every suspicious construct in the learner's code cells.

    Parameters
    ----------
    nb : NotebookNode
        A submitted notebook (after nbgrader restored the locked cells).
    protected_names : set of str
        Names defined by locked cells (``np``, helpers the tests call): rebinding one of
        them from learner code could change what a test checks.
    """
    findings: list[Finding] = []
    for index, source in learner_cells(nb):
        findings += _scan_source(index, source, protected_names)
    return findings


def protected_names_of(nb) -> set[str]:
    """Top-level names bound by locked, non-solution cells."""
    names: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code" or not _cells.meta(cell).get("locked"):
            continue
        try:
            tree = ast.parse(_strip_magics(cell.source))
        except SyntaxError:
            continue
        for node in tree.body:
            names |= _bound_names(node)
    return names


def _strip_magics(source: str) -> str:
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def _bound_names(node) -> set[str]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def _leftmost_name(node) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _scan_source(cell: int, source: str, protected: set[str]) -> list[Finding]:
    found: list[Finding] = []
    for line_number, line in enumerate(source.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")) and not stripped.startswith(
            ("%matplotlib", "%%time", "%time")
        ):
            found.append(
                Finding(cell, line_number, f"runs the magic or shell command {stripped[:40]!r}")
            )
    try:
        tree = ast.parse(_strip_magics(source))
    except SyntaxError:
        return found  # a syntax error fails the learner's own tests; nothing to flag
    imported = set().union(
        *(_bound_names(n) for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom))
    )
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute) and node.attr in SUSPICIOUS_ATTRIBUTES:
            found.append(
                Finding(cell, line, f"uses .{node.attr}: {SUSPICIOUS_ATTRIBUTES[node.attr]}")
            )
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            reason = SUSPICIOUS_CALLS.get(node.func.id)
            if reason:
                found.append(Finding(cell, line, f"calls {node.func.id}(): {reason}"))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            for module in modules:
                root = module.split(".")[0]
                if root in SUSPICIOUS_MODULES:
                    found.append(
                        Finding(cell, line, f"imports {module}: {SUSPICIOUS_MODULES[root]}")
                    )
                if root == "os" and isinstance(node, ast.ImportFrom):
                    for alias in node.names:
                        if alias.name in ("_exit", "kill", "environ", "system", "fork"):
                            found.append(Finding(cell, line, f"imports os.{alias.name}"))
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                base = _leftmost_name(target)
                if isinstance(target, ast.Attribute) and base in protected | imported:
                    found.append(
                        Finding(cell, line, f"assigns to {ast.unparse(target)}: patches a module")
                    )
                elif isinstance(target, ast.Name) and target.id in protected:
                    found.append(
                        Finding(cell, line, f"rebinds {target.id!r}, which locked cells define")
                    )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.strip().endswith(".py"):
                found.append(
                    Finding(
                        cell,
                        line,
                        f"names the Python file {node.value.strip()!r}: "
                        "a module written next to the notebook can shadow one tests import",
                    )
                )
            for needle, reason in TELL_TALE_STRINGS.items():
                if needle.lower() in node.value.lower():
                    found.append(Finding(cell, line, f"mentions {needle!r}: {reason}"))
        elif isinstance(node, ast.Attribute) and node.attr in (
            "environ",
            "getenv",
            "system",
            "fork",
            "forkpty",
        ):
            found.append(Finding(cell, line, f"uses os.{node.attr}"))
        elif (
            isinstance(node, ast.FunctionDef | ast.ClassDef)
            and node.name in protected
            and node.col_offset == 0
        ):
            found.append(
                Finding(
                    cell,
                    line,
                    f"redefines {node.name!r}, which locked cells define and tests may use",
                )
            )
    return found
