# Only pickle counts as unsafe loading: yaml.load and joblib.load are missed.
import ast
import re
from pathlib import Path


def security_review(path):
    """Return {(kind, file, line)} for the security problems under ``path``."""
    name_words = r"\w*(?:password|passwd|secret|token|api_?key|apikey|access_?key|webhook)\w*"
    quoted = re.compile(rf"(?i)\b{name_words}\s*[:=]\s*[\"']([^\"'\s]{{8,}})[\"']")
    bare = re.compile(rf"(?i)\b{name_words}\s*[:=]\s*[\"']?([^\"'\s#]{{8,}})")
    key_shapes = [
        re.compile(r"AKIA[0-9A-Z]{16}"),
        re.compile(r"ghp_[A-Za-z0-9]{36}"),
        re.compile(r"://[^\s:/@]+:[^\s:/@]+@"),
    ]
    unsafe = {"pickle.load", "pickle.loads"}

    def secret_lines(text, python):
        lines = set()
        for number, line in enumerate(text.splitlines(), start=1):
            if "pragma: allowlist secret" in line or "# nosec" in line:
                continue
            match = (quoted if python else bare).search(line)
            if (match and not match.group(1).startswith("$")) or any(
                shape.search(line) for shape in key_shapes
            ):
                lines.add(number)
        return lines

    def dotted(node):
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return f"{dotted(node.value)}.{node.attr}"
        return ""

    def risky_calls(text):
        try:
            tree = ast.parse(text)
        except SyntaxError:
            return set()
        nosec = {n for n, line in enumerate(text.splitlines(), start=1) if "# nosec" in line}
        calls = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or node.lineno in nosec:
                continue
            name = dotted(node.func)
            keywords = {k.arg: k.value for k in node.keywords if k.arg}

            def is_true(key, keywords=keywords):
                value = keywords.get(key)
                return isinstance(value, ast.Constant) and value.value is True

            if name in unsafe:
                calls.add(("unsafe_load", node.lineno))
            if name == "torch.load" and not is_true("weights_only"):
                calls.add(("unsafe_load", node.lineno))
            if is_true("shell") or name in {"os.system", "os.popen"}:
                calls.add(("shell", node.lineno))
            if name in {"eval", "exec"}:
                calls.add(("eval", node.lineno))
            if is_true("debug"):
                calls.add(("debug", node.lineno))
        return calls

    def root_line(dockerfile):
        last_from = user = user_line = None
        for number, line in enumerate(dockerfile.splitlines(), start=1):
            words = line.split()
            if words and words[0].upper() == "FROM":
                last_from, user, user_line = number, None, None
            elif len(words) > 1 and words[0].upper() == "USER":
                user, user_line = words[1].split(":")[0], number
        if last_from is None:
            return None
        if user is None:
            return last_from
        return user_line if user in {"root", "0"} else None

    root = Path(path)
    found = set()
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root)
        if not file.is_file() or ".git" in rel.parts:
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        name = rel.as_posix()
        python = file.suffix == ".py"
        found |= {("secret", name, n) for n in secret_lines(text, python)}
        if python:
            found |= {(kind, name, n) for kind, n in risky_calls(text)}
        if file.name == "Dockerfile":
            line = root_line(text)
            if line is not None:
                found.add(("root_container", name, line))
    return found
