"""Hamilton's ``hamilton.data_quality``: custom validators for ``@check_output_custom``."""
