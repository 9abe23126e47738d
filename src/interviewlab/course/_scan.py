"""A static scan of learner code for tricks that fool a grader from inside the kernel.

Inside one kernel some tricks cannot be prevented (patching IPython's error display,
rewriting later cells, replacing the helpers tests call). The scan does not decide; it
flags the submission for a person, with the reason, and asks for a second run of the tests
where IPython's hooks cannot reach.
"""

from __future__ import annotations

import ast
import re
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
    "reload": "reloads a module",
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
    "socket": "opens network connections",
    "subprocess": "starts other programs",
    "multiprocessing": "starts other processes",
    "threading": "runs code in the background",
    "IPython": "reaches into the IPython shell",
    "faulthandler": "hooks fatal errors",
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
    """Modules, functions and classes bound at the top of locked cells: what tests call."""
    names: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code" or not _cells.meta(cell).get("locked"):
            continue
        try:
            tree = ast.parse(_strip_magics(cell.source))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom | _DEFINITIONS):
                names |= _bound_names(node)
    return names


_DEFINITIONS = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
# A file name that Python could import as a module.
_MODULE_FILE = re.compile(r"^(?:.*/)?[A-Za-z_][A-Za-z0-9_]*\.py$")


def _strip_magics(source: str) -> str:
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def _bound_names(node) -> set[str]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, _DEFINITIONS):
        return {node.name}
    return set()


def _top_level(tree) -> list:
    """Statements that run at the notebook's top level (not inside functions or classes)."""
    found, stack = [], list(tree.body)
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, _DEFINITIONS):
            continue
        for name in ("body", "orelse", "finalbody", "handlers"):
            stack.extend(getattr(node, name, None) or [])
    return found


def _leftmost_name(node) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _scan_source(cell: int, source: str, protected: set[str]) -> list[Finding]:
    found: list[Finding] = []
    for number, text in enumerate(source.splitlines(), start=1):
        stripped = text.lstrip()
        if stripped.startswith(("%", "!")) and not stripped.startswith(("%matplotlib", "%time")):
            found.append(
                Finding(cell, number, f"runs the magic or shell command {stripped[:40]!r}")
            )
    try:
        tree = ast.parse(_strip_magics(source))
    except SyntaxError:
        return found  # a syntax error fails the learner's own tests; nothing to flag
    imported = set().union(
        *(_bound_names(n) for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom))
    )
    for node in ast.walk(tree):
        found += _anywhere(cell, node)
    for node in _top_level(tree):
        found += _at_top_level(cell, node, protected, imported)
    return found


def _anywhere(cell: int, node) -> list[Finding]:
    """Constructs suspicious wherever they appear."""
    line = getattr(node, "lineno", 0)
    if isinstance(node, ast.Attribute) and node.attr in SUSPICIOUS_ATTRIBUTES:
        return [Finding(cell, line, f"uses .{node.attr}: {SUSPICIOUS_ATTRIBUTES[node.attr]}")]
    if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "system", "fork"):
        return [Finding(cell, line, f"uses os.{node.attr}")]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        reason = SUSPICIOUS_CALLS.get(node.func.id)
        return [Finding(cell, line, f"calls {node.func.id}(): {reason}")] if reason else []
    if isinstance(node, ast.Import | ast.ImportFrom):
        modules = (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
        found = [
            Finding(cell, line, f"imports {m}: {SUSPICIOUS_MODULES[m.split('.')[0]]}")
            for m in modules
            if m.split(".")[0] in SUSPICIOUS_MODULES
        ]
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [
                Finding(cell, line, f"imports os.{a.name}")
                for a in node.names
                if a.name in ("_exit", "kill", "environ", "system", "fork")
            ]
        return found
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
        found = [
            Finding(cell, line, f"mentions {needle!r}: {reason}")
            for needle, reason in TELL_TALE_STRINGS.items()
            if needle.lower() in text.lower()
        ]
        if _MODULE_FILE.match(text):
            found.append(
                Finding(
                    cell,
                    line,
                    f"names the Python file {text!r}: a module written next to the notebook "
                    "can shadow one the tests import",
                )
            )
        return found
    return []


def _at_top_level(cell: int, node, protected: set[str], imported: set[str]) -> list[Finding]:
    """Rebinding what locked cells define, or patching modules, at the notebook's top level."""
    line = getattr(node, "lineno", 0)
    if isinstance(node, _DEFINITIONS) and node.name in protected:
        return [Finding(cell, line, f"redefines {node.name!r}, which locked cells define")]
    if not isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        return []
    found = []
    for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
        if isinstance(target, ast.Attribute) and _leftmost_name(target) in protected | imported:
            found.append(Finding(cell, line, f"assigns to {ast.unparse(target)}: patches a module"))
        elif isinstance(target, ast.Name) and target.id in protected:
            found.append(Finding(cell, line, f"rebinds {target.id!r}, which locked cells define"))
    return found
