"""Installing the England default streams for an authority, and versioning streams."""

import datetime as dt

from django.db import transaction
from django.db.models import Max

from arrears.audit import services as audit
from arrears.recovery.domain.streams import DEFAULT_STREAMS, StreamSpec
from arrears.recovery.models import Stage, StageCost, Stream


def _create_stream(
    *,
    authority_id: int,
    spec: StreamSpec,
    version: int,
    at: dt.datetime,
    created_by_id: int | None,
    change_note: str,
) -> Stream:
    stream = Stream.objects.create(
        authority_id=authority_id,
        debt_type=spec.debt_type.value,
        version=version,
        name=spec.name,
        description=spec.description,
        postal_days=spec.postal_days,
        is_current=True,
        change_note=change_note,
        created_at=at,
        created_by_id=created_by_id,
    )
    for position, stage_spec in enumerate(spec.stages, start=1):
        stage = Stage.objects.create(
            stream=stream,
            position=position,
            code=stage_spec.code,
            name=stage_spec.name,
            kind=stage_spec.kind.value,
            rule=stage_spec.rule,
            wait_days=stage_spec.wait_days,
            count_from=stage_spec.count_from.value,
            day_count=stage_spec.day_count.value,
            letter=stage_spec.letter,
            minimum_balance=stage_spec.minimum_balance,
            needs_hearing=stage_spec.needs_hearing,
            fresh_notice_after_hold=stage_spec.fresh_notice_after_hold,
            deadline_months=stage_spec.deadline_months,
            available_after=stage_spec.available_after,
        )
        StageCost.objects.bulk_create(
            StageCost(
                stage=stage,
                valid_from=cost.valid_from,
                description=cost.description,
                justification=cost.justification,
                amount=cost.amount,
                percent_of_original=cost.percent_of_original,
            )
            for cost in stage_spec.costs
        )
    return stream


@transaction.atomic
def install_default_streams(
    *, authority_id: int, actor: audit.Actor, at: dt.datetime
) -> list[Stream]:
    """
    Give an authority the England default stream for every debt type it has none for.

    Returns the streams created (none if it already has them all), each version 1.
    """
    have = set(Stream.objects.filter(authority_id=authority_id).values_list("debt_type", flat=True))
    created = [
        _create_stream(
            authority_id=authority_id,
            spec=spec,
            version=1,
            at=at,
            created_by_id=actor.officer_id,
            change_note="England defaults shipped with Arrears",
        )
        for debt_type, spec in DEFAULT_STREAMS.items()
        if debt_type.value not in have
    ]
    for stream in created:
        audit.record_event(
            actor=actor,
            action="recovery.stream.installed",
            authority_id=authority_id,
            object_type="stream",
            object_id=stream.pk,
            detail={"debt_type": stream.debt_type, "version": stream.version},
        )
    return created


@transaction.atomic
def copy_stream_as_new_version(
    *, stream: Stream, actor: audit.Actor, at: dt.datetime, change_note: str
) -> Stream:
    """
    Copy a stream (stages and costs) as the new current version; the old one stays for the
    cases already on it (an account stays on the version it started on).
    """
    latest = (
        Stream.objects.filter(authority_id=stream.authority_id, debt_type=stream.debt_type)
        .select_for_update()
        .aggregate(latest=Max("version"))["latest"]
    )
    Stream.objects.filter(
        authority_id=stream.authority_id, debt_type=stream.debt_type, is_current=True
    ).update(is_current=False)
    copy = Stream.objects.create(
        authority_id=stream.authority_id,
        debt_type=stream.debt_type,
        version=(latest or 0) + 1,
        name=stream.name,
        description=stream.description,
        postal_days=stream.postal_days,
        is_current=True,
        change_note=change_note,
        created_at=at,
        created_by_id=actor.officer_id,
    )
    for stage in Stage.objects.filter(stream=stream).order_by("position"):
        costs = list(StageCost.objects.filter(stage=stage))
        stage.pk = None
        stage.stream = copy
        stage.save()
        for cost in costs:
            cost.pk = None
            cost.stage = stage
            cost.save()
    audit.record_event(
        actor=actor,
        action="recovery.stream.versioned",
        authority_id=stream.authority_id,
        object_type="stream",
        object_id=copy.pk,
        detail={
            "debt_type": stream.debt_type,
            "from_version": stream.version,
            "version": copy.version,
            "note": change_note,
        },
    )
    return copy
