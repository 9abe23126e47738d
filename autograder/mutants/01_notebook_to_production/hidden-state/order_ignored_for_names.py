# Wrong: a name counts as defined if any cell binds it, wherever it is: used-before-defined is never found.
import ast
import builtins


def find_hidden_state(nb):
    """Return the set of (kind, cell) pairs for out-of-order cells and hidden state."""
    found = set()
    highest = None
    for index, cell in enumerate(nb.cells):
        count = cell.get("execution_count") if cell.cell_type == "code" else None
        if count is None:
            continue
        if highest is not None and count <= highest:
            found.add(("out-of-order", index))
        highest = count if highest is None else max(highest, count)

    parsed = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            lines = ["pass" if line.lstrip().startswith(("!", "%")) else line
                     for line in cell.source.splitlines()]
            parsed[index] = ast.parse("\n".join(lines))
    defined = set(dir(builtins))
    for tree in parsed.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                defined.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                defined |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defined.add(node.name)
    for index, tree in parsed.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                if node.id not in defined:
                    found.add(("undefined-name", index))
    return found
