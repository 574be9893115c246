"""Hamilton's ``hamilton.settings``: the config key that unlocks ``@resolve``."""

from dagrun.modifiers.delayed import POWER_USER_MODE as ENABLE_POWER_USER_MODE

__all__ = ["ENABLE_POWER_USER_MODE"]
