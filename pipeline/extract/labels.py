"""Finding printed labels among OCR words, tolerant of OCR errors, without knowing where a layout puts them.

Every label of a document type is looked for on every line; where several labels match the same words, the longest
wins ("Họ, chữ đệm, tên người mẹ" over "Họ, chữ đệm, tên"), so one printed label is claimed once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.extract.lines import Line, key
from pipeline.ocr.model import Box, words_box

SHORT_LABEL = 5  # labels this short ("Số", "Bà", "Ông") must match exactly and carry their colon


@dataclass(frozen=True)
class LabelHit:
    line: int  # index into the page's lines
    start: int  # first word of the label in the line
    end: int  # one past the last word of the label
    label: str  # the label as written in the schema
    score: float
    box: Box


LONG_THRESHOLD = 84.0


# Labels of two short words ("Người chồng") match two words of a name as closely as long labels match their
# misreadings: "Ngô Hồng" scores 84.2 against "Người chồng" and took the wife's name for a section's start. A
# letter misread in such a label still scores 90 or more.
MIDDLE_THRESHOLD = 88.0


def _threshold(label_key: str) -> float:
    if len(label_key) <= 9:
        return 92.0
    return MIDDLE_THRESHOLD if len(label_key) <= 15 else LONG_THRESHOLD


def _has_colon(line: Line, end: int) -> bool:
    # Tesseract often reads a label's colon as a full stop or semicolon; a bare word ("Số 12, phố Huế") is no label.
    last = line.words[end - 1].text.rstrip()
    if last.endswith((":", ";", ".")):
        return True
    return end < len(line.words) and line.words[end].text.lstrip().startswith((":", ";", "."))


def _runs_into_value(line: Line, start: int, end: int, count: int) -> bool:
    """Whether the words from `start` to `end` run past the end of a printed label into its value: a colon inside
    them, unless the span's last word ends in a colon too with at most two words between, as a label of `count`
    words and more OCR read a colon into ("Họ, chữ đệm, tên: figười mẹ:" for the mother's label, poor, set
    12100): a value ends in no colon. A full stop is not enough: two columns' labels side by side ("Họ, chữ đệm,
    tên: Họ. chữ đệm, tên:") would make one of the husband's label and the wife's first word."""
    inside = [i for i in range(start, end - 1) if line.words[i].text.rstrip().endswith(":")]
    if not inside:
        return False
    last = line.words[end - 1].text.rstrip()
    return not (count >= 3 and len(inside) == 1 and end - 1 - inside[0] <= 2 and last.endswith(":"))


def _one_word_garbled(text: str, tokens: Sequence[str]) -> bool:
    """Whether `text` is a label of four words or more (`tokens`) with one word between its first and last read as
    something else ("ho re dem ten" for "ho chu dem ten": the chữ read "€RE" and run into the Họ before it)."""
    read = text.split()
    if len(tokens) < 4 or len(read) != len(tokens) or read[0] != tokens[0] or read[-1] != tokens[-1]:
        return False
    return sum(a != b for a, b in zip(read, tokens, strict=True)) == 1


@dataclass(frozen=True)
class _LabelKey:
    label: str
    key: str
    tokens: tuple[str, ...]
    short: bool
    threshold: float

    @classmethod
    def of(cls, label: str) -> _LabelKey:
        label_key = key(label)
        return cls(label, label_key, tuple(label_key.split()), len(label_key) <= SHORT_LABEL, _threshold(label_key))


@dataclass
class _KeyedLine:
    """A line as every label is tried on it: its words with letters, and each one's first token. Worked out once a
    line, not once a label and word (a page's lines are tried against forty labels or more)."""

    line: Line
    index: int
    worded: list[int]  # the words with letters (marks read as words have empty keys)
    firsts: list[str]  # the first token of each of those words' keys

    @classmethod
    def of(cls, line: Line, index: int) -> _KeyedLine:
        worded = [i for i, k in enumerate(line.keys) if k]
        return cls(line, index, worded, [line.keys[i].split()[0] for i in worded])


