"""What a match leaves behind: each person's outcome as stored, without the query and the candidates' rows.

This is what the store, the duplicate check and a summary need after matching, and what crosses between processes
when a pool matches on every core (`pipeline.match.parallel`): a few values and the decision's evidence (levels
and weights, no personal values), cheap to pass and to keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.match.query import RecordView


@dataclass(frozen=True, slots=True)
class PersonOutcome:
    role: str
    named: bool  # the record names someone in the role (a name or an ID); a role left empty is matched to no one
    status: str  # matched, probable, ambiguous, not_found
    score: float | None  # the best candidate's probability
    citizen_id: int | None  # the matched citizen (None unless matched)
    personal_id: str | None  # the matched citizen's personal ID
    evidence: Mapping[str, object]  # `MatchResult.evidence()`


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    record: RecordView
    persons: tuple[PersonOutcome, ...]

    def person(self, role: str) -> PersonOutcome | None:
        return next((p for p in self.persons if p.role == role), None)
