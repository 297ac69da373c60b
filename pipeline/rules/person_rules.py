"""The cleaning rules about one person of a record: their match, and each field against the matched citizen.

A discrepancy is reported only where it is the data's and not OCR's: a field read with low confidence that
disagrees with the register is `LOW_CONFIDENCE` (check the scan), and a name that differs only where Tesseract's
`vie` model is known to err is an OCR doubt unless it was read with high confidence. Tone-mark placement and
capitals are never a difference.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from pipeline.match.candidates import Candidate
from pipeline.match.levels import BIRTH_YEAR, DATE
from pipeline.match.matcher import AMBIGUOUS, MATCHED, NOT_FOUND, PROBABLE_STATUS, MatchResult
from pipeline.match.query import PersonQuery
from pipeline.normalize.ids import check_personal_id
from pipeline.normalize.names import plausible_syllable
from pipeline.rules.issue import DOUBT_CONFIDENCE, LOW_CONFIDENCE, IssueDraft
from pipeline.rules.name_difference import NameDifference, looks_misread, name_difference

# roles whose name is checked against the register's name for the child (PARENT_MISMATCH), not as a person's own
PARENT_ROLES = frozenset({"mother", "father"})
# digits Tesseract reads one for another on scans (measured on the held-out sets' misread IDs)
CONFUSABLE_DIGITS = frozenset(
    frozenset(pair) for pair in ("38", "35", "58", "17", "71", "06", "09", "69", "56", "49", "23", "13", "89")
)


def _confidence(query: PersonQuery, comparison: str) -> float | None:
    return query.confidence.get(comparison)


def _unsure(query: PersonQuery, comparison: str) -> bool:
    confidence = _confidence(query, comparison)
    return confidence is not None and confidence < LOW_CONFIDENCE[comparison]


def _draft(code: str, result: MatchResult, comparison: str, document: str | None, database: str | None, detail: str):
    query = result.query
    return IssueDraft(
        code=code,
        role=query.role,
        field=query.fields.get(comparison),
        document_value=document,
        database_value=database,
        detail=detail,
        match_score=result.score,
        ocr_confidence=_confidence(query, comparison),
    )


def name_issue(
    result: MatchResult, document: str, database: str, *, code_letters: str, code_diacritics: str
) -> IssueDraft | None:
    """The issue, if any, for a name read as `document` where the register holds `database`."""
    query = result.query
    difference = name_difference(document, database, read_in_capitals=query.name_in_capitals)
    if difference in (NameDifference.NONE, NameDifference.TONE_PLACEMENT):
        return None
    confidence = _confidence(query, "name")
    if difference is NameDifference.OCR_DOUBT and (confidence is None or confidence < DOUBT_CONFIDENCE):
        return _draft("LOW_CONFIDENCE", result, "name", document, database, "ocr_doubt_on_name")
    if _unsure(query, "name") and looks_misread(document, database):
        return _draft("LOW_CONFIDENCE", result, "name", document, database, f"name_{difference.value}_read_unsure")
    code = code_letters if difference is NameDifference.LETTERS else code_diacritics
    return _draft(code, result, "name", document, database, difference.value)


def id_invalid(query: PersonQuery, citizen: Candidate | None, result: MatchResult) -> IssueDraft | None:
    """ID_INVALID: the printed ID's structure is wrong in itself (length, province) or for the person: its sex
    and century digit and its year digits against the matched citizen's sex and year of birth, or the document's
    when no citizen matched. (A document whose sex disagrees with both the ID and the register has its sex
    wrong, SEX_MISMATCH, not its ID.)"""
    if not query.personal_id:
        return None
    if citizen is not None:
        sex, year = citizen.sex, citizen.birth_year
    else:
        sex, year = query.sex, query.birth_year
    check = check_personal_id(query.personal_id, sex=sex, birth_year=year)
    if check.ok:
        return None
    database = citizen.personal_id if citizen is not None else None
    confidence = _confidence(query, "personal_id")
    if (
        database is not None
        and confidence is not None
        and confidence < LOW_CONFIDENCE["personal_id"]
        and Levenshtein.distance(check.value or query.personal_id, database) > 1
    ):
        # read unsure and garbled in more than one place: OCR's reading, not a clerk's slip
        return _draft("LOW_CONFIDENCE", result, "personal_id", query.personal_id, database, "id_garbled_read_unsure")
    return _draft("ID_INVALID", result, "personal_id", query.personal_id, database, "; ".join(check.problems))


def _misread_digit(read: str, registered: str) -> bool:
    """One digit differs, and it is one OCR takes for the other (3 and 8, 1 and 7, 0, 6 and 9, 5 and 6 ...)."""
    differ = [(a, b) for a, b in zip(read, registered, strict=True) if a != b]
    return len(differ) == 1 and frozenset(differ[0]) in CONFUSABLE_DIGITS


def _id_mismatch(result: MatchResult, citizen: Candidate) -> IssueDraft | None:
    query = result.query
    digits = "".join(ch for ch in query.personal_id or "" if ch.isdigit())
    if len(digits) != 12 or digits == citizen.personal_id:
        return None
    if _unsure(query, "personal_id") and _misread_digit(digits, citizen.personal_id):
        return _draft("LOW_CONFIDENCE", result, "personal_id", digits, citizen.personal_id, "id_digit_read_unsure")
    return _draft("ID_MISMATCH", result, "personal_id", digits, citizen.personal_id, "id_differs")


def _dob_mismatch(result: MatchResult, citizen: Candidate) -> IssueDraft | None:
    query = result.query
    if not query.date_of_birth:
        return None
    if query.date_precision == "year":
        level = BIRTH_YEAR.level_of(query.date_of_birth, citizen.date_of_birth)
    else:
        level = DATE.level_of(query.date_of_birth, citizen.date_of_birth)
        if level == "year_only":  # the document knows less than the register, and agrees as far as it goes
            return None
    if level == "exact":
        return None
    if _unsure(query, "date_of_birth"):
        return _draft(
            "LOW_CONFIDENCE", result, "date_of_birth", query.date_of_birth, citizen.date_of_birth, "date_read_unsure"
        )
    return _draft("DOB_MISMATCH", result, "date_of_birth", query.date_of_birth, citizen.date_of_birth, level)


def _sex_mismatch(result: MatchResult, citizen: Candidate) -> IssueDraft | None:
    query = result.query
    if "sex" not in query.fields or not query.sex or query.sex == citizen.sex:
        return None  # a sex fixed by the role (a mother) is no reading to dispute
    if _unsure(query, "sex"):
        return _draft("LOW_CONFIDENCE", result, "sex", query.sex, citizen.sex, "sex_read_unsure")
    return _draft("SEX_MISMATCH", result, "sex", query.sex, citizen.sex, "sex_differs")


def outcome_issue(result: MatchResult) -> IssueDraft | None:
    """NOT_FOUND, AMBIGUOUS_MATCH or PROBABLE_MATCH for a person not matched with certainty."""
    query = result.query
    best = result.best.candidate if result.best is not None else None
    if result.status == NOT_FOUND:
        if not query.full_name:
            return None
        if _unsure(query, "name") and not all(plausible_syllable(w) for w in query.full_name.lower().split()):
            # a name read unsure and spelt as no name is: the reading may be why no one matches
            return _draft("LOW_CONFIDENCE", result, "name", query.full_name, None, "not_found_name_read_unsure")
        return _draft("NOT_FOUND", result, "name", query.full_name, None, "no_citizen_matches")
    if result.status == AMBIGUOUS:
        return _draft("AMBIGUOUS_MATCH", result, "name", query.full_name, None, f"{result.candidates}_candidates")
    if result.status == PROBABLE_STATUS and best is not None:
        return _draft("PROBABLE_MATCH", result, "name", query.full_name, best.full_name, "needs_confirmation")
    return None


def person_issues(result: MatchResult) -> list[IssueDraft]:
    """Every issue about this person on their own (the parents' names are checked by the record's rules)."""
    query = result.query
    citizen = result.citizen if result.status == MATCHED else None
    issues: list[IssueDraft | None] = [outcome_issue(result)]
    if query.role not in PARENT_ROLES:
        issues.append(id_invalid(query, citizen, result))
    if citizen is not None and query.role not in PARENT_ROLES:
        if query.full_name:
            issues.append(
                name_issue(
                    result,
                    query.full_name,
                    citizen.full_name,
                    code_letters="NAME_MISMATCH",
                    code_diacritics="NAME_DIACRITICS",
                )
            )
        if not any(i is not None and i.field == query.fields.get("personal_id") for i in issues):
            issues.append(_id_mismatch(result, citizen))  # an ID already reported invalid or garbled is not again
        issues.append(_dob_mismatch(result, citizen))
        issues.append(_sex_mismatch(result, citizen))
    return [issue for issue in issues if issue is not None]
