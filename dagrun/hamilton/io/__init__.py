"""Hamilton's ``hamilton.io``: materializers (``to``) and extractors (``from_``).

They are dagrun's own (``dagrun.io.materialize``), writing and reading through
the one registry of formats; ``materialization`` holds the Hamilton names.
"""
