"""Hamilton's ``hamilton.plugins.pandas_extensions``, imported for its side effect.

Importing Hamilton's registers the pandas loaders and savers; dagrun's registry
(``dagrun.io``) has its pandas formats built in, so there is nothing to do here.
"""
