"""Hamilton's validator base classes, which are dagrun's."""

from dagrun.modifiers.validators import DataValidator, ValidationResult

__all__ = ["DataValidator", "ValidationResult"]
