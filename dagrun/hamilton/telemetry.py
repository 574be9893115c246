"""Hamilton's ``hamilton.telemetry``: dagrun sends no telemetry, so there is nothing to turn off."""


def disable_telemetry() -> None:
    """Kept so ported scripts that call it run unchanged."""
