"""Which document type a page is: its title, fuzzily, helped by the labels that only that type prints."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.extract.lines import Line, key
from pipeline.extract.schema import DocTypeSchema

TITLE_THRESHOLD = 80.0
KEYWORD_WEIGHT = 4.0


@dataclass(frozen=True)
class TypeGuess:
    doc_type: str | None
    score: float  # the best type's evidence: its title's match (0-100) plus its keywords found
    runner_up: float
    has_title: bool = False  # the title itself was read: the page starts a document


def _title_score(lines: list[Line], title_key: str) -> float:
    best = 0.0
    for line in lines:
        text = " ".join(k for k in line.keys if k)
        if not text:
            continue
        # Titles stand alone on their line; partial_ratio forgives a stray mark beside them, ratio a misread letter.
        score = max(fuzz.ratio(text, title_key), fuzz.partial_ratio(title_key, text) - 5 if len(text) > 8 else 0)
        best = max(best, score)
    return best


def guess_type(lines: list[Line], schemas: dict[str, DocTypeSchema]) -> TypeGuess:
    page_text = " ".join(" ".join(k for k in line.keys if k) for line in lines)
    scores: dict[str, float] = {}
    titled: dict[str, bool] = {}
    for doc_type, schema in schemas.items():
        title = max(_title_score(lines, key(t)) for t in schema.titles)
        keywords = sum(1 for k in schema.keywords if key(k) in page_text)
        titled[doc_type] = title >= TITLE_THRESHOLD
        scores[doc_type] = (title if titled[doc_type] else title * 0.5) + KEYWORD_WEIGHT * keywords
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best_type, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < TITLE_THRESHOLD * 0.5 + 2 * KEYWORD_WEIGHT:
        return TypeGuess(None, best, runner_up)
    return TypeGuess(best_type, best, runner_up, titled[best_type])
