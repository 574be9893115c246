"""parameterize, parameterize_sources, parameterize_values, inject and does."""

import pytest

import dagrun
from dagrun import (
    GraphError,
    does,
    group,
    inject,
    parameterize,
    parameterize_sources,
    parameterize_values,
    source,
    value,
)
from tests.flows import bindings
from tests.modifiers.helpers import build, line_of


@pytest.fixture(scope="module")
def results():
    dr = dagrun.Driver({}, bindings)
    outputs = ["total_small", "total_large", "low_bar", "high_bar", "named_pair", "a_plus_b"]
    return dr, dr.execute([*outputs, "a_scaled"], inputs={"a": 1, "b": 2})


def test_parameterize_makes_one_node_per_output_and_none_for_the_function(results):
    """total_small and total_large exist; total does not."""
    dr, values = results
    assert "total" not in dr.graph.nodes
    assert values["total_small"] == 3


def test_group_binds_a_list_of_sources_and_values(results):
    """group(source('a'), value(100)) passes [a, 100]."""
    _, values = results
    assert values["total_large"] == (1 + 100) * 10


def test_docstrings_are_formatted_with_the_bindings(results):
    """'{scale}' in the docstring shows each output's constant."""
    dr, _ = results
    assert dr.graph.nodes["total_large"].doc == "Sum of parts times 10."


def test_parameterize_values_takes_name_and_doc_keys(results):
    """A (name, doc) key names the node and gives its docstring."""
    dr, values = results
    assert (values["low_bar"], values["high_bar"]) == (1, 9)
    assert dr.graph.nodes["high_bar"].doc == "The high bar."


def test_inject_binds_a_dict_group_on_the_functions_own_node(results):
    """inject keeps the node name and fills the parameter with a dict."""
    _, values = results
    assert values["named_pair"] == "1-2"


def test_does_replaces_the_body_with_kwargs_or_a_mapping(results):
    """does(_sum_all) sums a and b; does(_scaled, number='a') renames a."""
    _, values = results
    assert values["a_plus_b"] == 3
    assert values["a_scaled"] == 3


def test_parameterize_sources_wires_parameters_to_other_nodes():
    """Each output reads its own pair of nodes."""

    @parameterize_sources(left={"x": "p"}, right={"x": "q"})
    def pick(x: int) -> int:
        return x

    nodes = build(pick)
    assert nodes["left"].dep_names == ("p",) and nodes["right"].dep_names == ("q",)


def test_unbound_parameters_keep_their_name_and_default():
    """A parameter parameterize leaves alone is still an input, default included."""

    @parameterize(one={"x": value(1)})
    def plus(x: int, y: int = 5) -> int:
        return x + y

    node = build(plus)["one"]
    assert node.dep_names == ("y",) and node.deps[0].default == 5
    assert node.callable() == 6


def test_binding_a_parameter_the_function_lacks_is_a_graph_error():
    """A misspelt parameter is named with a suggestion and the function's file:line."""

    @parameterize(out={"amonut": source("a")})
    def scaled(amount: float) -> float:
        return amount

    with pytest.raises(GraphError) as caught:
        build(scaled)
    text = str(caught.value)
    assert "binds 'amonut', which is not a parameter" in text
    assert "did you mean 'amount'?" in text and line_of(scaled) in text


def test_a_source_that_names_nothing_is_a_graph_error():
    """source('') cannot wire anything."""

    @inject(x=source(""))
    def empty(x: int) -> int:
        return x

    with pytest.raises(GraphError, match="names no node"):
        build(empty)


def test_parameterize_with_no_outputs_is_a_graph_error():
    """An empty parameterize would silently drop the function."""

    @parameterize()
    def nothing(x: int) -> int:
        return x

    with pytest.raises(GraphError, match="names no outputs"):
        build(nothing)


def test_does_with_an_unknown_mapping_target_is_a_graph_error():
    """does(fn, theirs='missing') must name a parameter of the decorated function."""

    def _impl(number: int) -> int:
        return number

    @does(_impl, number="missing")
    def wrong(a: int) -> int:
        pass

    with pytest.raises(GraphError, match="'missing', which is not a parameter"):
        build(wrong)


def test_does_with_a_replacement_that_cannot_take_the_parameters_is_a_graph_error():
    """A replacing function without matching parameters is refused at build."""

    def _impl(other: int) -> int:
        return other

    @does(_impl)
    def wrong(a: int) -> int:
        pass

    with pytest.raises(GraphError, match="cannot take the function's parameters"):
        build(wrong)


def test_group_refuses_mixing_positional_and_keyword_members():
    """group(a, k=b) is ambiguous between a list and a dict."""
    with pytest.raises(TypeError):
        group(source("a"), k=source("b"))


def test_parameterize_values_binds_one_parameter():
    """Each output binds threshold to its own constant."""

    @parameterize_values(parameter="t", assigned_output={"low": 1, "high": 2})
    def limit(t: int) -> int:
        return t * 10

    nodes = build(limit)
    assert nodes["low"].callable() == 10 and nodes["high"].callable() == 20
