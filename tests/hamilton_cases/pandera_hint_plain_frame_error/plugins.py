"""Hamilton's plugin module under Hamilton, dagrun's under dagrun (the case runner rewrites
only function_modifiers imports, so the flow takes the plugin from here)."""

import importlib
import sys

_ROOT = "dagrun.hamilton" if "dagrun" in sys.modules else "hamilton"
h_pydantic = importlib.import_module(f"{_ROOT}.plugins.h_pydantic")
h_pandera = importlib.import_module(f"{_ROOT}.plugins.h_pandera")