def _candidates(keyed: _KeyedLine, label: _LabelKey, starts_like: dict[tuple[str, str], bool]) -> Iterable[LabelHit]:
    """`label`'s matches on the line; `starts_like` caches, across a page, whether a word's first token is close
    enough to a label's first to try a span from it (most words start no label)."""
    line, tokens, count = keyed.line, label.tokens, len(label.tokens)
    keys = line.keys
    worded = keyed.worded
    for position, start in enumerate(worded):
        pair = (keyed.firsts[position], tokens[0])
        near = starts_like.get(pair)
        if near is None:
            near = starts_like[pair] = fuzz.ratio(*pair) >= 50
        if not near:
            continue
        # spans count words with letters: marks read as words of their own ("Họ, chữ đệt \\, tên ngt _ ca:", poor,
        # set 12100) are carried along
        left = len(worded) - position
        # OCR splits and merges words, so try spans one word shorter and longer than the label, and two shorter for
        # a long label ("Tờ bảnđồsố": four words read as two)
        for span in (count, count - 1, count + 1, *((count - 2,) if count >= 4 else ())):
            if span < 1 or span > left:
                continue
            end = worded[position + span - 1] + 1
            if _runs_into_value(line, start, end, count):
                continue
            text = " ".join(k for k in keys[start:end] if k)
            if label.short:
                if text != label.key or not _has_colon(line, end):
                    continue
                score = 100.0
            else:
                score = fuzz.ratio(text, label.key)
                # a label a letter off ("Năn sinh" for "Năm sinh") still counts where its colon follows it, and a
                # long one with one word garbled ("Họ,€RE đệm, tên:", poor, set 12200)
                if score < label.threshold and not (
                    (score >= LONG_THRESHOLD or _one_word_garbled(text, label.tokens)) and _has_colon(line, end)
                ):
                    continue
            box = words_box(line.words[start:end])
            assert box is not None  # a label covers at least one word
            yield LabelHit(keyed.index, start, end, label.label, score, box)


def find_labels(lines: list[Line], labels: Iterable[str]) -> list[LabelHit]:
    """Non-overlapping label hits on the page, in reading order (top to bottom, left to right)."""
    prepared = [_LabelKey.of(label) for label in set(labels)]
    keyed = {item.label: item.key for item in prepared}
    prepared = [item for item in prepared if item.key]
    starts_like: dict[tuple[str, str], bool] = {}
    found: list[LabelHit] = []
    runners_up: list[list[LabelHit]] = []  # for each hit found, the other labels that matched from its first word
    for index, line in enumerate(lines):
        keyed_line = _KeyedLine.of(line, index)
        candidates = [hit for label in prepared for hit in _candidates(keyed_line, label, starts_like)]
        # A label that is another's start and more ("...tên người mẹ" of "...tên") wins where both match from the
        # same word: its extra words were read ("người rne:" for "người mẹ:", poor, set 11200), however they scored.
        candidates = [
            hit
            for hit in candidates
            if not any(_extends(other, hit, keyed[other.label], keyed[hit.label]) for other in candidates)
        ]
        # The best match wins; among equally good ones the longest label ("...tên người mẹ" over "...tên").
        candidates.sort(key=lambda h: (-(h.score + 0.2 * len(keyed[h.label])), h.start))
        taken: list[tuple[int, int]] = []
        for hit in candidates:
            if all(hit.end <= a or hit.start >= b for a, b in taken):
                taken.append((hit.start, hit.end))
                found.append(hit)
                runners_up.append([o for o in candidates if o.start == hit.start and o.label != hit.label])
    found = _missing_labels_put_back(found, runners_up)
    found.sort(key=lambda h: (h.line, h.start))
    return found


def _missing_labels_put_back(found: list[LabelHit], runners_up: list[list[LabelHit]]) -> list[LabelHit]:
    """The hits, each that is its label's weaker of two or more on the page made the one label that also matched
    its words and was found nowhere else. A label's last word misread can match its sibling better ("người rh€:"
    for "người mẹ:" scores higher against "người cha", poor, set 11300): the father's label twice and the mother's
    none, the mother's name was taken for the father's and hers lost."""
    counts = Counter(hit.label for hit in found)
    best = {label: max(h.score for h in found if h.label == label) for label in counts}
    out = []
    for hit, others in zip(found, runners_up, strict=True):
        missing = {o.label: o for o in others if counts[o.label] == 0}
        if counts[hit.label] > 1 and hit.score < best[hit.label] and len(missing) == 1:
            [other] = missing.values()
            counts[hit.label] -= 1
            counts[other.label] += 1
            hit = other
        out.append(hit)
    return out


def _extends(longer: LabelHit, hit: LabelHit, longer_key: str, key_: str) -> bool:
    """Whether `longer` is `hit`'s label and more, matched from the same word past its end."""
    return (
        longer.start == hit.start and longer.end > hit.end and longer_key != key_ and longer_key.startswith(key_ + " ")
    )
