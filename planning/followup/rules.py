"""The rules the store applies when follow-up records are written, removed or merged.

What the field specs already refuse: a reading of an unknown indicator, a visit to an unknown
activity (``error.unknown_ref``), progress outside 0-100%, a negative amount, a score outside
1-5, a date that is not a date, a selection without the group's reason. The rules add what
needs other records: a visit's photo is one kept in the workshop, a selected story is a story
of that domain, a photo's part and a round's kept map are base64 text. Removing a story
removes its votes and selections; removing a criterion removes its scores; removing a map round
removes the map it kept; a selection that no longer fits its story is for the group to make
again.
"""

from __future__ import annotations

import re
from typing import Any

from planning import stages
from planning.errors import Msg, ValidationError
from planning.followup.records import (
    MapRound,
    Photo,
    Progress,
    RoundMap,
    ScorecardCriterion,
    ScorecardScore,
    Story,
    StorySelection,
    StoryVote,
)
from planning.records import Record
from planning.store.writes import WriteContext, known_names

_BASE64 = re.compile(r"[A-Za-z0-9+/=]*")


def progress(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A visit's photo is one kept in the workshop."""
    if data["photo"] and not any(p.photo == data["photo"] for p in ctx.records(Photo).values()):
        raise ValidationError(
            field=Msg("field.progress.photo"),
            value=data["photo"],
            allowed=Msg("followup.allowed.photo_kept"),
        )


def _base64_part(kind: str, data: dict[str, Any]) -> None:
    if not _BASE64.fullmatch(data["content"]):
        raise ValidationError(
            field=Msg(f"field.{kind}.content"),
            value=data["content"][:20],
            allowed=Msg("followup.allowed.base64"),
        )


def photo(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A photo's part is base64 text (what ``commands.keep_photo`` writes)."""
    _base64_part("photos", data)


def round_map(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A part of a round's kept map is base64 text (what ``commands.mark_round`` writes)."""
    _base64_part("round_maps", data)


def remove_round(ctx: WriteContext, record: Record) -> None:
    """Removing a map round removes the map it kept, in the same change."""
    for other in list(ctx.records(RoundMap).values()):
        if other.round == getattr(record, "round", None):
            ctx.remove(RoundMap, other.id)


def selection(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """The story selected in a domain is a story of that domain."""
    stories: dict[str, Story] = ctx.records(Story)
    story = stories[data["story"]]
    if story.domain != data["domain"]:
        same = [s for s in stories.values() if s.domain == data["domain"]]
        raise ValidationError(
            "followup.error.domain",
            field=Msg("field.story_selections.story"),
            value=story.title,
            domain=data["domain"],
            allowed=known_names(same) or Msg("followup.allowed.no_story"),
        )


def remove_story(ctx: WriteContext, record: Record) -> None:
    """Removing a story removes its votes and selections in the same change."""
    for cls in (StoryVote, StorySelection):
        for other in list(ctx.records(cls).values()):
            if getattr(other, "story", "") == record.id:
                ctx.remove(cls, other.id)


def remove_criterion(ctx: WriteContext, record: Record) -> None:
    """Removing a criterion removes its scores in the same change."""
    for other in list(ctx.records(ScorecardScore).values()):
        if other.criterion == record.id:
            ctx.remove(ScorecardScore, other.id)


RULES = {
    Progress.KIND: progress,
    Photo.KIND: photo,
    RoundMap.KIND: round_map,
    StorySelection.KIND: selection,
}
REMOVE_RULES = {
    Story.KIND: remove_story,
    ScorecardCriterion.KIND: remove_criterion,
    MapRound.KIND: remove_round,
}
MERGE_HOOKS = {StoryVote.KIND: stages.combine_count("votes", max)}
