"""A custom NodeExecutionMethod runs every node; FunctionInputOutputTypeChecker checks
inputs and outputs against the annotations, strictly, raising TypeError."""

import logging

import flow
from hamilton import driver, lifecycle
from hamilton.lifecycle import api, default
from show import emit, error, raised

logging.disable(logging.CRITICAL)


class Doubling(api.NodeExecutionMethod):
    def run_to_execute_node(self, *, node_name, node_callable, node_kwargs, is_expand, **kw):
        value = node_callable(**node_kwargs)
        return value if is_expand or not isinstance(value, int) else value * 2


class Described(api.NodeExecutionMethod):
    def run_to_execute_node(self, *, node_name, node_kwargs, is_expand, is_collect, **kw):
        return f"{node_name}({sorted(node_kwargs)}, expand={is_expand}, collect={is_collect})"


def built(*adapters, dynamic=False):
    builder = driver.Builder().with_modules(flow)
    if dynamic:
        builder = builder.enable_dynamic_execution(allow_experimental_mode=True)
    return builder.with_adapters(*adapters).build()


def build_error(*adapters):
    try:
        built(*adapters)
    except Exception as exc:
        return error(exc)
    return None


checker = lifecycle.FunctionInputOutputTypeChecker()
emit(
    doubled=built(Doubling()).execute(["a", "b"], inputs={"x": 1}),
    doubled_parallel=built(Doubling(), dynamic=True).execute(["total"], inputs={"n": 3}),
    described=built(Described()).execute(["b", "pair"], inputs={"x": 1}),
    two_methods=build_error(Doubling(), Described()),
    checked=built(checker).execute(
        ["b", "table", "maybe", "takes_float"], inputs={"x": 1, "n": 2, "ratio": 0.5}
    ),
    bad_tuple=raised(lambda: built(checker).execute(["bad_pair"], inputs={"x": 1})),
    int_is_no_float=raised(lambda: built(checker).execute(["as_float"], inputs={"x": 1})),
    wrong_dict=raised(lambda: built(checker).execute(["wrong_table"], inputs={"n": 2})),
    outputs_only=built(default.FunctionInputOutputTypeChecker(check_output=False)).execute(
        ["as_float", "bad_pair"], inputs={"x": 1}
    ),
    int_input_for_float=raised(
        lambda: built(default.FunctionInputOutputTypeChecker(check_output=False)).execute(
            ["halved"], inputs={"x": 1}
        )
    ),
    with_graceful=raised(
        lambda: built(checker, default.GracefulErrorAdapter(error_to_catch=TypeError)).execute(
            ["as_float", "a"], inputs={"x": 1}
        )
    ),
)
