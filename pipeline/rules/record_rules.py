"""The cleaning rules about a whole record: its parents against the register, a death the register lacks, its
dates against each other and the calendar, its required fields, and the rules of each person on it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from pipeline.extract.schema import DocTypeSchema
from pipeline.match.batch import RecordMatch
from pipeline.normalize.dates import PartialDate, read_iso
from pipeline.rules.issue import IssueDraft
from pipeline.rules.person_rules import PARENT_ROLES, name_issue, outcome_issue, person_issues

PARENT_NAME = {"mother": "mother_name", "father": "father_name"}  # the citizen's column for each parent
YOUNGEST_PARENT = 13
# the event date of each document type, for EVENT_AFTER_DEATH
EVENT_DATE = {"birth": "registration_date", "marriage": "registration_date", "land": "issue_date"}
DATE_TYPES = frozenset({"date", "year"})


def _date(value: str | None) -> PartialDate | None:
    return read_iso(value) if value else None


def _day(value: str | None) -> datetime.date | None:
    date = _date(value)
    return date.to_date() if date is not None else None


def _parents(match: RecordMatch) -> list[IssueDraft]:
    """PARENT_MISMATCH: a parent's name on a birth certificate against the parent's name the register holds for
    the matched child; NOT_FOUND for a parent only when the child was found (a whole family missing is one issue,
    on the child)."""
    subject = match.person("subject")
    child = subject.citizen if subject is not None else None
    issues: list[IssueDraft] = []
    for role in ("mother", "father"):  # a fixed order (a frozenset iterates by hash, which varies by process)
        parent = match.person(role)
        if parent is None or child is None or not parent.query.full_name:
            continue
        registered = getattr(child, PARENT_NAME[role])
        if registered:
            issue = name_issue(
                parent,
                parent.query.full_name,
                registered,
                code_letters="PARENT_MISMATCH",
                code_diacritics="PARENT_MISMATCH",
            )
            if issue is not None:
                issues.append(issue)
        outcome = outcome_issue(parent)
        if outcome is not None:
            issues.append(outcome)
    return issues


def _death_not_recorded(match: RecordMatch) -> list[IssueDraft]:
    subject = match.person("subject")
    if match.record.doc_type != "death" or subject is None or subject.citizen is None:
        return []
    if subject.citizen.is_deceased:
        return []
    died = match.record.value("date_of_death")
    return [
        IssueDraft(
            "DEATH_NOT_RECORDED",
            "subject",
            "date_of_death",
            died,
            None,
            "alive_in_database",
            subject.score,
            match.record.fields["date_of_death"].confidence if "date_of_death" in match.record.fields else None,
        )
    ]


def _event_after_death(match: RecordMatch) -> list[IssueDraft]:
    event_field = EVENT_DATE.get(match.record.doc_type)
    event = _day(match.record.value(event_field))
    if event is None:
        return []
    issues = []
    for person in match.persons:
        citizen = person.citizen
        if citizen is None or person.query.role in PARENT_ROLES or not citizen.date_of_death:
            continue
        died = _day(citizen.date_of_death)
        if died is not None and event > died:
            issues.append(
                IssueDraft(
                    "EVENT_AFTER_DEATH",
                    person.query.role,
                    event_field,
                    event.isoformat(),
                    citizen.date_of_death,
                    "registered_after_death",
                    person.score,
                )
            )
    return issues


def _dates(match: RecordMatch, schema: DocTypeSchema, today: datetime.date) -> list[IssueDraft]:
    """DATE_IMPOSSIBLE (in the future, a death before the birth), REGISTERED_BEFORE_BIRTH, PARENT_TOO_YOUNG."""
    record = match.record
    issues: list[IssueDraft] = []
    for item in schema.fields:
        date = _date(record.value(item.name)) if item.type in DATE_TYPES else None
        if date is None:
            continue
        day = date.to_date()
        if date.year > today.year or (day is not None and day > today):
            issues.append(IssueDraft("DATE_IMPOSSIBLE", None, item.name, date.iso(), None, "in_the_future"))
    born, died = _day(record.value("date_of_birth")), _day(record.value("date_of_death"))
    if born is not None and died is not None and died < born:
        issues.append(
            IssueDraft("DATE_IMPOSSIBLE", "subject", "date_of_death", died.isoformat(), None, "death_before_birth")
        )
    if record.doc_type == "birth":
        registered = _day(record.value("registration_date"))
        if born is not None and registered is not None and registered < born:
            issues.append(
                IssueDraft(
                    "REGISTERED_BEFORE_BIRTH",
                    "subject",
                    "registration_date",
                    registered.isoformat(),
                    None,
                    "before_birth",
                )
            )
        child_year = _date(record.value("date_of_birth"))
        for role, year_field in (("mother", "mother_birth_year"), ("father", "father_birth_year")):
            parent_year = _date(record.value(year_field))
            if (
                child_year is not None
                and parent_year is not None
                and child_year.year - parent_year.year < YOUNGEST_PARENT
            ):
                issues.append(
                    IssueDraft(
                        "PARENT_TOO_YOUNG",
                        role,
                        year_field,
                        record.value(year_field),
                        None,
                        f"{child_year.year - parent_year.year}_years_at_the_birth",
                    )
                )
    return issues


def _missing(match: RecordMatch, schema: DocTypeSchema) -> list[IssueDraft]:
    record = match.record
    return [
        IssueDraft(
            "MISSING_REQUIRED_FIELD",
            None,
            item.name,
            None,
            None,
            "not_found_on_the_scan",
            ocr_confidence=record.fields[item.name].confidence if item.name in record.fields else None,
        )
        for item in schema.fields
        if item.required and record.value(item.name) is None
    ]


def record_issues(match: RecordMatch, schemas: Mapping[str, DocTypeSchema], today: datetime.date) -> list[IssueDraft]:
    """Every issue of one matched record (DUPLICATE_RECORD apart: it needs the other records, `duplicates`)."""
    schema = schemas[match.record.doc_type]
    issues: list[IssueDraft] = []
    for person in match.persons:
        if person.query.role in PARENT_ROLES:
            continue
        issues += person_issues(person)
    issues += _parents(match)
    issues += _death_not_recorded(match)
    issues += _event_after_death(match)
    issues += _dates(match, schema, today)
    issues += _missing(match, schema)
    return _once(issues)


def _once(issues: list[IssueDraft]) -> list[IssueDraft]:
    """One issue per code, role and field (a missing name is MISSING_REQUIRED_FIELD, not also NOT_FOUND)."""
    seen: dict[tuple[str, str | None, str | None], IssueDraft] = {}
    for issue in issues:
        seen.setdefault(issue.key, issue)
    return list(seen.values())
