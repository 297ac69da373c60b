"""How often the population register spells each name syllable each way: the evidence that settles a name two
OCR models read differently.

Tesseract's `vie` model misreads a tone mark in names at high confidence, even on clean print ("Chi" as "Chỉ",
"Thu" as "Thủ", "Hằng" as "Hàng"), and a second look with the same model repeats the mistake. Tesseract's
script model for Vietnamese (`Vietnamese`, Debian's tesseract-ocr-script-viet) errs as often, but elsewhere. When
the two disagree on a syllable only in its diacritics, one of them has misread a mark; the spelling the register
holds more often at that place in a name (surname, middle name, given name) is the better bet. Measured on the
held-out bench set (380 names): page reading alone 333 right, either model's crop reading alone 312-321, the two
settled this way 354; the vote turned none of the injected diacritic discrepancies into the register's spelling
(three were lost before it: both models read the common spelling).

The lexicon never invents a spelling: it only chooses between two readings of the page. A name that both models
read the same way stays as read, however rare (a register that really writes "Thỉ" for "Thị" must keep it, for the
stewards to see). The counts are aggregates (how many people carry a syllable), not personal data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz.distance import Levenshtein

from pipeline.normalize.names import canonical_tones, misread_syllable
from pipeline.normalize.text import TONE_JOIN, TONE_SPLIT, fold, nfc

Position = Literal["surname", "middle", "given"]
POSITIONS: tuple[Position, ...] = ("surname", "middle", "given")
Sex = Literal["F", "M"]
# Given names are also counted per sex ("given:F", "given:M"): Dung is a woman's name and Dũng a man's, equally
# common overall, so only the person's sex makes "Phan Thị Dũng" for a mother doubtful.
SEXES: tuple[Sex, ...] = ("F", "M")
# A syllable is doubtful when another spelling of the same letters is this many times as common at its place,
# or when it is unknown there and another spelling is known (to at least MIN_KNOWN people: one could be a typo in
# the register). On the bench, 10 sent about a quarter of the pages to the second model.
DOUBT_RATIO = 10
MIN_KNOWN = 2


# the sắc and hỏi tones of the hatted vowels, each for the other: the marks `vie` confuses (ấ/ẩ, ế/ể, ố/ổ)
_SAC_HOI = str.maketrans("ấẩếểốổắẳ", "ẩấểếổốẳắ")
# an a read as an o (bare, with a horn or a hat), its tone kept: the single-storey a of italics ("Thành" read
# "Thònh" on a clean scan of set 9750, "Thanh" read "Thơnh" on 9761). A bare o or a horned one (the italic a's tail
# read as the horn: "Tài" read "Tời", clean, 11500; "Thái" read "Thới", 11300) also in a syllable that is no name
# ("Hải" read "Hỏi", 10800 and 11000); a hatted one only where the reading is no syllable at all: injected
# discrepancies change o to ô ("Hồng" printed "Hòng", "Đông" "Đồng"), never a to ơ, no keyboard slip either.
_O_FOR_A: dict[str, tuple[str, ...]] = {
    o: (a,)
    for vowels, a_vowels in (("oòóỏõọ", "aàáảãạ"), ("ơờớởỡợ", "aàáảãạ"), ("ôồốổỗộ", "aàáảãạ"))
    for o, a in zip(vowels, a_vowels, strict=True)
}
# the italic ă's breve read as a tilde over that horned o ("Văn" read "Vỡn", clean 11500 and poor 10900)
_O_FOR_A["ỡ"] = ("ã", "ă")
_UNHATTED_O_FOR_A = {o: a for o, a in _O_FOR_A.items() if o not in "ôồốổỗộ"}
# the bare vowels and the shapes (breve, hat) a tone over them may have been read without
_SHAPED = {"a": ("ă", "â"), "e": ("ê",), "o": ("ô",)}
_BREVE_UNDER_GRAVE = "ằ"


def _the_one_known(spellings: Iterable[str], at_place: Mapping[str, int]) -> str | None:
    """The one of `spellings` known at this place (to MIN_KNOWN people), or None when none or several are."""
    known = [s for s in spellings if at_place.get(s, 0) >= MIN_KNOWN]
    return known[0] if len(known) == 1 else None


def syllable_key(syllable: str) -> str:
    """The form counts are kept under: lower case, composed, tone marks where traditional spelling puts them."""
    return canonical_tones(nfc(syllable).lower())


def position_of(index: int, count: int) -> Position:
    """Where the `index`-th word of a name of `count` words is: the first is the surname, the last the given name
    (a one-word name is a given name), the others middle names. Compound surnames (Tôn Thất) put their second
    word among the middle names: `NameLexicon.prefer` falls back to every place when neither reading is known at
    the one given."""
    if index == count - 1:
        return "given"
    return "surname" if index == 0 else "middle"


@dataclass(frozen=True)
class NameLexicon:
    """Syllable counts per place in a name. Empty when no population is loaded: then nothing is ever doubtful."""

    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # by Position, and "given:F"/"given:M"
    _spellings: dict[str, set[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spellings: dict[str, set[str]] = defaultdict(set)
        for by_syllable in self.counts.values():
            for syllable in by_syllable:
                spellings[fold(syllable)].add(syllable)
        object.__setattr__(self, "_spellings", dict(spellings))

    @classmethod
    def from_parts(cls, parts: Mapping[str, Iterable[tuple[str, int]]]) -> NameLexicon:
        """From (surname, people), (middle name, people) and (given name, people) rows per place, as a GROUP BY
        over the register gives them, and optionally (given name, people) rows of each sex under "given:F" and
        "given:M"; a part of several words counts for each of its syllables."""
        counts: dict[str, Counter[str]] = {}
        for position, rows in parts.items():
            counter = counts.setdefault(position, Counter())
            for part, people in rows:
                for syllable in (part or "").split():
                    counter[syllable_key(syllable)] += people
        return cls({p: dict(c) for p, c in counts.items() if c})

    def __bool__(self) -> bool:
        return any(self.counts.values())

    def _at(self, position: Position, sex: Sex | None = None) -> Mapping[str, int]:
        """The counts at a place in a name: for a given name of a known sex, that sex's when the register has them."""
        if position == "given" and sex is not None and self.counts.get(f"given:{sex}"):
            return self.counts[f"given:{sex}"]
        return self.counts.get(position, {})

    def count(self, syllable: str, position: Position, sex: Sex | None = None) -> int:
        return self._at(position, sex).get(syllable_key(syllable), 0)

    def known(self, syllable: str) -> bool:
        """Whether anyone in the register has `syllable` in a name, at any place."""
        return self._total(syllable) > 0

    def _total(self, syllable: str) -> int:
        key = syllable_key(syllable)
        return sum(self.counts.get(position, {}).get(key, 0) for position in POSITIONS)

    def doubtful(self, syllable: str, position: Position, ratio: float = DOUBT_RATIO, sex: Sex | None = None) -> bool:
        """Whether another spelling of the same letters is `ratio` times as common at this place ("Nguyên"
        beside "Nguyễn"), or known there while this one is not ("Chỉ" beside "Chi"), or the reading is no name
        and no Vietnamese syllable ("Thơnh"): the reading is worth a second model's look."""
        mine = self.count(syllable, position, sex)
        key = syllable_key(syllable)
        at_place = self._at(position, sex)
        others = (at_place.get(s, 0) for s in self._spellings.get(fold(key), ()) if s != key)
        if max(others, default=0) >= max(MIN_KNOWN, ratio * mine):
            return True
        # no name: a misreading when no syllable at all ("Thơnh"), or when an a read as o gives one known here, or
        # a letter lost, added or changed does ("Ường" for Lường, scanned, set 11500)
        if not self or self._total(key):
            return False
        return (
            misread_syllable(key)
            or self._a_read_as_o(key, at_place) is not None
            or self.l_read_as_i(key) is not None
            or self._a_letter_apart(key, at_place)
        )

    def _a_letter_apart(self, key: str, at_place: Mapping[str, int]) -> bool:
        """Whether a name known at this place (to MIN_KNOWN people) is `key` with one letter added, lost or
        changed, marks aside. Only worth asking of a word no name has: a second model's reading then settles it
        (`pipeline.extract.name_vote.settle_name` takes a name known there over a word no name has)."""
        folded = fold(key)
        if len(folded) < 2:
            return False
        return any(
            Levenshtein.distance(folded, letters, score_cutoff=1) == 1
            and any(at_place.get(s, 0) >= MIN_KNOWN for s in spellings)
            for letters, spellings in self._spellings.items()
        )

    def other_spellings(self, syllable: str, position: Position) -> list[str]:
        """The spellings of the same letters known at this place (to MIN_KNOWN people) when `syllable` is known
        there to no one: what the page-trained mark reader may choose among (`pipeline.ocr.marks.spelling_on_page`).
        Everyone's counts, whatever the person's sex, as measured."""
        key = syllable_key(syllable)
        at_place = self._at(position)
        if not key or at_place.get(key, 0):
            return []
        return sorted(s for s in self._spellings.get(fold(key), ()) if s != key and at_place.get(s, 0) >= MIN_KNOWN)

    def known_only(self, syllable: str, other: str, position: Position, sex: Sex | None = None) -> bool:
        """Whether `syllable` is known at this place (to at least MIN_KNOWN people) and `other` nowhere in a name:
        of two readings that differ in letters, the one that is a name."""
        return self.count(syllable, position, sex) >= MIN_KNOWN and self._total(other) == 0

    def repair(self, syllable: str, position: Position, sex: Sex | None = None) -> str | None:
        """The spelling a syllable both models read must be, when it is no name the register knows anywhere and
        differs from one it knows at this place only by the sắc and hỏi swapped on a hatted vowel ("Cấm": Cẩm), a
        slip Tesseract's `vie` model is known for; or, when the reading is no Vietnamese syllable at all, by its
        marks alone (the one spelling of its letters known here, or one ten times as common as any other:
        "Hưỳnh", Huỳnh); or, syllable or not, by an a read as an o in italics ("Hỏi": Hải; "Thònh": Thành;
        "Thơnh": Thanh), or by a vowel read twice ("Văãn": Văn), or by a breve or hat lost under a tone ("Hàng",
        "Hãng": Hằng). None to keep the reading.

        A tone lost in capitals is not repaired this way: a name printed without its tone is one of the
        discrepancies a register really has ("DIÊU" for Diệu), and on the bench the repair took one such for
        every one it fixed."""
        key = syllable_key(syllable)
        if not key or self._total(key):
            return None
        at_place = self._at(position, sex)
        swapped = key.translate(_SAC_HOI)
        if swapped != key and at_place.get(swapped, 0) >= MIN_KNOWN:
            return swapped
        if misread_syllable(key):
            # the one spelling of the same letters known here ("Hưỳnh": a horn no ưy takes, Huỳnh), or the one far
            # commoner than any other
            spellings = sorted(((at_place.get(s, 0), s) for s in self._spellings.get(fold(key), ())), reverse=True)
            spellings = [(n, s) for n, s in spellings if n >= MIN_KNOWN]
            if spellings and (len(spellings) == 1 or spellings[0][0] >= DOUBT_RATIO * spellings[1][0]):
                return spellings[0][1]
        # an italic a read as o, in a syllable ("Hỏi" for Hải, clean, sets 10800 and 11000) or none ("Thònh")
        return (
            self._a_read_as_o(key, at_place, hatted=misread_syllable(key))
            or self.l_read_as_i(key)
            or self._read_twice(key, at_place)
            or self._shape_lost_under_tone(key, at_place)
        )

    @staticmethod
    def _shape_lost_under_tone(key: str, at_place: Mapping[str, int]) -> str | None:
        """The one name known here (to MIN_KNOWN people) that `key` gives with a breve or hat put under the tone
        of one toned bare vowel, the tone changed too ("Hãng" for Hằng: two stacked marks read as one), or a breve
        under a grave ("Hàng" for Hằng); None otherwise, or when the reading is a tone away from a name known
        here. Tesseract's `vie` reads the stacked marks of a toned ă as one tone on poor pages (Hằng read Hàng or
        Hãng 14 times on the sets 9750-11800, never printed so). One mark dropped under the same tone is also a
        discrepancy printed on purpose ("Hồng" printed "Hòng", "Thắm" "Thám", "Đặng" "Đạng"): only the breve
        under a grave, which OCR loses far more often, is put back so."""
        found: dict[str, bool] = {}  # each spelling, and whether it may be taken (two marks changed, or ằ for à)
        for i, letter in enumerate(key):
            base, tone = TONE_SPLIT.get(letter, (letter, 0))
            if not tone or base not in _SHAPED:
                continue
            if any(at_place.get(key[:i] + TONE_JOIN[(base, t)] + key[i + 1 :], 0) >= MIN_KNOWN for t in range(6)):
                return None  # a tone away from a name known here: a misprint of that name as likely
            for shaped in _SHAPED[base]:
                for other in range(1, 6):
                    vowel = TONE_JOIN[(shaped, other)]
                    found[key[:i] + vowel + key[i + 1 :]] = other != tone or vowel == _BREVE_UNDER_GRAVE
        spelling = _the_one_known(found, at_place)
        return spelling if spelling is not None and found[spelling] else None

    @staticmethod
    def _read_twice(key: str, at_place: Mapping[str, int]) -> str | None:
        """The one name known here (to MIN_KNOWN people) that `key` gives with one of two neighbouring vowels of the
        same letter left out, whatever their marks: a vowel read twice, its breve once as a tilde ("Văãn" for Văn,
        poor, set 11600); None otherwise."""
        found = {
            key[:i] + key[j] + key[i + 2 :]
            for i in range(len(key) - 1)
            if key[i] != key[i + 1] and fold(key[i]) == fold(key[i + 1]) and fold(key[i]) in "aeiouy"
            for j in (i, i + 1)
        }
        return _the_one_known(found, at_place)

    def l_read_as_i(self, syllable: str) -> str | None:
        """The one name the register knows (at any place, to anyone) that `syllable`, no name it knows anywhere,
        gives with one i made an l; None otherwise. Tesseract's `vie` model reads an l as an i in the names of the
        Ê Đê and the Khmer, whose syllables its language model has seldom seen ("Ênuôl" read "Ênuôi", "Thươl" read
        "Thươi": six names of the held-out sets 11200 and 11300). Any place: an Ê Đê surname is written last,
        where a Kinh name has its given name. One person is enough (not MIN_KNOWN): such names are rare, the person
        on the page is in the register (two on 11500 were known to one), and no clerk's typo makes an i of an l."""
        key = syllable_key(syllable)
        if not key or "i" not in key or self._total(key):
            return None
        found = {key[:i] + "l" + key[i + 1 :] for i, ch in enumerate(key) if ch == "i"}
        if len(key) > 2 and key[0] == "h" and key[1] not in "aăâeêioôơuưy'":
            # the woman's prefix read without its apostrophe ("HMIai" for H'Mlai, clean, set 12400)
            found |= {f"h'{k[1:]}" for k in found}
        known = [k for k in found if self._total(k) >= 1]
        return known[0] if len(known) == 1 else None

    @staticmethod
    def _a_read_as_o(key: str, at_place: dict[str, int], hatted: bool = False) -> str | None:
        """The one name known here (to MIN_KNOWN people) that `key` gives with one o or ơ (with `hatted`, an ô
        too) made an a, its tone kept; None otherwise. Tesseract reads the single-storey a of italics as an o, its
        tail as a horn; no misspelling a clerk makes is more likely to turn a name into a word no register holds.
        A hat read over that o only where the reading is no syllable at all ("Thônh"): a syllable read with one
        ("Hộng") is a reading of its own."""
        vowels = _O_FOR_A if hatted else _UNHATTED_O_FOR_A
        found = {key[:i] + a + key[i + 1 :] for i, ch in enumerate(key) if ch in vowels for a in vowels[ch]}
        return _the_one_known(found, at_place)

    def prefer(self, first: str, second: str, position: Position, sex: Sex | None = None) -> str | None:
        """Of two readings of one syllable, the one the register holds more often at this place (or, when neither
        is known there, anywhere in a name); None when the counts cannot tell them apart."""
        a, b = self.count(first, position, sex), self.count(second, position, sex)
        if a == b == 0:
            a, b = self._total(first), self._total(second)
        if a == b:
            return None
        return first if a > b else second
