"""Settings of the service, read from config/settings.yaml."""

import yaml


def load_settings(path="config/settings.yaml"):
    with open(path) as handle:
        return yaml.load(handle, Loader=yaml.Loader)
