"""DUPLICATE_RECORD: the same event registered twice, from different scans, flagged on the later registration with
a link to the first.

The same event: a birth or a death of the same matched citizen, a marriage of the same matched couple, a land
certificate with the same serial. (One owner may hold many certificates, and one citizen be both born and dead: the
kind of event is part of its identity.) "Later" is by the event's registration date, then by record id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.match.outcome import RecordOutcome
from pipeline.normalize.text import fold
from pipeline.rules.issue import IssueDraft

REGISTERED_ON = {"birth": "registration_date", "death": "registration_date", "marriage": "registration_date"}
PRIMARY_ROLE = {"birth": "subject", "death": "subject", "marriage": "husband", "land": "owner"}


def serial_key(serial: str) -> str:
    """A certificate serial as compared: without spaces, capitals or marks ("GQ 748113" -> "gq748113")."""
    return "".join(fold(serial).split())


@dataclass(frozen=True, order=True)
class EventEntry:
    """One registration of an event: what identifies the event, and when and where it was registered."""

    identity: tuple[str, ...]
    registered: str  # ISO date, "9999" when unknown (an unknown date sorts last)
    record_id: int
    number: str | None = None  # the register number, shown to the steward


def event_entry(match: RecordOutcome) -> EventEntry | None:
    """The event a matched record registers, or None when it cannot be told (a person not matched)."""
    record = match.record
    doc_type = record.doc_type
    if doc_type == "land":
        serial = record.value("certificate_serial")
        identity: tuple[str, ...] | None = ("land", serial_key(serial)) if serial else None
        registered = record.value("issue_date")
    elif doc_type == "marriage":
        husband, wife = match.person("husband"), match.person("wife")
        couple = (husband.personal_id if husband else None, wife.personal_id if wife else None)
        identity = ("marriage", couple[0], couple[1]) if couple[0] and couple[1] else None
        registered = record.value("registration_date")
    else:
        subject = match.person("subject")
        personal_id = subject.personal_id if subject is not None else None
        identity = (doc_type, personal_id) if personal_id else None
        registered = record.value(REGISTERED_ON[doc_type])
    if identity is None:
        return None
    return EventEntry(identity, registered or "9999", record.record_id, record.value("register_number"))


def duplicate_issues(batch: Iterable[EventEntry], stored: Iterable[EventEntry]) -> dict[int, IssueDraft]:
    """For each record that registers an event registered earlier, its DUPLICATE_RECORD issue, by record id: the
    batch's records, and stored ones a record of the batch turns out to precede."""
    events: dict[tuple[str, ...], list[EventEntry]] = defaultdict(list)
    for entry in [*stored, *batch]:
        if entry not in events[entry.identity]:
            events[entry.identity].append(entry)
    issues: dict[int, IssueDraft] = {}
    for entries in events.values():
        if len(entries) < 2:
            continue
        first, *later = sorted(entries, key=lambda e: (e.registered, e.record_id))
        for entry in later:
            issues[entry.record_id] = IssueDraft(
                "DUPLICATE_RECORD",
                PRIMARY_ROLE[entry.identity[0]],
                None,
                entry.number,
                first.number,
                f"first registered in record {first.record_id}",
            )
    return issues
