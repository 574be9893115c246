"""``dynamic_transform``/``model``, Hamilton's deprecated parameterize spellings, and the
Hamilton names of dagrun's parts (``InvalidDecoratorException``, ``LiteralDependency``,
``UpstreamDependency``, the data-quality tags). Hamilton's recorded behaviour is in
tests/hamilton_cases (legacy_*, model_*, dynamic_transform_*)."""

import logging
import sys
import textwrap
import types

import pandas as pd
import pytest

import dagrun
from dagrun import dynamic_transform, model, parameterized_inputs, parametrized, source, value
from dagrun.errors import DecoratorError
from dagrun.hamilton import function_modifiers as fm
from dagrun.hamilton.models import BaseModel
from tests.modifiers.helpers import build, line_of


class Scaled(BaseModel):
    """Scales the one column the config names, by the factor it gives."""

    def get_dependents(self) -> list[str]:
        return [self.config_parameters["column"]]

    def predict(self, **columns: pd.Series) -> pd.Series:
        (series,) = columns.values()
        return series * self.config_parameters["factor"]


def module_of(source_text: str, name: str) -> types.ModuleType:
    """A real module (file-less) made from ``source_text``, as a flow file would be."""
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(textwrap.dedent(source_text), module.__dict__)
    return module


def test_a_model_reads_the_columns_it_names_and_computes_with_predict():
    @model(Scaled, "scaling")
    def scaled() -> pd.Series:
        """The scaled column."""

    nodes = build(scaled, config={"scaling": {"column": "height", "factor": 3}})
    node = nodes["scaled"]
    assert node.dep_names == ("height",) and node.doc == "The scaled column."
    assert node.callable(height=pd.Series([1, 2])).tolist() == [3, 6]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("def made(x: pd.Series) -> pd.Series:\n    pass", "take no parameters"),
        ("def made() -> pd.Series:\n    return pd.Series([1])", "has a body"),
        ("def made() -> int:\n    pass", "return a pandas Series"),
    ],
)
def test_a_misfitting_transform_function_is_a_decorator_error(body, message):
    flow = module_of(
        f"import pandas as pd\nfrom dagrun import dynamic_transform\n"
        f"from tests.modifiers.test_dynamic_and_legacy import Scaled\n\n"
        f"@dynamic_transform(Scaled, 'scaling')\n{body}\n",
        "transform_misfit",
    )
    with pytest.raises(fm.InvalidDecoratorException, match=message) as raised:
        dagrun.Driver({"scaling": {"column": "a", "factor": 1}}, flow)
    assert raised.value.node == "made" and raised.value.origin.line == 5


def test_a_missing_config_key_names_the_key_and_suggests_the_close_one():
    @dynamic_transform(Scaled, "scaling")
    def scaled() -> pd.Series:
        pass

    with pytest.raises(DecoratorError, match="config key 'scaling'") as raised:
        build(scaled, config={"scalng": {}})
    assert raised.value.hint == "did you mean 'scalng'?"
    assert line_of(scaled).endswith(f":{raised.value.origin.line}")


def test_the_cache_keys_a_model_on_its_config_value(tmp_path):
    flow = module_of(
        """
        import pandas as pd
        from dagrun import model
        from tests.modifiers.test_dynamic_and_legacy import Scaled

        def height() -> pd.Series:
            return pd.Series([1.0, 2.0])

        @model(Scaled, "scaling")
        def scaled() -> pd.Series:
            pass
        """,
        "model_cached",
    )

    def run(factor: int):
        dr = dagrun.Driver({"scaling": {"column": "height", "factor": factor}}, flow)
        return dr.run(["scaled"], cache=True, state_dir=tmp_path)

    assert run(2).values["scaled"].tolist() == [2.0, 4.0]
    assert run(2).record["cache"]["scaled"]["action"] == "reuse"
    changed = run(5)
    assert changed.record["cache"]["scaled"]["action"] == "run"
    assert changed.values["scaled"].tolist() == [5.0, 10.0]


def test_the_old_spellings_work_and_warn_with_the_new_name(caplog):
    with caplog.at_level(logging.WARNING, logger="dagrun"):

        @parametrized(parameter="k", assigned_output={("double", "twice x"): 2, "triple": 3})
        def times(x: int, k: int) -> int:
            return x * k

        @parameterized_inputs(from_a={"v": "a"})
        def copied(v: int) -> int:
            return v

    nodes = build(times, copied)
    assert nodes["double"].callable(4) == 8 and nodes["double"].doc == "twice x"
    assert nodes["triple"].callable(4) == 12
    assert nodes["from_a"].dep_names == ("a",)
    warned = [r.getMessage() for r in caplog.records]
    assert any("@parametrized is" in w and "use @parameterize_values" in w for w in warned)
    assert any("@parameterized_inputs" in w and "use @parameterize_sources" in w for w in warned)


def test_value_and_source_are_hamiltons_dependency_classes():
    assert isinstance(value(3), fm.LiteralDependency) and value(3).value == 3
    assert isinstance(source("a"), fm.UpstreamDependency) and source("a").source == "a"
    assert not isinstance(source("a"), fm.LiteralDependency)
    assert fm.UpstreamDependency("b") == source("b")


def test_invalid_decorator_exception_catches_decorator_misuse_only():
    @dagrun.cache(behavior="sometimes")
    def cached() -> int:
        return 1

    with pytest.raises(fm.InvalidDecoratorException):
        build(cached)

    def unannotated(x) -> int:
        return x

    with pytest.raises(dagrun.GraphError) as raised:
        build(unannotated)
    assert not isinstance(raised.value, fm.InvalidDecoratorException)
    assert issubclass(fm.InvalidDecoratorException, dagrun.GraphError)


def test_check_nodes_carry_hamiltons_data_quality_tags():
    from dagrun.hamilton import driver

    flow = module_of(
        """
        from dagrun import check_output

        @check_output(range=(0, 10))
        def level() -> int:
            return 3
        """,
        "checked_flow",
    )
    variables = driver.Builder().with_modules(flow).build().list_available_variables()
    tags = {v.name: v.tags for v in variables}
    assert tags["level_range_validator"][fm.IS_DATA_VALIDATOR_TAG] is True
    assert tags["level_range_validator"][fm.DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG] == "level"
    assert fm.IS_DATA_VALIDATOR_TAG not in tags["level"]
