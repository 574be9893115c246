"""list_available_variables' fields and tag filters; what_is_upstream_of / downstream_of /
the_path_between (Hamilton's lists are unordered, so names are sorted here)."""

import logging

import flow
from hamilton import driver
from show import emit, error

logging.disable(logging.CRITICAL)
dr = driver.Builder().with_modules(flow).with_config({"unused_setting": 3}).build()


def fields(v):
    return {
        "name": v.name,
        "type": getattr(v.type, "__name__", str(v.type)),
        "tags": v.tags,
        "is_external_input": v.is_external_input,
        "originating_functions": [f.__name__ for f in v.originating_functions or ()],
        "documentation": v.documentation,
        "required_dependencies": v.required_dependencies,
        "optional_dependencies": v.optional_dependencies,
        "optional_defaults": v.optional_dependencies_default_values,
    }


def names(variables):
    return sorted(v.name for v in variables)


def refused(call):
    try:
        call()
    except Exception as exc:
        return error(exc)
    return None


emit(
    variables=sorted((fields(v) for v in dr.list_available_variables()), key=lambda f: f["name"]),
    owner_me=names(dr.list_available_variables(tag_filter={"owner": "me"})),
    owner_any=names(dr.list_available_variables(tag_filter={"owner": None})),
    owner_list=names(dr.list_available_variables(tag_filter={"owner": ["me", "you"]})),
    stage_core=names(dr.list_available_variables(tag_filter={"stage": "core"})),
    two_tags=names(dr.list_available_variables(tag_filter={"owner": "me", "stage": "prep"})),
    bad_filter=refused(lambda: dr.list_available_variables(tag_filter={"owner": 3})),
    upstream_b=names(dr.what_is_upstream_of("b")),
    upstream_two=names(dr.what_is_upstream_of("b", "s")),
    upstream_input=names(dr.what_is_upstream_of("x")),
    downstream_a=names(dr.what_is_downstream_of("a")),
    downstream_x=names(dr.what_is_downstream_of("x")),
    downstream_leaf=names(dr.what_is_downstream_of("t")),
    path_x_t=names(dr.what_is_the_path_between("x", "t")),
    path_b_t=names(dr.what_is_the_path_between("b", "t")),
    path_none=names(dr.what_is_the_path_between("t", "x")),
    path_unrelated=names(dr.what_is_the_path_between("z", "t")),
    variable_repr=repr(dr.list_available_variables()[0]),
    unknown_upstream=refused(lambda: dr.what_is_upstream_of("nope")),
    unknown_downstream=refused(lambda: dr.what_is_downstream_of("nope")),
    unknown_path=refused(lambda: dr.what_is_the_path_between("nope", "a")),
)
