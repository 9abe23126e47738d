# Wrong: reports the invalid names sorted alphabetically instead of in table order.
def render_specs(template, table, out_dir):
    """Write <name>.yaml for every valid row; return the invalid names in table order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    parsed = yaml.safe_load(template)
    validator = Draft202012Validator(DEPLOYMENT_SCHEMA)

    def fill(node, row):
        if isinstance(node, dict):
            return {fill(key, row): fill(value, row) for key, value in node.items()}
        if isinstance(node, list):
            return [fill(item, row) for item in node]
        if isinstance(node, str):
            if node.startswith("${") and node.endswith("}") and node[2:-1] in row:
                return row[node[2:-1]]
            return string.Template(node).substitute(row)
        return node

    invalid = []
    for record in table.to_dict(orient="records"):
        row = {key: value.item() if hasattr(value, "item") else value
               for key, value in record.items() if not pd.isna(value)}
        try:
            spec = fill(parsed, row)
        except KeyError:
            invalid.append(record["name"])
            continue
        if any(True for _ in validator.iter_errors(spec)):
            invalid.append(record["name"])
            continue
        (out_dir / f"{row['name']}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    return sorted(invalid)
