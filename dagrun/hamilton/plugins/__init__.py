"""Hamilton's ``hamilton.plugins`` that dagrun can stand in for.

The plugins it cannot stand in for are refused, with what to use instead, by
``dagrun.hamilton._paths`` (one table for every Hamilton module path).
"""
