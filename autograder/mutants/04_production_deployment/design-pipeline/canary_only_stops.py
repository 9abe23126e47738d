# A failing canary stops but does not roll back: users keep the bad version.
def design_pipeline():
    """Return the ice-cream API's CI/CD pipeline as a dict."""
    return {
        "service": "icecream-api",
        "stages": [
            {"name": "lint", "kind": "lint", "on_failure": "stop"},
            {"name": "unit tests", "kind": "unit_tests", "on_failure": "stop"},
            {
                "name": "data contract",
                "kind": "data_validation",
                "on_failure": "stop",
                "gates": [{"metric": "schema_violations", "max": 0}],
            },
            {"name": "train", "kind": "train", "on_failure": "stop"},
            {
                "name": "quality gate",
                "kind": "quality_gate",
                "on_failure": "stop",
                "gates": [{"metric": "mae_ratio", "max": 1.05}],
            },
            {
                "name": "security scan",
                "kind": "security_scan",
                "on_failure": "stop",
                "gates": [
                    {"metric": "secrets_found", "max": 0},
                    {"metric": "critical_vulnerabilities", "max": 0},
                ],
            },
            {"name": "build image", "kind": "build", "on_failure": "stop"},
            {"name": "staging", "kind": "deploy_staging", "on_failure": "stop"},
            {
                "name": "contract tests",
                "kind": "contract_tests",
                "on_failure": "stop",
                "gates": [{"metric": "failures", "max": 0}],
            },
            {
                "name": "canary",
                "kind": "canary",
                "traffic": 0.1,
                "on_failure": "stop",
                "gates": [
                    {"metric": "error_rate", "max": 0.01},
                    {"metric": "p99_latency_ms", "max": 300},
                ],
            },
            {"name": "production", "kind": "deploy_production", "on_failure": "rollback"},
            {
                "name": "monitor",
                "kind": "monitor",
                "on_failure": "rollback",
                "gates": [{"metric": "error_rate", "max": 0.02}, {"metric": "psi", "max": 0.25}],
            },
        ],
        "rollback": {"target": "previous_version", "automatic": True},
    }
