"""Static analysis of code cells: IPython magics, the names a cell reads and writes, calls.

A cell's source becomes Python by setting IPython syntax aside line by line (``!cmd``,
``%magic``, ``x = !cmd``, ``obj?``) and whole cells with a non-Python cell magic
(``%%bash``, ``%%writefile``, …). Line numbers are kept, so findings point at the right line.

Names are followed in *source order*, the order a clean top-to-bottom run would execute
them: each simple statement reads its names first and binds its targets after. Function and
lambda bodies run later, when called, so the names they read are only required to exist
somewhere in the notebook. Comprehension variables stay inside the comprehension, class bodies
keep their own names, and ``global`` statements inside functions bind module names.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field

# Cell magics whose body is still Python (the first line only sets options).
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit"})

_SHELL_ASSIGN = re.compile(r"^(\s*)([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=\s*[!%](.*)$")
_MAGIC_LINE = re.compile(r"^\s*[!%]")
_HELP_LINE = re.compile(r"^\s*(?:\?\??\s*[\w.]+|[\w.\[\]()'\"]+\s*\?\??)\s*$")


@dataclass
class CellCode:
    """The code of one cell, split into Python and shell/magic lines.

    Attributes
    ----------
    python : str
        The cell as Python, with the same line numbers: a magic line becomes ``pass`` and a
        shell capture ``files = !ls`` becomes ``files = None``.
    shell : list of (int, str)
        ``(line, text)`` of every shell or magic line, without its ``!``/``%``, and every
        line of a shell cell magic such as ``%%bash``.
    tree : ast.Module or None
        The parsed Python, or None when it does not parse (or the cell is not Python).
    syntax_error : SyntaxError or None
    """

    python: str
    shell: list[tuple[int, str]] = field(default_factory=list)
    tree: ast.Module | None = None
    syntax_error: SyntaxError | None = None

    @functools.cached_property
    def nodes(self) -> list[ast.AST]:
        """Every node of the tree, breadth first (``ast.walk`` order), computed once."""
        return list(ast.walk(self.tree)) if self.tree is not None else []


def split_cell(source: str) -> CellCode:
    """Separate Python from IPython syntax in a cell and parse the Python.

    Examples
    --------
    >>> code = split_cell("!pip install xgboost\\nfiles = !ls data\\nn = len(files)")
    >>> code.shell
    [(1, 'pip install xgboost'), (2, 'ls data')]
    >>> code.python.splitlines()
    ['pass', 'files = None', 'n = len(files)']
    """
    lines = source.splitlines()
    first = lines[0].strip() if lines else ""
    code = CellCode(python="")
    if first.startswith("%%"):
        name, _, rest = first[2:].partition(" ")
        if name not in PYTHON_CELL_MAGICS:  # %%bash, %%writefile, %%sql, … : not Python
            if name in {"bash", "sh", "script", "system"}:
                code.shell = [(i, t.strip()) for i, t in enumerate(lines[1:], start=2) if t.strip()]
            return code
        code.shell.append((1, first[1:]))
        target = rest.split()[-1] if name == "capture" and rest.split() else ""
        lines = [f"{target} = None" if target.isidentifier() else "pass", *lines[1:]]
    try:
        code.tree = ast.parse("\n".join(lines))
        code.python = "\n".join(lines)
        return code
    except SyntaxError:
        pass  # IPython syntax, or a genuine error: set the magics aside and try again
    python_lines = []
    for number, text in enumerate(lines, start=1):
        indent = text[: len(text) - len(text.lstrip())]
        assign = _SHELL_ASSIGN.match(text)
        if assign:
            code.shell.append((number, assign.group(3).strip()))
            python_lines.append(f"{indent}{assign.group(2)} = None")
        elif _MAGIC_LINE.match(text):
            code.shell.append((number, text.strip()[1:].lstrip("!%")))
            python_lines.append(f"{indent}pass")
        elif _HELP_LINE.match(text):
            python_lines.append(f"{indent}pass")
        else:
            python_lines.append(text)
    code.python = "\n".join(python_lines)
    try:
        code.tree = ast.parse(code.python)
    except SyntaxError as exc:
        code.syntax_error = exc
    return code


# --------------------------------------------------------------------------------------------
# Names read and written


@dataclass(frozen=True)
class NameEvent:
    """A read or write of a module-level name, in source order.

    ``kind`` is ``"load"`` (read now), ``"deferred"`` (read when a function runs),
    ``"store"`` (bound) or ``"star"`` (``from m import *``: unknown names bound).
    """

    kind: str
    name: str
    line: int


def name_events(tree: ast.AST) -> list[NameEvent]:
    """The module-level name events of a parsed cell, in execution order.

    Examples
    --------
    >>> events = name_events(ast.parse("y = [v * k for v in x]\\ndef f():\\n    return z"))
    >>> [(e.kind, e.name) for e in events]
    [('load', 'x'), ('load', 'k'), ('store', 'y'), ('deferred', 'z'), ('store', 'f')]
    """
    visitor = _Events()
    for statement in getattr(tree, "body", []):
        visitor.visit(statement)
    return visitor.events


class _Events(ast.NodeVisitor):
    def __init__(self) -> None:
        self.events: list[NameEvent] = []

    # -- helpers -----------------------------------------------------------------------------
    def _emit(self, kind: str, name: str, node: ast.AST) -> None:
        self.events.append(NameEvent(kind, name, getattr(node, "lineno", 0)))

    def _visit_all(self, nodes) -> None:
        for node in nodes:
            if node is not None:
                self.visit(node)

    def _target(self, target: ast.AST) -> None:
        """Bind an assignment target: subscripts and attributes read their base instead."""
        if isinstance(target, ast.Name):
            self._emit("store", target.id, target)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._target(element)
        elif isinstance(target, ast.Starred):
            self._target(target.value)
        else:  # obj.attr = …, obj[key] = … : obj must exist
            self.visit(target)

    # -- statements --------------------------------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self._target(target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            self._emit("load", node.target.id, node.target)
        self.visit(node.value)
        self._target(node.target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._visit_all([node.value, node.annotation])
        if node.value is not None:
            self._target(node.target)

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._target(node.target)
        self._visit_all(node.body)
        self._visit_all(node.orelse)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._target(item.optional_vars)
        self._visit_all(node.body)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        self._visit_all([node.type])
        if node.name:
            self._emit("store", node.name, node)
        self._visit_all(node.body)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._emit("store", alias.asname or alias.name.split(".")[0], node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self._emit("star", "*", node)
            else:
                self._emit("store", alias.asname or alias.name, node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._visit_all(node.decorator_list)
        args = node.args
        self._visit_all(args.defaults + [d for d in args.kw_defaults if d is not None])
        for arg in _all_args(args):
            self._visit_all([arg.annotation])
        self._visit_all([node.returns])
        self._deferred_body(node.body, _all_args(args), node)
        self._emit("store", node.name, node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        args = node.args
        self._visit_all(args.defaults + [d for d in args.kw_defaults if d is not None])
        self._deferred_body([ast.Expr(node.body, lineno=node.lineno)], _all_args(args), node)

    def _deferred_body(self, body, params, node) -> None:
        inner = _Events()
        inner._visit_all(body)
        declared_global = {
            name
            for statement in body
            for sub in ast.walk(statement)
            if isinstance(sub, ast.Global)
            for name in sub.names
        }
        local = {arg.arg for arg in params}
        local |= {e.name for e in inner.events if e.kind == "store"} - declared_global
        seen = set()
        for event in inner.events:
            if event.kind in ("load", "deferred") and event.name not in local:
                if event.name not in seen:
                    seen.add(event.name)
                    self.events.append(NameEvent("deferred", event.name, event.line))
            elif event.kind == "store" and event.name in declared_global:
                self.events.append(event)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._visit_all(node.decorator_list + node.bases + [k.value for k in node.keywords])
        inner = _Events()
        inner._visit_all(node.body)
        local: set[str] = set()
        for event in inner.events:
            if event.kind == "store":
                local.add(event.name)
            elif event.kind == "deferred" or event.name not in local:
                self.events.append(event)
        self._emit("store", node.name, node)

    def visit_Match(self, node) -> None:
        self.visit(node.subject)
        for case in node.cases:
            self.visit(case.pattern)
            self._visit_all([case.guard])
            self._visit_all(case.body)

    def visit_MatchAs(self, node) -> None:
        self._visit_all([node.pattern])
        if node.name:
            self._emit("store", node.name, node)

    def visit_MatchStar(self, node) -> None:
        if node.name:
            self._emit("store", node.name, node)

    def visit_MatchMapping(self, node) -> None:
        self._visit_all(node.keys + node.patterns)
        if node.rest:
            self._emit("store", node.rest, node)

    # -- expressions -------------------------------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self._emit("store", node.id, node)
        else:  # Load, and Del (the name must exist to be deleted)
            self._emit("load", node.id, node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._emit("store", node.target.id, node.target)

    def _comprehension(self, node, results) -> None:
        generators = node.generators
        self.visit(generators[0].iter)  # evaluated in the enclosing scope
        inner = _Events()
        local: set[str] = set()
        for index, generator in enumerate(generators):
            if index:
                inner.visit(generator.iter)
            local |= {n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)}
            inner._visit_all(generator.ifs)
        inner._visit_all(results)
        for event in inner.events:
            if event.name not in local or event.kind == "deferred":
                self.events.append(event)

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, [node.key, node.value])


def _all_args(args: ast.arguments) -> list[ast.arg]:
    found = list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)
    found += [a for a in (args.vararg, args.kwarg) if a is not None]
    return found


# --------------------------------------------------------------------------------------------
# Calls and imports


def import_aliases(tree: ast.AST | list[ast.AST]) -> dict[str, str]:
    """Map each name an import binds to the dotted path it stands for.

    Examples
    --------
    >>> import_aliases(ast.parse("import joblib as jl\\nfrom pickle import dump"))
    {'jl': 'joblib', 'dump': 'pickle.dump'}
    """
    aliases: dict[str, str] = {}
    for node in _nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def dotted_name(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of attributes on a name; calls in the chain become ``()``.

    Examples
    --------
    >>> dotted_name(ast.parse("boto3.client('sagemaker').create_endpoint", mode="eval").body)
    'boto3.client().create_endpoint'
    """
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            return None
    dotted = ".".join(reversed(parts))
    return dotted.replace(".()", "()")


