"""Generated flows for the benchmarks: modules of many small functions, made in memory."""

from __future__ import annotations

import sys
import types


def layered_module(size: int, name: str = "bench_flow") -> types.ModuleType:
    """A module of ``size`` functions ``n<i>``; each adds ``n<i-1>`` and ``n<i-7>``.

    ``n0`` takes the external input ``x``; nodes 1–6 take only their predecessor.
    Two dependencies a node, like a typical feature flow, and one long critical path.
    """
    return _module(name, layered_source(size))


def layered_source(size: int) -> str:
    """The source of ``layered_module(size)``, for flows that must live in a file."""
    lines = ["def n0(x: int) -> int:\n    return x + 1\n"]
    for i in range(1, size):
        if i < 7:
            lines.append(f"def n{i}(n{i - 1}: int) -> int:\n    return n{i - 1} + 1\n")
        else:
            lines.append(
                f"def n{i}(n{i - 1}: int, n{i - 7}: int) -> int:\n"
                f"    return n{i - 1} + n{i - 7} & 1023\n"
            )
    return "\n".join(lines)


def chain_module(size: int, name: str = "bench_chain") -> types.ModuleType:
    """A straight chain ``c0 -> c1 -> ... -> c<size-1>`` fed by the input ``x``.

    Functions are cloned from one template code object with their parameter and
    function names replaced: compiling 100,000 functions from source would take
    longer than building and running the flow.
    """
    module = _module(name, "def c0(x: int) -> int:\n    return x\n")

    def template(previous: int) -> int:
        return previous + 1

    for i in range(1, size):
        code = template.__code__.replace(co_varnames=(f"c{i - 1}",), co_name=f"c{i}")
        fn = types.FunctionType(code, module.__dict__, f"c{i}")
        fn.__annotations__ = {f"c{i - 1}": int, "return": int}
        fn.__module__ = name
        setattr(module, f"c{i}", fn)
    return module


def _module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = f"<{name}>"
    sys.modules[name] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def plain_order(module: types.ModuleType) -> list[tuple[object, tuple[str, ...], str]]:
    """The functions of ``module`` in definition order (already topological) with their
    parameter names: what a hand-written loop would call."""
    order = []
    for name, fn in vars(module).items():
        if isinstance(fn, types.FunctionType):
            params = fn.__code__.co_varnames[: fn.__code__.co_argcount]
            order.append((fn, params, name))
    return order


def run_plain(order: list[tuple[object, tuple[str, ...], str]], inputs: dict) -> dict:
    """Plain Python: call each function with its arguments looked up in a dict."""
    values = dict(inputs)
    for fn, params, name in order:
        values[name] = fn(*[values[p] for p in params])
    return values
