"""The Hamilton driver on dagrun: error paths, executor choice, drawing, and the places
where dagrun departs from Hamilton on purpose (docs/hamilton.md)."""

import re
from pathlib import Path

import pytest

import dagrun
from dagrun.hamilton import NotSupported, UsageError, base, driver
from dagrun.hamilton.execution import executors
from dagrun.hamilton.lifecycle import api, default
from dagrun.hamilton.lifecycle.adapt import NodeKwargs
from dagrun.hamilton.lifecycle.base import ValidationException
from dagrun.hamilton.plugins import h_dask, h_diskcache, h_threadpool
from dagrun.hooks import Hook
from tests.hamilton_driver import toy, toy_patch


def built(*adapters, **config):
    return driver.Builder().with_modules(toy).with_config(config).with_adapters(*adapters).build()


# ---- requests ---------------------------------------------------------------


def test_a_bad_request_is_both_dagruns_input_error_and_hamiltons_value_error():
    dr = built()
    with pytest.raises(UsageError) as raised:
        dr.execute(["a"])
    assert isinstance(raised.value, dagrun.InputError)
    assert isinstance(raised.value, ValueError)
    assert raised.value.hint  # dagrun's advice travels with it
    assert "'x'" in str(raised.value)


def test_final_vars_as_one_string_says_to_pass_a_list():
    with pytest.raises(UsageError, match=r"not a list of outputs; pass a list: execute\(\['a'\]\)"):
        built().execute("a", inputs={"x": 1})


@pytest.mark.parametrize("bad", [3, None, {"a": 1}])
def test_final_vars_that_is_no_list_is_refused(bad):
    with pytest.raises(UsageError, match="not a list of outputs"):
        built().execute(bad, inputs={"x": 1})


def test_every_bad_output_is_named_at_once():
    with pytest.raises(UsageError) as raised:
        built().execute([1.5, "a", len], inputs={"x": 1})
    message = str(raised.value)
    assert "output 1.5 (float)" in message
    assert "builtins.len is not in the driver's modules" in message


def test_dagrun_node_infos_work_as_outputs_too():
    dr = built()
    info = next(i for i in dr.dagrun_driver.list_available_variables() if i.name == "c")
    assert dr.execute([info], inputs={"x": 1}) == {"c": 3}


def test_a_nodes_exception_is_raised_as_it_is_with_a_note_naming_the_node():
    with pytest.raises(ZeroDivisionError, match="fails at 2") as raised:
        built().execute(["fails"], inputs={"x": 1})
    note = raised.value.__notes__[-1]
    assert "raised by node 'fails'" in note
    assert "toy.py" in note


def test_list_available_variables_refuses_a_bad_tag_filter():
    with pytest.raises(UsageError, match="tag_filter value 3"):
        built().list_available_variables(tag_filter={"owner": 3})


def test_display_graph_draws_what_will_run_where_hamilton_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert built().execute(["b"], inputs={"x": 1}, display_graph=True) == {"b": 4}
    picture = (tmp_path / "test-output" / "execute.gv").read_text()
    assert "digraph" in picture
    assert " b " in picture or "b [" in picture
    assert "fails" not in picture


def test_materializing_refuses_what_is_no_materializer_and_drawing_it():
    dr = built()
    for call in (dr.materialize, dr.validate_materialization):
        with pytest.raises(UsageError, match="not a materializer"):
            call(object())
    with pytest.raises(NotSupported, match="with_materializers"):
        dr.visualize_materialization()
    with pytest.raises(NotSupported, match="dagrun cache info"):
        _ = dr.cache


# ---- adapters ---------------------------------------------------------------


def test_something_that_is_no_adapter_is_refused():
    with pytest.raises(UsageError, match="is not an adapter"):
        built(object())


