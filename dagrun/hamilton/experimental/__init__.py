"""Hamilton's ``hamilton.experimental``: only ``h_cache`` has a dagrun stand-in.

The other paths are answered by ``dagrun.hamilton._paths`` with what to use instead.
"""
