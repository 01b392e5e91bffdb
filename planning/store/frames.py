"""The records of a workshop as pandas DataFrames, for people who take the data further.

``ws.frame(Need)`` gives one kind: a column per field, references by name instead of id,
categorical columns for fixed choices (labelled in a language on request), nullable integers
and booleans, dates as dates. Poor-household and PKH status (and any other field marked
sensitive) are left out unless asked for by name. pandas is imported here only, when a frame
is made, so the commands that need no table start without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from planning.i18n import t
from planning.records import Record, kind_class

if TYPE_CHECKING:
    import pandas as pd

    from planning.store.workshop import Workshop

_DTYPES = {"int": "Int64", "float": "Float64", "bool": "boolean", "text": "string",
           "longtext": "string", "ref": "string", "choices": "string"}  # fmt: skip


def frame(
    ws: Workshop,
    kind: type[Record] | str,
    *,
    lang: str | None = None,
    sensitive: Iterable[str] = (),
) -> pd.DataFrame:
    """Give the current records of a kind as a DataFrame indexed by record id.

    ``lang`` ("id" or "en") writes the choices' labels in that language instead of their codes;
    ``sensitive`` names the sensitive fields to include (``("poor_household", "pkh")``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from planning.store import create_workshop
    >>> ws = create_workshop(pathlib.Path(tempfile.mkdtemp()) / "w.sqlite", title="T")
    >>> _ = ws.add("participants", name="Ani", gender="p", poor_household="ya")
    >>> df = frame(ws, "participants", lang="id")
    >>> df["name"].tolist(), df["gender"].tolist(), "poor_household" in df
    (['Ani'], ['perempuan'], False)
    >>> str(frame(ws, "participants", sensitive=["poor_household"])["poor_household"].dtype)
    'boolean'
    """
    import pandas as pd

    cls = kind_class(kind)
    wanted = set(sensitive)
    specs = {n: s for n, s in cls.specs().items() if not s.sensitive or n in wanted}
    records = ws.snapshot(cls)
    names: dict[str, dict[str, str]] = {}
    for spec in specs.values():
        if spec.type == "ref" and spec.ref not in names:
            names[spec.ref] = {r.id: r.display_name() for r in ws.snapshot(kind_class(spec.ref))}
    columns: dict[str, Any] = {}
    for name, spec in specs.items():
        values = [getattr(r, name) for r in records]
        if spec.type == "ref":
            values = [names[spec.ref].get(v, v) or None for v in values]
        if spec.type == "choice":
            codes = list(spec.choices)
            if spec.other:  # values typed beyond the fixed choices are categories too
                codes += sorted({v for v in values if v not in spec.choices}, key=str.casefold)
            if lang:
                labels = {
                    c: t(f"{spec.group}.{c}", lang) if c in spec.choices else c for c in codes
                }
                values, codes = [labels.get(v, v) for v in values], list(labels.values())
            columns[name] = pd.Categorical(values, categories=codes)
        elif spec.type == "date":
            columns[name] = pd.to_datetime(pd.Series(values, dtype="string"), errors="coerce")
        else:
            columns[name] = pd.array(values, dtype=_DTYPES.get(spec.type, "object"))
    index = pd.Index([r.id for r in records], name="id", dtype="string")
    return pd.DataFrame(columns, index=index)


def frames(ws: Workshop, *, lang: str | None = None) -> dict[str, pd.DataFrame]:
    """Give every kind of record as a DataFrame, keyed by kind (the workshop's own record too)."""
    from planning.records import KINDS

    return {kind: frame(ws, cls, lang=lang) for kind, cls in KINDS.items()}
