"""with_columns: column functions run on a DataFrame parameter, for pandas and polars.

Hamilton's node names and results are pinned by the recorded cases
(tests/hamilton_cases/with_columns_*, tests/hamilton_driver/cases/with_columns_*);
these tests cover what is dagrun's own: the choice of library by annotation,
the errors, and that nothing heavy loads on import.
"""

import pickle
import subprocess
import sys
import types
from typing import Any

import pandas as pd
import polars as pl
import pytest

import dagrun
from dagrun import GraphError, with_columns
from dagrun.errors import DecoratorError
from dagrun.hamilton.plugins import h_pandas, h_polars, h_polars_lazyframe
from dagrun.modifiers.base import modifiers_of
from tests.modifiers.helpers import build, line_of


def doubled(a: pd.Series) -> pd.Series:
    return a * 2


def doubled_pl(a: pl.Series) -> pl.Series:
    return a * 2


def doubled_expr(a: pl.Expr) -> pl.Expr:
    return a * 2


def _run(*functions: Any, output: str, config: dict | None = None, **inputs: Any) -> Any:
    """Build a flow of ``functions`` and compute ``output``."""
    module = types.ModuleType("with_columns_flow")
    for fn in functions:
        fn.__module__ = module.__name__
        setattr(module, fn.__name__, fn)
    return dagrun.Driver(config or {}, module).execute([output], inputs=inputs)[output]


@pytest.mark.parametrize(
    ("frame", "function"),
    [
        (pd.DataFrame({"a": [1, 2]}), doubled),
        (pl.DataFrame({"a": [1, 2]}), doubled_pl),
        (pl.DataFrame({"a": [1, 2]}).lazy(), doubled_expr),
    ],
    ids=["pandas", "polars", "lazyframe"],
)
def test_dagrun_with_columns_picks_the_library_from_the_annotation(frame, function):
    @with_columns(function, columns_to_pass=["a"], select=[function.__name__])
    def out(raw: type(frame)) -> type(frame):
        return raw

    result = _run(out, output="out", raw=frame)
    result = result.collect() if isinstance(result, pl.LazyFrame) else result
    assert list(result[function.__name__]) == [2, 4]
    assert list(result.columns) == ["a", function.__name__]


def test_the_frame_parameter_reads_the_append_node_in_the_namespace():
    @with_columns(doubled, columns_to_pass=["a"], namespace="ns")
    def out(raw: pd.DataFrame, factor: int) -> pd.DataFrame:
        return raw * factor

    nodes = build(out)
    assert nodes["out"].dep_names == ("ns._append", "factor")
    # Without select, every Series node is put on, the passed columns too (as in Hamilton).
    assert nodes["ns._append"].dep_names == ("raw", "ns.a", "ns.doubled")
    assert nodes["ns.a"].dep_names == ("raw",)


def test_a_module_is_read_in_name_order_so_default_columns_come_in_hamiltons_order():
    module = types.ModuleType("unordered_columns")

    def zeta(a: pd.Series) -> pd.Series:
        return a + 1

    def alpha(a: pd.Series) -> pd.Series:
        return a + 2

    for fn in (zeta, alpha):
        fn.__module__ = module.__name__
        setattr(module, fn.__name__, fn)

    @with_columns(module, columns_to_pass=["a"])
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    result = _run(out, output="out", raw=pd.DataFrame({"a": [1]}))
    assert list(result.columns) == ["a", "alpha", "zeta"]


def test_a_plugin_refuses_another_librarys_frame_and_names_the_right_plugin():
    @h_pandas.with_columns(doubled_pl, columns_to_pass=["a"])
    def out(raw: pl.DataFrame) -> pl.DataFrame:
        return raw

    with pytest.raises(DecoratorError) as caught:
        build(out)
    text = str(caught.value)
    assert "works on pandas.DataFrame" in text
    assert "use h_polars.with_columns" in text
    assert line_of(out) in text


def test_a_parameter_that_is_not_a_frame_is_refused_at_its_line():
    @with_columns(doubled, columns_to_pass=["a"])
    def out(raw: dict) -> pd.DataFrame:
        return pd.DataFrame(raw)

    with pytest.raises(DecoratorError, match="parameter 'raw' is annotated dict") as caught:
        build(out)
    assert caught.value.node == "out"
    assert line_of(out) in str(caught.value)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"columns_to_pass": ["a"], "on_input": "raw"}, "both of columns_to_pass and on_input"),
        ({}, "neither of columns_to_pass and on_input"),
        ({"pass_dataframe_as": "raw"}, "pass_dataframe_as=\\.\\.\\.\\) is not supported"),
        ({"columns_to_pass": ["a"], "select": ["tripled"]}, "selects 'tripled'"),
        ({"columns_to_pass": ["a"], "select": []}, "selects nothing"),
        ({"on_input": "frame"}, "on_input='frame'"),
        ({"columns_to_pass": ["a"], "config_required": ["mode"]}, "config keys .* \\['mode'\\]"),
        ({"columns_to_pass": [""]}, "column '' is not a name"),
        ({"columns_to_pass": []}, "passes no column"),
    ],
    ids=lambda value: str(value)[:30],
)
def test_misuses_are_decorator_errors_naming_the_function_and_its_line(arguments, message):
    @h_pandas.with_columns(doubled, **arguments)
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    with pytest.raises(DecoratorError, match=message) as caught:
        build(out)
    assert line_of(out) in str(caught.value)


