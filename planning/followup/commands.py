"""What the follow-up's panels store: each command checks and writes in one transaction.

A visit's photo is resized with Pillow (at most :data:`PHOTO_PX` px on its longer side, as a
JPEG) and kept inside the workshop in the same change as the visit, so a visit refused keeps no
photo and a photo refused stores no visit. An agreed action becomes an activity of the plan in
the same change that records where it came from.
"""

from __future__ import annotations

import base64
import hashlib
import io
import warnings
from collections.abc import Mapping
from typing import Any

from planning.errors import Msg, ValidationError
from planning.followup.records import (
    PHOTO_PART_CHARS,
    PHOTO_PARTS_MAX,
    AgreedAction,
    MapRound,
    Photo,
    Progress,
    RoundMap,
    Story,
    StorySelection,
)
from planning.limits import MB, megabytes
from planning.store import Workshop, WriteContext

PHOTO_PX = 1280
PHOTO_MAX_BYTES = 10 * MB
_QUALITY = 80


def _refuse_photo(value: str) -> ValidationError:
    return ValidationError(
        field=Msg("field.progress.photo"),
        value=value,
        allowed=Msg("followup.allowed.photo", size=megabytes(PHOTO_MAX_BYTES)),
    )


def photo_jpeg(data: bytes, name: str = "") -> bytes:
    """Give a photo as kept: a JPEG at most 1280 px on its longer side, turned upright.

    Refuses (naming the file) what is not a picture Pillow reads, or is over 10 MB.

    Examples
    --------
    >>> from PIL import Image
    >>> buf = io.BytesIO(); Image.new("RGB", (4000, 3000), "green").save(buf, "PNG")
    >>> Image.open(io.BytesIO(photo_jpeg(buf.getvalue()))).size
    (1280, 960)
    >>> photo_jpeg(b"not a picture", "catatan.txt")
    Traceback (most recent call last):
    ...
    planning.errors.ValidationError: Photo: 'catatan.txt' is not allowed. Allowed: ...
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    shown = name or megabytes(len(data))
    if len(data) > PHOTO_MAX_BYTES or not data:
        raise _refuse_photo(f"{name} ({megabytes(len(data))})" if name else shown)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                picture = ImageOps.exif_transpose(opened).convert("RGB")
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise _refuse_photo(shown) from None
    picture.thumbnail((PHOTO_PX, PHOTO_PX))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=_QUALITY, optimize=True)
    return out.getvalue()


def _keep_photo(ctx: WriteContext, jpeg: bytes) -> str:
    """Write a photo's parts (unless the same photo is kept already); give its name."""
    name = hashlib.sha256(jpeg).hexdigest()[:16]
    if any(p.photo == name for p in ctx.records(Photo).values()):
        return name
    text = base64.b64encode(jpeg).decode("ascii")
    from planning.followup.rounds import split

    parts = split(text, PHOTO_PART_CHARS)
    if len(parts) > PHOTO_PARTS_MAX:  # cannot happen at 1280 px; a bound all the same
        raise _refuse_photo(megabytes(len(jpeg)))
    for i, part in enumerate(parts):
        ctx.add(Photo, {"photo": name, "part": i, "content": part})
    return name


def record_progress(
    ws: Workshop, *, photo: bytes | None = None, photo_name: str = "", **fields: Any
) -> Progress:
    """Record a visit to an activity (with its photo, if one is given), in one change.

    A visit on a day already recorded for the activity is a new version of that visit.
    """
    jpeg = photo_jpeg(photo, photo_name) if photo else None

    def work(ctx: WriteContext) -> Progress:
        data = dict(fields)
        if jpeg is not None:
            data["photo"] = _keep_photo(ctx, jpeg)
        return ctx.put(Progress, data)[0]

    return ws.write(work, action="add")


def photo_bytes(ws: Any, name: str) -> bytes | None:
    """Give a kept photo's JPEG bytes (None when no photo has that name)."""
    parts = sorted((p.part, p.content) for p in ws.snapshot(Photo) if p.photo == name)
    if not parts:
        return None
    return base64.b64decode("".join(d for _, d in parts))


def mark_round(ws: Workshop, **fields: Any) -> MapRound:
    """Name the map as it stands now as a round (its change is the latest one, unless given),
    and keep the map as it stood then beside it (``round_maps``, see
    :mod:`planning.followup.rounds`), in one change."""
    from planning.followup.rounds import map_records, pack, split

    data = dict(fields)
    if not data.get("change"):
        data["change"] = ws.change_marker()
    parts = split(pack(map_records(ws.as_of(int(data["change"])))))

    def work(ctx: Any) -> MapRound:
        found: MapRound = ctx.put(MapRound, data)[0]
        for i, content in enumerate(parts):
            ctx.put(RoundMap, {"round": found.round, "part": i, "content": content})
        for old in list(ctx.records(RoundMap).values()):
            if old.round == found.round and old.part >= len(parts):
                ctx.remove(RoundMap, old.id)
        return found

    return ws.write(work, action="add")


def select_story(ws: Workshop, **fields: Any) -> StorySelection:
    """Store the group's selection of a story in a domain and round, with its reason."""
    return ws.write(lambda ctx: ctx.put(StorySelection, fields)[0], action="edit")


def adopt_action(
    ws: Workshop, action: str, activity: Mapping[str, Any]
) -> tuple[AgreedAction, Any]:
    """Make an agreed action an activity of the plan, keeping where it came from: the action
    names the activity, in the same change. ``activity`` holds the activity's fields (its
    title defaults to the action's)."""
    from planning.actions.records import Activity

    def work(ctx: WriteContext) -> tuple[AgreedAction, Any]:
        agreed = ctx.current(AgreedAction, ws.find(AgreedAction, action).id)
        if agreed.activity:
            raise ValidationError(
                "followup.error.adopted",
                field=Msg("field.agreed_actions.activity"),
                value=agreed.title,
                allowed=Msg("followup.allowed.not_adopted"),
            )
        made = ctx.add(Activity, {"title": agreed.title, **activity})
        kept = ctx.edit(AgreedAction, agreed.id, {"activity": made.id})
        return kept, made

    return ws.write(work, action="add")


def tell_story(ws: Workshop, **fields: Any) -> Story:
    """Add a story of change."""
    return ws.add(Story, **fields)
