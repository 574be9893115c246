"""Decorators: Hamilton's vocabulary, each recording what it wants on the function.

One module per family (``tags``, ``parameterize``, ``extract``, ``checks`` with
``validators``, ``config``, ``subdag``, ``pipe``); ``base`` holds the lifecycle
and its stage order, ``resolve`` turns functions into nodes. The public names
are re-exported from ``dagrun``.
"""