def test_an_unknown_select_suggests_the_near_name():
    @h_pandas.with_columns(doubled, columns_to_pass=["a"], select=["doubld"])
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    with pytest.raises(DecoratorError, match="did you mean 'doubled'"):
        build(out)


def test_a_function_named_like_a_passed_column_says_to_use_on_input():
    def a(raw: pd.DataFrame) -> pd.Series:
        return raw["a"] + 1

    @h_pandas.with_columns(a, columns_to_pass=["a"])
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    with pytest.raises(DecoratorError, match=r"makes 'a' twice .*; columns_to_pass only adds"):
        build(out)


def test_with_on_input_a_function_may_replace_a_column():
    def a(raw: pd.DataFrame) -> pd.Series:
        return raw["a"] + 1

    @h_pandas.with_columns(a, on_input="raw", select=["a"])
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    assert list(_run(out, output="out", raw=pd.DataFrame({"a": [1, 2]}))["a"]) == [2, 3]


def test_selecting_a_scalar_node_fails_the_build_on_its_type():
    def a_mean(a: pd.Series) -> float:
        return a.mean()

    @h_pandas.with_columns(a_mean, columns_to_pass=["a"], select=["a_mean"])
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    with pytest.raises(GraphError, match=r"type mismatch: 'out\.a_mean' returns float"):
        build(out)


def test_config_required_limits_the_config_the_functions_see():
    @dagrun.config.when(mode="x")
    def added__x(a: pd.Series) -> pd.Series:
        return a + 1

    @dagrun.config.when(mode="y")
    def added__y(a: pd.Series) -> pd.Series:
        return a - 1

    @h_pandas.with_columns(added__x, added__y, columns_to_pass=["a"], config_required=["mode"])
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    frame = pd.DataFrame({"a": [1]})
    assert _run(out, output="out", config={"mode": "y"}, raw=frame)["added"].tolist() == [0]


def test_the_plugins_are_dagruns_decorator_with_the_library_fixed():
    for plugin, kind in ((h_pandas, "pandas"), (h_polars, "polars"), (h_polars_lazyframe, "Lazy")):
        record = plugin.with_columns(doubled, columns_to_pass=["a"])
        assert isinstance(record, dagrun.modifiers.with_columns.WithColumns)
        assert kind in record.frames.title


def test_node_callables_pickle_for_process_executors():
    @with_columns(doubled, columns_to_pass=["a"])
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    nodes = build(out)
    for name in ("out.a", "out._append"):
        assert pickle.loads(pickle.dumps(nodes[name].callable)) == nodes[name].callable


def test_importing_the_plugins_loads_neither_pandas_nor_polars():
    code = (
        "import sys; from dagrun.hamilton.plugins import h_pandas, h_polars, h_polars_lazyframe; "
        "print('pandas' in sys.modules, 'polars' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_polars_lazyframe_result_keeps_one_lazyframe_and_builds_one_otherwise():
    frame = pl.DataFrame({"a": [1]}).lazy()
    builder = h_polars_lazyframe.PolarsLazyFrameResult()
    assert builder.build_result(frame=frame) is frame
    built = builder.build_result(a=pl.Series([1, 2]), b=pl.Series([3, 4]))
    assert isinstance(built, pl.LazyFrame)
    assert built.collect().to_dict(as_series=False) == {"a": [1, 2], "b": [3, 4]}


def test_the_async_driver_awaits_the_async_functions_with_columns_and_subdag_load():
    import asyncio

    from dagrun.hamilton import async_driver

    async def tripled(a: pd.Series) -> pd.Series:
        await asyncio.sleep(0)
        return a * 3

    inner = types.ModuleType("async_inner")

    async def total(tripled: pd.Series) -> int:
        return int(tripled.sum())

    total.__module__ = inner.__name__
    inner.total = total

    @with_columns(tripled, columns_to_pass=["a"], select=["tripled"])
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    @dagrun.subdag(inner, tripled, inputs={"a": dagrun.source("column_a")})
    def summed(total: int) -> int:
        return total

    def column_a(raw: pd.DataFrame) -> pd.Series:
        return raw["a"]

    flow = types.ModuleType("async_columns")
    for fn in (out, summed, column_a):
        fn.__module__ = flow.__name__
        setattr(flow, fn.__name__, fn)

    async def main():
        dr = await async_driver.Builder().with_modules(flow).build()
        return await dr.execute(["out", "summed"], inputs={"raw": pd.DataFrame({"a": [1, 2]})})

    result = asyncio.run(main())
    assert result["out"]["tripled"].tolist() == [3, 6]
    assert result["summed"] == 9
    assert modifiers_of(out)[0].load_from == (tripled,)  # the user's record is untouched
