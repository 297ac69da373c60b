"""A cleaning issue as a rule raises it, before it is stored: the code and its evidence."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.rules.codes import issue_codes

# Below these OCR confidences a field's disagreement with the register may be OCR's own error: it is reported as
# LOW_CONFIDENCE (check the scan) instead of a data discrepancy. Set on the held-out set 13100 (bench/matching.py
# --scans measures them again): names OCR misread were read at 0.23-0.78, the names printed differently on purpose
# mostly above 0.79; IDs with one digit misread at 0.86, but IDs printed wrong also at 0.85: an unsure ID is doubted
# only where its difference has OCR's shape (one digit read as a look-alike, or garbled in several places). "Nam"
# and "Nữ" are too unlike for OCR to swap: only a sex read very badly is doubted.
LOW_CONFIDENCE: dict[str, float] = {"name": 0.78, "personal_id": 0.9, "date_of_birth": 0.75, "sex": 0.3}
# A name that differs only where Tesseract's vie model errs (sắc/hỏi on â/ê/ô, a tone lost in capitals) is an OCR
# doubt unless it was read with more confidence than this.
DOUBT_CONFIDENCE = 0.92


@dataclass(frozen=True)
class IssueDraft:
    code: str
    role: str | None
    field: str | None
    document_value: str | None = None
    database_value: str | None = None
    detail: str | None = None
    match_score: float | None = None
    ocr_confidence: float | None = None

    @property
    def severity(self) -> str:
        return issue_codes()[self.code].severity

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """What identifies an issue across re-matching: the same code on the same role and field."""
        return (self.code, self.role, self.field)
