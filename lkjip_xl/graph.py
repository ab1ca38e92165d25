"""Circular references: the cycles of a graph of cells (which cell's formula refers to which).

The check of a workbook the engine could not compute and the audit's ``rujukan-melingkar`` rule
both name the cells of each cycle. Iterative, not recursive: a chain of formulas down a column is
as deep as the sheet is long, far beyond Python's recursion limit.
"""

from __future__ import annotations

from typing import Hashable, Mapping, Sequence, TypeVar

__all__ = ["cycles"]

Node = TypeVar("Node", bound=Hashable)


def cycles(edges: Mapping[Node, Sequence[Node] | set[Node]]) -> list[list[Node]]:
    """The strongly connected components of ``edges`` (node -> the nodes it refers to) that hold a
    cycle: two or more nodes, or one that refers to itself (Tarjan's algorithm)."""
    successors = {v: list(ws) for v, ws in edges.items()}
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    out: list[list[Node]] = []
    for start in successors:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            v, i = work[-1]
            if i == 0:
                index[v] = low[v] = len(index)
                stack.append(v)
                on_stack.add(v)
            succ = successors.get(v, ())
            if i < len(succ):
                work[-1] = (v, i + 1)
                w = succ[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1 or v in successors.get(v, ()):
                    out.append(component)
    return out