def test_a_graph_adapter_that_runs_nodes_itself_is_refused():
    class Remote(base.HamiltonGraphAdapter, base.DictResult):
        def execute_node(self, node, kwargs):
            return node.callable(**kwargs)

    with pytest.raises(NotSupported, match=r"Remote\.execute_node"):
        built(Remote())


def test_two_result_builders_are_refused():
    with pytest.raises(UsageError, match="more than one result builder"):
        built(base.DictResult(), h_threadpool.FutureAdapter())


def test_node_kwargs_is_empty_and_says_why_when_read():
    seen = []

    class Reads(api.NodeExecutionHook):
        def run_before_node_execution(self, *, node_name, node_kwargs, **future):
            seen.append(dict(node_kwargs))
            try:
                node_kwargs["x"]
            except KeyError as error:
                seen.append(str(error))

        def run_after_node_execution(self, **future):
            pass

    built(Reads()).execute(["a"], inputs={"x": 1})
    assert seen[0] == {}
    assert "node_kwargs is always empty" in seen[1]
    assert isinstance(NodeKwargs(), dict)


def test_a_dagrun_hook_among_the_adapters_watches_every_run():
    class Names(Hook):
        def __init__(self):
            self.done = []

        def after_node(self, event, node):
            self.done.append(node.name)

    names = Names()
    built(names).execute(["b"], inputs={"x": 1})
    assert names.done == ["a", "b"]


def test_a_refusing_validator_says_which_node_and_where():
    class NoB(api.StaticValidator):
        def run_to_validate_node(self, *, node, **future):
            return (False, "b is banned") if node.name == "b" else (True, None)

    with pytest.raises(ValidationException) as raised:
        built(NoB())
    assert isinstance(raised.value, dagrun.GraphError)
    assert "b (" in str(raised.value)
    assert "toy.py" in str(raised.value)
    assert "b is banned" in str(raised.value)


def test_a_validator_refusing_with_no_message_is_named():
    class Silent(api.StaticValidator):
        def run_to_validate_graph(self, graph, **future):
            return False, None

    with pytest.raises(ValidationException, match="refused by Silent"):
        built(Silent())


def test_a_driver_takes_one_node_execution_method_besides_the_type_checker():
    catch = default.GracefulErrorAdapter(error_to_catch=ZeroDivisionError)
    with pytest.raises(UsageError, match="more than one NodeExecutionMethod"):
        built(catch, default.GracefulErrorAdapter(error_to_catch=KeyError))
    checked = built(default.FunctionInputOutputTypeChecker(), catch)
    assert checked.execute(["c"], inputs={"x": 1}) == {"c": 3}
    with pytest.raises(TypeError, match="Node fails returned a result of type <class 'NoneType'>"):
        checked.execute(["fails"], inputs={"x": 1})  # the checker sees the sentinel, as in Hamilton


@pytest.mark.parametrize(
    ("adapter", "expected"),
    [
        (
            default.GracefulErrorAdapter(error_to_catch=ZeroDivisionError, sentinel_value="-"),
            {"fails": "-", "b": 4},
        ),
        (default.FunctionInputOutputTypeChecker(), {"b": 4}),
    ],
)
def test_node_execution_methods_travel_to_worker_processes(adapter, expected):
    dr = (
        driver.Builder()
        .enable_dynamic_execution(allow_experimental_mode=True)
        .with_remote_executor(executors.MultiProcessingExecutor(max_tasks=2))
        .with_modules(toy)
        .with_adapters(adapter)
        .build()
    )
    try:
        assert dr.execute(list(expected), inputs={"x": 1}) == expected
    finally:
        dr.dagrun_driver.close()


def test_println_refuses_a_verbosity_it_does_not_have():
    with pytest.raises(UsageError, match="verbosity is 1 or 2"):
        default.PrintLn(verbosity=0)


# ---- executors and cache ----------------------------------------------------


def kind_of(dr):
    return dr.dagrun_driver.executor, dr.dagrun_driver.max_workers


