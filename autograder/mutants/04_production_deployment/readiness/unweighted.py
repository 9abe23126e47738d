# Counts items instead of weighing them by severity.
def readiness(statuses):
    """Return {"sections", "score", "weakest", "stoplight"} for a statuses dict."""
    sections = {}
    for section in SECTIONS:
        met = assessed = 0
        for item in checklist.section_items(section):
            status = statuses.get(item.id, "cannot tell")
            if status == "cannot tell":
                continue
            assessed += 1
            if status == "met":
                met += 1
        sections[section] = met / assessed if assessed else 0.0
    weakest = min(SECTIONS, key=lambda s: (sections[s], SECTIONS.index(s)))
    score = sections[weakest]
    critical_gap = any(
        statuses.get(item.id) == "missing" and item.severity == "critical"
        for item in checklist.items
    )
    if score < 0.5 or critical_gap:
        stoplight = "red"
    elif score >= 0.8:
        stoplight = "green"
    else:
        stoplight = "amber"
    return {"sections": sections, "score": score, "weakest": weakest, "stoplight": stoplight}


def fix_first(statuses):
    """Return the id of the missing item to fix first, or None."""
    sections = readiness(statuses)["sections"]
    priority = ("security", "testing", "automation", "monitoring")
    missing = [item for item in checklist.items if statuses.get(item.id) == "missing"]
    if not missing:
        return None
    best = min(
        missing,
        key=lambda item: (
            -SEVERITY_WEIGHTS[item.severity],
            sections[item.section],
            priority.index(item.section),
            checklist.ids.index(item.id),
        ),
    )
    return best.id
