"""Executors: run a ``Plan`` on given seed values and hand back the outputs."""