def test_each_hamilton_executor_picks_a_dagrun_executor():
    dynamic = (
        driver.Builder().with_modules(toy).enable_dynamic_execution(allow_experimental_mode=True)
    )
    assert kind_of(driver.Builder().with_modules(toy).build()) == ("sequential", None)
    assert kind_of(dynamic.build()) == ("threads", 10)
    threads = dynamic.copy().with_remote_executor(executors.MultiThreadingExecutor(max_tasks=3))
    assert kind_of(threads.build()) == ("threads", 3)
    sync = dynamic.copy().with_remote_executor(executors.SynchronousLocalTaskExecutor())
    assert kind_of(sync.build()) == ("sequential", None)
    assert kind_of(built(h_threadpool.FutureAdapter(max_workers=2))) == ("threads", 2)
    dr = dynamic.copy().with_remote_executor(executors.MultiProcessingExecutor(max_tasks=2)).build()
    try:
        assert kind_of(dr) == ("processes", 2)
    finally:
        dr.dagrun_driver.close()


def test_two_different_executor_wishes_are_refused():
    dynamic = (
        driver.Builder().with_modules(toy).enable_dynamic_execution(allow_experimental_mode=True)
    )
    dynamic.with_remote_executor(executors.MultiProcessingExecutor(max_tasks=2))
    with pytest.raises(UsageError, match="executor='threads'"):
        dynamic.with_adapters(h_threadpool.FutureAdapter()).build()


def test_an_executor_dagrun_does_not_know_is_refused():
    dynamic = (
        driver.Builder().with_modules(toy).enable_dynamic_execution(allow_experimental_mode=True)
    )
    with pytest.raises(NotSupported, match="the executor object"):
        dynamic.with_remote_executor(object()).build()
    with pytest.raises(UsageError, match="max_tasks must be"):
        executors.MultiThreadingExecutor(max_tasks=0)
    with pytest.raises(NotSupported, match="grouping"):
        dynamic.with_grouping_strategy(object())


def test_cache_settings_dagrun_does_not_have_are_refused():
    with pytest.raises(NotSupported, match=r"with_cache\(recompute, log_to_file=...\)"):
        driver.Builder().with_cache(recompute=["a"], log_to_file=True)
    with pytest.raises(UsageError, match="already called"):
        driver.Builder().with_cache("one").with_cache("two")
    with pytest.raises(NotSupported, match="size_limit"):
        h_diskcache.DiskCacheAdapter(cache_path=".", size_limit=10)


def test_the_cache_lives_where_it_is_asked_to(tmp_path):
    dr = driver.Builder().with_modules(toy).with_cache(path=tmp_path / "c").build()
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert any((tmp_path / "c").iterdir())


def test_node_hooks_see_no_node_reused_before_the_run_started(tmp_path):
    seen = []

    class Watch(api.NodeExecutionHook):
        def run_before_node_execution(self, *, node_name, **future):
            seen.append(node_name)

        def run_after_node_execution(self, **future):
            pass

    dr = driver.Builder().with_modules(toy).with_cache(path=tmp_path).with_adapters(Watch()).build()
    dr.execute(["b"], inputs={"x": 1})
    assert seen == ["a", "b"]
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert seen == ["a", "b"]


class FakeClient:
    class scheduler:
        address = "tcp://127.0.0.1:1"


def test_dask_adapters_refuse_what_dagrun_cannot_do():
    with pytest.raises(NotSupported, match="compute_at_end=False"):
        h_dask.DaskGraphAdapter(FakeClient(), use_delayed=True, compute_at_end=False)
    with pytest.raises(UsageError, match="scheduler's address"):
        h_dask.DaskExecutor(client=object())


