"""Streams read back as the plain `StageSpec`s the rules work on."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from arrears.recovery.domain.periods import DayCount
from arrears.recovery.domain.streams import (
    AUTOMATIC_KINDS,
    CostSpec,
    CountFrom,
    StageKind,
    StageSpec,
)
from arrears.recovery.models import Stage, StageCost, Stream


@dataclass(frozen=True)
class StreamStages:
    """One stream version's stages in order, with their database ids."""

    stream_id: int
    version: int
    name: str
    postal_days: int
    stage_ids: tuple[int, ...]
    specs: tuple[StageSpec, ...]

    def spec(self, stage_id: int) -> StageSpec:
        return self.specs[self.stage_ids.index(stage_id)]

    def stage_id(self, code: str) -> int:
        for stage_id, spec in zip(self.stage_ids, self.specs, strict=True):
            if spec.code == code:
                return stage_id
        raise KeyError(code)

    def following(self, stage_id: int | None) -> int | None:
        """Return the id of the stage the case moves to next: automatic or the court's."""
        start = 0 if stage_id is None else self.stage_ids.index(stage_id) + 1
        for index in range(start, len(self.specs)):
            if self.specs[index].kind is not StageKind.OFFICER:
                return self.stage_ids[index]
        return None

    def officer_stages(self) -> list[tuple[int, StageSpec]]:
        return [
            (stage_id, spec)
            for stage_id, spec in zip(self.stage_ids, self.specs, strict=True)
            if spec.kind is StageKind.OFFICER
        ]


def stage_spec(stage: Stage, costs: list[StageCost]) -> StageSpec:
    return StageSpec(
        code=stage.code,
        name=stage.name,
        kind=StageKind(stage.kind),
        rule=stage.rule,
        wait_days=stage.wait_days,
        count_from=CountFrom(stage.count_from),
        day_count=DayCount(stage.day_count),
        letter=stage.letter,
        minimum_balance=stage.minimum_balance,
        costs=tuple(
            CostSpec(
                valid_from=cost.valid_from,
                description=cost.description,
                justification=cost.justification,
                amount=cost.amount,
                percent_of_original=cost.percent_of_original,
            )
            for cost in costs
        ),
        needs_hearing=stage.needs_hearing,
        fresh_notice_after_hold=stage.fresh_notice_after_hold,
        deadline_months=stage.deadline_months,
        available_after=stage.available_after,
    )


def stream_stages(*, stream_ids: Collection[int]) -> dict[int, StreamStages]:
    """Return each stream version's stages (three queries, whatever the number of streams)."""
    streams = {stream.pk: stream for stream in Stream.objects.filter(pk__in=stream_ids)}
    costs: dict[int, list[StageCost]] = defaultdict(list)
    for cost in StageCost.objects.filter(stage__stream_id__in=stream_ids).order_by("valid_from"):
        costs[cost.stage_id].append(cost)
    stages: dict[int, list[Stage]] = defaultdict(list)
    for stage in Stage.objects.filter(stream_id__in=stream_ids).order_by("position"):
        stages[stage.stream_id].append(stage)
    return {
        stream_id: StreamStages(
            stream_id=stream_id,
            version=stream.version,
            name=stream.name,
            postal_days=stream.postal_days,
            stage_ids=tuple(stage.pk for stage in stages[stream_id]),
            specs=tuple(stage_spec(stage, costs[stage.pk]) for stage in stages[stream_id]),
        )
        for stream_id, stream in streams.items()
    }


def current_streams(*, authority_id: int) -> dict[str, Stream]:
    """Return the authority's current stream version for each debt type, by debt type."""
    return {
        stream.debt_type: stream
        for stream in Stream.objects.filter(authority_id=authority_id, is_current=True)
    }


def is_automatic(spec: StageSpec) -> bool:
    return spec.kind in AUTOMATIC_KINDS