def resolve(name: str, aliases: dict[str, str]) -> str:
    """Replace the first part of a dotted name by what its import stands for.

    Examples
    --------
    >>> resolve("jl.dump", {"jl": "joblib"})
    'joblib.dump'
    """
    head, dot, rest = name.partition(".")
    head_name, paren, tail = head.partition("(")
    if head_name in aliases:
        head = aliases[head_name] + paren + tail
    return head + dot + rest


def string_constants(tree: ast.AST | list[ast.AST]) -> list[tuple[int, str]]:
    """``(line, text)`` of every string literal; for f-strings, their leading literal text.

    Examples
    --------
    >>> string_constants(ast.parse("p = f'/home/ana/{name}.csv'\\nq = 'x'"))
    [(1, '/home/ana/'), (2, 'x')]
    """
    found = []
    parts_of_fstrings: set[int] = set()
    for node in _nodes(tree):  # breadth first: an f-string comes before its parts
        if isinstance(node, ast.JoinedStr):
            parts_of_fstrings.update(id(value) for value in node.values)
            head = node.values[0] if node.values else None
            if isinstance(head, ast.Constant) and isinstance(head.value, str):
                found.append((node.lineno, node.col_offset, head.value))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in parts_of_fstrings
        ):
            found.append((node.lineno, node.col_offset, node.value))
    return [(line, text) for line, _, text in sorted(found)]


def _nodes(tree: ast.AST | list[ast.AST]):
    """``ast.walk(tree)``, or the node list already computed by :attr:`CellCode.nodes`."""
    return tree if isinstance(tree, list) else ast.walk(tree)