def test_dask_adapters_run_on_the_clients_cluster(dask_address):
    from distributed import Client

    with Client(dask_address, set_as_default=False) as client:
        adapter = h_dask.DaskGraphAdapter(client, result_builder=base.DictResult())
        dr = driver.Driver({}, toy, adapter=adapter)
        try:
            assert dr.dagrun_driver.executor == "dask"
            assert dr.execute(["c", "left"], inputs={"x": 1})["c"] == 3
        finally:
            dr.dagrun_driver.close()
        frame = driver.Driver({}, toy, adapter=h_dask.DaskGraphAdapter(client))
        try:
            assert frame.execute(["b"], inputs={"x": 1}).to_dict() == {"b": {0: 4}}
        finally:
            frame.dagrun_driver.close()
        remote = (
            driver.Builder()
            .with_modules(toy)
            .enable_dynamic_execution(allow_experimental_mode=True)
            .with_remote_executor(h_dask.DaskExecutor(client=client))
            .build()
        )
        try:
            assert remote.execute(["c"], inputs={"x": 2}) == {"c": 5}
        finally:
            remote.dagrun_driver.close()


def test_overriding_only_some_of_a_functions_nodes_is_refused():
    with pytest.raises(NotSupported, match=r"overriding only left of the nodes .*toy.table"):
        driver.Builder().with_modules(toy, toy_patch).allow_module_overrides().build()


# ---- drawing ----------------------------------------------------------------


def test_pictures_go_where_hamilton_puts_them(tmp_path):
    dr = built()
    picture = dr.display_all_functions(str(tmp_path / "all"))
    assert (tmp_path / "all.png").read_bytes().startswith(b"\x89PNG")
    assert "fails" in picture.source
    dr.display_all_functions(str(tmp_path / "all.dot"), keep_dot=True)
    assert (tmp_path / "all.dot").read_text().startswith("digraph")
    assert (tmp_path / "all").read_text().startswith("digraph")
    dr.display_all_functions(str(tmp_path / "other.png"), render_kwargs={"format": "svg"})
    assert (tmp_path / "other.svg").read_text().lstrip().startswith("<?xml")
    with pytest.raises(UsageError, match="unknown picture format 'jpg'"):
        dr.display_all_functions(str(tmp_path / "x.jpg"))


def boxes(picture):
    """The node names a dot picture draws."""
    return set(re.findall(r"^\t(\w+) \[", picture.source, re.M)) - {"graph", "node", "edge"}


def test_partial_pictures_show_the_part_asked_for(tmp_path):
    dr = built()
    assert boxes(dr.display_all_functions()) >= {"a", "b", "c", "fails", "left", "x", "y"}
    assert boxes(dr.display_upstream_of("b")) == {"a", "b", "x", "y"}
    assert boxes(dr.display_downstream_of("b")) == {"b", "c", "a", "y"}
    run = dr.visualize_execution(["c"], str(tmp_path / "run.dot"), inputs={"x": 1})
    assert boxes(run) == {"a", "b", "c", "x", "y"}
    assert (tmp_path / "run.dot").is_file()
    with pytest.raises(UsageError, match="missing input"):
        dr.visualize_execution(["c"], str(tmp_path / "run.dot"))
    assert "c" in boxes(dr.visualize_execution(["c"], bypass_validation=True))


def test_styling_dagrun_cannot_honour_is_refused():
    dr = built()
    with pytest.raises(NotSupported, match="hide_inputs, custom_style_function"):
        dr.display_all_functions(hide_inputs=True, custom_style_function=print)
    with pytest.raises(NotSupported, match="graphviz_kwargs"):
        dr.display_upstream_of("b", graphviz_kwargs={"graph_attr": {}})
    with pytest.raises(UsageError, match="unknown orientation 'BT'"):
        dr.display_downstream_of("b", orient="BT")


def test_no_picture_file_is_left_when_the_format_is_wrong(tmp_path):
    with pytest.raises(UsageError):
        built().display_all_functions(str(tmp_path / "pic"), render_kwargs={"format": "gif"})
    assert list(Path(tmp_path).iterdir()) == []
