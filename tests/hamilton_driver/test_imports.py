"""dagrun.hamilton's modules: what they re-export, what loads when, and the Hamilton
names they refuse with a message saying what to use instead."""

import importlib
import subprocess
import sys

import pytest

import dagrun
from dagrun.hamilton import NotSupported, function_modifiers, htypes


def test_import_dagrun_loads_neither_this_package_nor_pandas():
    code = (
        "import sys, dagrun; "
        "print(any(m.startswith('dagrun.hamilton') for m in sys.modules), 'pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_driver_and_base_load_no_pandas_until_a_result_is_built():
    code = (
        "import sys; from dagrun.hamilton import driver, base; print('pandas' in sys.modules); "
        "base.PandasDataFrameResult.build_result(a=1); print('pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_import_hamilton_as_a_package_reaches_its_modules():
    from dagrun import hamilton

    assert hamilton.driver.Builder is importlib.import_module("dagrun.hamilton.driver").Builder
    assert "lifecycle" in dir(hamilton)


@pytest.mark.parametrize("name", sorted(set(function_modifiers.__all__) & set(dagrun.__all__)))
def test_each_hamilton_decorator_is_dagruns_own(name):
    assert getattr(function_modifiers, name) is getattr(dagrun, name)


def test_hamiltons_other_names_are_dagruns_parts():
    from dagrun.errors import DecoratorError
    from dagrun.modifiers.dependencies import Source, Value

    assert function_modifiers.InvalidDecoratorException is DecoratorError
    assert (function_modifiers.LiteralDependency, function_modifiers.UpstreamDependency) == (
        Value,
        Source,
    )
    others = set(function_modifiers.__all__) - set(dagrun.__all__)
    assert others == {
        "DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG",
        "IS_DATA_VALIDATOR_TAG",
        "InvalidDecoratorException",
        "LiteralDependency",
        "UpstreamDependency",
    }


def test_parallel_types_and_validator_bases_are_dagruns():
    from dagrun.hamilton.data_quality.base import DataValidator, ValidationResult
    from dagrun.modifiers import validators

    assert htypes.Parallelizable is dagrun.Parallelizable
    assert htypes.Collect is dagrun.Collect
    assert (DataValidator, ValidationResult) == (
        validators.DataValidator,
        validators.ValidationResult,
    )


@pytest.mark.parametrize(
    ("statement", "advice"),
    [
        ("from dagrun.hamilton.lifecycle.api import TaskExecutionHook", "NodeExecutionHook"),
        ("from dagrun.hamilton.lifecycle.api import EdgeConnectionHook", "wider type"),
        ("from dagrun.hamilton.lifecycle.default import PDBDebugger", "breakpoint()"),
        ("from dagrun.hamilton.base import StrictIndexTypePandasDataFrameResult", "PandasData"),
        ("from dagrun.hamilton.plugins import h_ray", "MultiProcessingExecutor"),
        ("from dagrun.hamilton.htypes import column", "check_output"),
        ("from dagrun.hamilton import caching", "with_cache"),
        ("from dagrun.hamilton import registry", "register_format"),
        ("from dagrun.hamilton.experimental import h_async", "async_driver"),
    ],
)
def test_a_name_dagrun_lacks_is_refused_with_what_to_use(statement, advice):
    with pytest.raises(ImportError) as raised:
        exec(statement, {})
    assert advice in str(raised.value)
    assert "docs/hamilton.md" in str(raised.value)


def test_an_unknown_name_is_a_plain_attribute_error():
    assert not hasattr(function_modifiers, "no_such_decorator")
    from dagrun.hamilton import lifecycle

    assert not hasattr(lifecycle, "NoSuchHook")


def test_refusals_are_dagrun_input_errors_and_not_implemented():
    from dagrun.hamilton import driver

    with pytest.raises(NotSupported) as raised:
        driver.Builder().with_grouping_strategy(object())
    assert isinstance(raised.value, dagrun.InputError)
    assert isinstance(raised.value, NotImplementedError)
    assert "groups the nodes" in str(raised.value)


def test_telemetry_can_be_turned_off_as_in_hamilton():
    from dagrun.hamilton import telemetry

    assert telemetry.disable_telemetry() is None
