# Wrong: compares each execution count with the previous executed cell only, not with every cell above.
import ast
import builtins


def find_hidden_state(nb):
    """Return the set of (kind, cell) pairs for out-of-order cells and hidden state."""
    found = set()
    previous = None
    for index, cell in enumerate(nb.cells):
        count = cell.get("execution_count") if cell.cell_type == "code" else None
        if count is None:
            continue
        if previous is not None and count <= previous:
            found.add(("out-of-order", index))
        previous = count

    def reads_and_writes(statement):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return set(), {statement.name}
        reads, writes, local = set(), set(), set()
        for node in ast.walk(statement):
            if isinstance(node, ast.comprehension):
                local |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
            elif isinstance(node, ast.Name):
                (reads if isinstance(node.ctx, ast.Load) else writes).add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                writes |= {(a.asname or a.name).split(".")[0] for a in node.names}
        return reads - local, writes - local

    steps = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        lines = ["pass" if line.lstrip().startswith(("!", "%")) else line
                 for line in cell.source.splitlines()]
        for statement in ast.parse("\n".join(lines)).body:
            steps.append((index, *reads_and_writes(statement)))

    defined = set(dir(builtins))
    for position, (index, reads, writes) in enumerate(steps):
        for name in reads - defined:
            later = any(name in w for _, _, w in steps[position + 1:])
            found.add(("used-before-defined" if later else "undefined-name", index))
        defined |= writes
    return found
