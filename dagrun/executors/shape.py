"""What the scheduler knows about a plan before its first step runs.

Worked out once per plan (and pool sizes) and kept in ``plan.derived``, so a
memoised plan runs again without walking its steps: who reads each slot, what
each step waits on, and the chains — a step and the steps after it that each
read only the one before, which run as one task (see ``scheduler``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dagrun.modifiers.runtime import pool_of
from dagrun.plan import Plan, Step


@dataclass(frozen=True, slots=True)
class Shape:
    """A plan's reading structure and chains; a run copies the counters it changes."""

    consumers: dict[int, list[int]]  # slot -> steps reading it (once per read)
    readers: dict[int, int]  # slot -> reads left before it can be freed
    waiting: list[int]  # step -> argument slots computed by other steps
    kept: frozenset[int]  # output slots: never freed
    successor: list[int]  # step -> the step a chain may continue with, or -1
    # step -> it reads nothing but its chain predecessor's value, so it always joins
    # that chain and has no argument of its own to take
    joins: list[bool]
    chains: dict[int, tuple[Step, ...]] = field(default_factory=dict)  # by first step, as met

    @classmethod
    def of(cls, plan: Plan, pools: Mapping[str, int]) -> Shape:
        key = ("scheduler", tuple(sorted(pools.items())))
        shape = plan.derived.get(key)
        if shape is None:
            shape = plan.derived[key] = cls._work_out(plan, pools)
        return shape

    @classmethod
    def _work_out(cls, plan: Plan, pools: Mapping[str, int]) -> Shape:
        consumers = plan.consumers()
        kept = frozenset(slot for _, slot in plan.outputs)
        produced = {step.out for step in plan.steps}
        waiting = [sum(slot in produced for slot in step.args) for step in plan.steps]
        successor = [-1] * len(plan.steps)
        for step in plan.steps:
            readers = consumers.get(step.out)
            if step.out in kept or step.block is not None or not readers:
                continue
            after = plan.steps[readers[0]]
            if (
                readers.count(after.index) == len(readers)  # one reader, maybe reading twice
                and after.block is None
                and pools_of((step,), pools) == pools_of((after,), pools)
            ):
                successor[step.index] = after.index
        joins = [False] * len(plan.steps)
        for step in plan.steps:
            if successor[step.index] >= 0:
                after = plan.steps[successor[step.index]]
                joins[after.index] = all(slot == step.out for slot in after.args)
        readers = {slot: len(steps) for slot, steps in consumers.items()}
        return cls(consumers, readers, waiting, kept, successor, joins)

    def chain_from(self, step: Step, steps: Sequence[Step]) -> tuple[Step, ...]:
        """``step`` and the steps that always join its chain (worked out once per start)."""
        chain = self.chains.get(step.index)
        if chain is None:
            found = [step]
            after = self.successor[step.index]
            while after >= 0 and self.joins[after]:
                found.append(steps[after])
                after = self.successor[after]
            chain = self.chains[step.index] = tuple(found)
        return chain


def pools_of(steps: Sequence[Step], sizes: Mapping[str, int]) -> tuple[str, ...]:
    """The sized pools the steps draw on (a pool the run file does not size is unlimited)."""
    if not sizes:
        return ()
    names = {pool_of(step.node) for step in steps}
    return tuple(sorted(name for name in names if name in sizes))
