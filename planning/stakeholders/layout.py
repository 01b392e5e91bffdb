"""Where each actor sits on the drawn map, in percent of the map's width and height from the top
left: a first layout for a map nobody arranged yet, and a free place for a new actor near the
actors it is linked to, which moves nobody else.

Positions are stored (``positions`` records), so the map looks the same each time it is opened;
these functions only compute. networkx and numpy are imported inside them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

Point = tuple[float, float]

MARGIN = 7.0  # percent kept free at each edge, so labels stay on the map
MIN_GAP = 9.0  # percent: the distance kept between a new actor and the others
GRID_STEP = 2.5  # percent between the places tried for a new actor
CENTRE: Point = (50.0, 50.0)


def first_layout(actors: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, Point]:
    """Give every actor a place: a spring layout (fixed seed) of the linked actors, scaled into
    the map, and the actors without a link in a row along the bottom.

    The same actors and links give the same places, whatever order they come in.

    Examples
    --------
    >>> pos = first_layout(["a", "b", "c", "z"], [("a", "b"), ("b", "c")])
    >>> sorted(pos), all(MARGIN <= x <= 100 - MARGIN and MARGIN <= y <= 100 - MARGIN
    ...                  for x, y in pos.values())
    (['a', 'b', 'c', 'z'], True)
    >>> pos["z"][1] == 100 - MARGIN
    True
    >>> first_layout(["a", "b", "c", "z"], [("c", "b"), ("b", "a")]) == pos
    True
    """
    import networkx as nx

    ids = sorted(set(actors))
    edges = sorted({tuple(sorted(p)) for p in pairs if p[0] != p[1]})
    linked = sorted({a for e in edges for a in e if a in ids})
    alone = [a for a in ids if a not in set(linked)]
    out: dict[str, Point] = {}
    if linked:
        graph = nx.Graph()
        graph.add_nodes_from(linked)
        graph.add_edges_from(e for e in edges if e[0] in graph and e[1] in graph)
        spread = 2.0 / math.sqrt(len(linked))
        raw = nx.spring_layout(graph, seed=42, k=spread, iterations=80)
        bottom = 100 - MARGIN - (MIN_GAP if alone else 0.0)
        fitted = _fit(raw, (MARGIN, MARGIN, 100 - MARGIN, bottom))
        out.update(_spread(fitted, (MARGIN, MARGIN, 100 - MARGIN, bottom)))
    if alone:
        row = 100 - MARGIN
        step = (100 - 2 * MARGIN) / max(len(alone), 1)
        for i, a in enumerate(alone):
            out[a] = (round(MARGIN + step * (i + 0.5), 2), row)
    return {a: out[a] for a in ids}


def _fit(raw: Mapping[str, object], box: tuple[float, float, float, float]) -> dict[str, Point]:
    """Give positions scaled into ``box`` (left, top, right, bottom), keeping their shape."""
    xs = [float(p[0]) for p in raw.values()]  # type: ignore[index]
    ys = [float(p[1]) for p in raw.values()]  # type: ignore[index]
    left, top, right, bottom = box
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    out = {}
    for a, p in raw.items():
        x = (float(p[0]) - min(xs)) / span_x  # type: ignore[index]
        y = (float(p[1]) - min(ys)) / span_y  # type: ignore[index]
        if len(raw) == 1:
            x = y = 0.5
        out[a] = (round(left + x * (right - left), 2), round(top + y * (bottom - top), 2))
    return out


def _spread(
    points: dict[str, Point], box: tuple[float, float, float, float], rounds: int = 40
) -> dict[str, Point]:
    """Give the points pushed apart until no two are closer than :data:`MIN_GAP` (or the
    rounds run out), kept inside ``box``: a spring layout bunches actors that share links."""
    import numpy as np

    ids = list(points)
    if len(ids) < 2:
        return points
    xy = np.array([points[a] for a in ids], dtype=float)
    left, top, right, bottom = box
    for _ in range(rounds):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(diff[..., 0], diff[..., 1])
        np.fill_diagonal(dist, 1e9)
        close = dist < MIN_GAP
        if not close.any():
            break
        push = np.where(close, (MIN_GAP - dist) / np.maximum(dist, 1e-6) / 2, 0.0)
        xy += (diff * push[..., None]).sum(axis=1) * 0.5
        xy[:, 0] = xy[:, 0].clip(left, right)
        xy[:, 1] = xy[:, 1].clip(top, bottom)
    return {a: (round(float(x), 2), round(float(y), 2)) for a, (x, y) in zip(ids, xy, strict=True)}


def place(taken: Mapping[str, Point], near: Iterable[str] = ()) -> Point:
    """Give a free place for a new actor: the one nearest the middle of the actors it is linked
    to (``near``, those already placed) or of the map, at least :data:`MIN_GAP` from every
    actor already placed; if none is that free, the freest place. Nobody else moves.

    Examples
    --------
    >>> place({})
    (50.0, 50.0)
    >>> x, y = place({"a": (50.0, 50.0), "b": (70.0, 50.0)}, near=["a", "b"])
    >>> min(math.dist((x, y), (50, 50)), math.dist((x, y), (70, 50))) >= MIN_GAP
    True
    """
    import numpy as np

    anchors = [taken[a] for a in near if a in taken]
    ax, ay = (
        (sum(p[0] for p in anchors) / len(anchors), sum(p[1] for p in anchors) / len(anchors))
        if anchors
        else CENTRE
    )
    first = CENTRE[0] - math.floor((CENTRE[0] - MARGIN) / GRID_STEP) * GRID_STEP
    steps = np.arange(first, 100 - MARGIN + 1e-9, GRID_STEP)  # the centre is one of them
    gx, gy = np.meshgrid(steps, steps)
    cand = np.column_stack([gx.ravel(), gy.ravel()])
    if taken:
        pts = np.array(list(taken.values()), dtype=float)
        dx = cand[:, 0, None] - pts[None, :, 0]
        dy = cand[:, 1, None] - pts[None, :, 1]
        gaps = np.sqrt((dx * dx + dy * dy).min(axis=1))
    else:
        gaps = np.full(len(cand), np.inf)
    to_anchor = np.hypot(cand[:, 0] - ax, cand[:, 1] - ay)
    free = gaps >= MIN_GAP
    if free.any():
        # nearest the anchor; ties to the top left, so the same map gives the same place
        order = np.lexsort((cand[:, 0], cand[:, 1], np.round(to_anchor, 6), ~free))
    else:
        order = np.lexsort((cand[:, 0], cand[:, 1], np.round(to_anchor, 6), -np.round(gaps, 6)))
    x, y = cand[order[0]]
    return (round(float(x), 2), round(float(y), 2))


def place_missing(
    taken: Mapping[str, Point], missing: Iterable[str], pairs: Iterable[tuple[str, str]]
) -> dict[str, Point]:
    """Give places to the actors in ``missing`` one by one (in id order), each near its linked
    actors already placed, without moving any actor in ``taken``.

    Examples
    --------
    >>> new = place_missing({"a": (20.0, 20.0)}, ["b"], [("a", "b")])
    >>> round(math.dist(new["b"], (20, 20))) >= MIN_GAP, "a" in new
    (True, False)
    """
    pairs = list(pairs)
    placed = dict(taken)
    out = {}
    for a in sorted(set(missing) - set(taken)):
        near = [v for u, v in pairs if u == a] + [u for u, v in pairs if v == a]
        out[a] = placed[a] = place(placed, near)
    return out


def nudge(point: Point, dx: float, dy: float) -> Point:
    """Give a point moved by (dx, dy) percent, kept inside the map.

    Examples
    --------
    >>> nudge((95.0, 3.0), 10, -10)
    (100.0, 0.0)
    """
    x = min(100.0, max(0.0, point[0] + dx))
    y = min(100.0, max(0.0, point[1] + dy))
    return (round(x, 2), round(y, 2))
