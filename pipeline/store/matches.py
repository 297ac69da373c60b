"""Storing match outcomes and cleaning issues, and reading back what duplicate detection needs.

Re-matching a record (the population changed, the rules changed) replaces its persons' outcomes and brings its
issues up to date without losing a steward's work: an issue is identified by its code, role and field; one still
raised is updated in place (its review status, reviewer and note kept); an open one no longer raised is removed;
one a steward already handled (confirmed, dismissed, fixed) is kept as it was, as the record of that decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session

from pipeline.match.matcher import MATCHED
from pipeline.match.outcome import RecordOutcome
from pipeline.rules.duplicates import PRIMARY_ROLE, REGISTERED_ON, EventEntry, serial_key
from pipeline.rules.issue import IssueDraft
from pipeline.store.models import Citizen, Issue, Record, RecordField, RecordPerson, ReviewStatus, utcnow

_ISSUE_VALUES = ("severity", "document_value", "database_value", "detail", "match_score", "ocr_confidence")


@dataclass
class SavedCounts:
    records: int = 0
    persons: int = 0
    issues_new: int = 0
    issues_updated: int = 0
    issues_removed: int = 0


def save_matches(
    session: Session,
    matches: Sequence[RecordOutcome],
    issues: Mapping[int, Sequence[IssueDraft]],
    *,
    now: datetime | None = None,
) -> SavedCounts:
    """Write the persons and issues of `matches` (and the issues of any other record in `issues`, such as a stored
    record a new one shows to be a duplicate: those only gain or update issues, never lose them)."""
    now = now or utcnow()
    counts = SavedCounts()
    record_ids = [m.record.record_id for m in matches]
    persons = _save_persons(session, matches)
    counts.persons = len(persons)
    existing: dict[int, dict[tuple[str, str | None, str | None], Issue]] = {}
    for issue in session.scalars(select(Issue).where(Issue.record_id.in_(list(issues) + record_ids))):
        existing.setdefault(issue.record_id, {})[(issue.code, issue.role, issue.field)] = issue
    rematched = set(record_ids)
    for record_id in dict.fromkeys([*record_ids, *issues]):
        drafts = {draft.key: draft for draft in issues.get(record_id, ())}
        stored = existing.get(record_id, {})
        for key, draft in drafts.items():
            issue = stored.get(key)
            values = {name: getattr(draft, name) for name in _ISSUE_VALUES}
            person = persons.get((record_id, draft.role)) if draft.role else None
            if issue is None:
                session.add(
                    Issue(
                        record_id=record_id,
                        record_person_id=person,
                        code=draft.code,
                        role=draft.role,
                        field=draft.field,
                        **values,
                    )
                )
                counts.issues_new += 1
            elif any(getattr(issue, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(issue, name, value)
                issue.record_person_id = person
                counts.issues_updated += 1
        if record_id in rematched:
            for key, issue in stored.items():
                if key not in drafts and issue.review_status == ReviewStatus.OPEN.value:
                    session.delete(issue)
                    counts.issues_removed += 1
    if record_ids:
        session.execute(update(Record).where(Record.id.in_(record_ids)).values(matched_at=now))
    counts.records = len(record_ids)
    session.flush()
    return counts


def _save_persons(session: Session, matches: Sequence[RecordOutcome]) -> dict[tuple[int, str], int]:
    """Replace the persons of the matched records; returns their ids by (record, role)."""
    record_ids = [m.record.record_id for m in matches]
    stored = {
        (p.record_id, p.role): p
        for p in session.scalars(select(RecordPerson).where(RecordPerson.record_id.in_(record_ids)))
    }
    kept: set[tuple[int, str]] = set()
    for match in matches:
        for result in match.persons:
            place = (match.record.record_id, result.role)
            kept.add(place)
            person = stored.get(place)
            if person is None:
                person = RecordPerson(record_id=place[0], role=place[1])
                session.add(person)
                stored[place] = person
            person.citizen_id = result.citizen_id if result.status == MATCHED else None
            person.status = result.status
            person.score = result.score
            person.evidence = dict(result.evidence)
    for place, person in stored.items():
        if place not in kept:
            session.delete(person)
    session.flush()
    return {place: person.id for place, person in stored.items() if place in kept}


def stored_events(connection: Connection, batch: Iterable[EventEntry], exclude: Iterable[int]) -> list[EventEntry]:
    """The stored registrations (outside `exclude`) of the events `batch` registers: the same citizen born or
    dead, the same couple married, the same land certificate."""
    batch = list(batch)
    skip = set(exclude)
    by_citizen = {e.identity[1] for e in batch if e.identity[0] in ("birth", "death", "marriage")}
    serials = {e.identity[1] for e in batch if e.identity[0] == "land"}
    found: list[EventEntry] = []
    if by_citizen:
        found += _stored_person_events(connection, by_citizen, skip)
    if serials:
        found += _stored_land_events(connection, serials, skip)
    return found


def _field_values(connection: Connection, record_ids: list[int], names: tuple[str, ...]) -> dict[tuple[int, str], str]:
    values: dict[tuple[int, str], str] = {}
    for start in range(0, len(record_ids), 500):
        rows = connection.execute(
            select(RecordField.record_id, RecordField.name, RecordField.value).where(
                RecordField.record_id.in_(record_ids[start : start + 500]), RecordField.name.in_(names)
            )
        )
        for record_id, name, value in rows:
            if value:
                values[(record_id, name)] = value
    return values


def _stored_person_events(connection: Connection, personal_ids: set[str], skip: set[int]) -> list[EventEntry]:
    primary = select(RecordPerson.record_id, Record.doc_type, RecordPerson.role, Citizen.personal_id).join(
        Record, Record.id == RecordPerson.record_id
    )
    primary = primary.join(Citizen, Citizen.id == RecordPerson.citizen_id).where(RecordPerson.status == MATCHED)
    people: dict[int, dict[str, str]] = {}
    doc_types: dict[int, str] = {}
    ids = sorted(personal_ids)
    for start in range(0, len(ids), 500):
        rows = connection.execute(primary.where(Citizen.personal_id.in_(ids[start : start + 500])))
        for record_id, doc_type, role, personal_id in rows:
            if record_id not in skip:
                people.setdefault(record_id, {})[role] = personal_id
                doc_types[record_id] = doc_type
    marriages = [r for r, t in doc_types.items() if t == "marriage"]
    for start in range(0, len(marriages), 500):  # a couple needs both spouses, whichever one was asked for
        rows = connection.execute(
            select(RecordPerson.record_id, RecordPerson.role, Citizen.personal_id)
            .join(Citizen, Citizen.id == RecordPerson.citizen_id)
            .where(RecordPerson.record_id.in_(marriages[start : start + 500]), RecordPerson.status == MATCHED)
        )
        for record_id, role, personal_id in rows:
            people[record_id][role] = personal_id
    values = _field_values(connection, list(people), ("registration_date", "register_number"))
    entries = []
    for record_id, roles in people.items():
        doc_type = doc_types[record_id]
        if doc_type == "marriage":
            if "husband" not in roles or "wife" not in roles:
                continue
            identity: tuple[str, ...] = ("marriage", roles["husband"], roles["wife"])
        elif doc_type in REGISTERED_ON and PRIMARY_ROLE[doc_type] in roles:
            identity = (doc_type, roles[PRIMARY_ROLE[doc_type]])
        else:
            continue
        registered = values.get((record_id, REGISTERED_ON.get(doc_type, "registration_date")), "9999")
        entries.append(EventEntry(identity, registered, record_id, values.get((record_id, "register_number"))))
    return entries


def _stored_land_events(connection: Connection, serials: set[str], skip: set[int]) -> list[EventEntry]:
    keys = sorted(serials)
    folded = func.lower(func.replace(RecordField.value, " ", ""))
    wanted: dict[int, str] = {}
    for start in range(0, len(keys), 500):
        rows = connection.execute(
            select(RecordField.record_id, RecordField.value).where(
                RecordField.name == "certificate_serial", folded.in_(keys[start : start + 500])
            )
        )
        for record_id, value in rows:
            if record_id not in skip and serial_key(value) in serials:
                wanted[record_id] = serial_key(value)
    values = _field_values(connection, list(wanted), ("issue_date",))
    return [
        EventEntry(("land", key), values.get((record_id, "issue_date"), "9999"), record_id, None)
        for record_id, key in wanted.items()
    ]
