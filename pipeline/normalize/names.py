"""Personal names: display form, tone-placement canonicalisation, blocking keys, surname/given split.

Two spellings of the same name differ in ways that are not errors: capitals ("NGUYỄN VĂN AN" on a register,
"Nguyễn Văn An" in a database), Unicode form, and above all tone placement. Vietnamese has two accepted
conventions for where the tone mark sits in open syllables with "oa", "oe" and "uy": the traditional one
("hòa", "khỏe", "thủy") and the one of the 1980s spelling rules, which puts the mark on the main vowel
("hoà", "khoẻ", "thuỷ"); registers and databases use both. A person registered as "Nguyễn Thị Thuỷ" at birth
and "Nguyễn Thị Thủy" at marriage is one person, so comparisons go through `canonical_name` (which writes the
traditional form), while `display_name` keeps the document's own spelling for storage and display.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .text import TONE_JOIN, TONE_SPLIT, NormalizationError, fold, nfc, strip_tones


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name split the way civil registration records it: surname (họ), middle (tên đệm), given (tên)."""

    surname: str
    middle: str
    given: str


# --- tone placement ------------------------------------------------------------------------------------

# initial consonant, vowel cluster, final consonant. "qu" and "gi" are initials (the u/i is not the nucleus:
# quý, giá), except that "gi" followed by no other vowel is g + i (gì, gìn): the regex backtracks into that.
_SYLLABLE_RE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx]?)"  # initial
    r"([aăâeêioôơuưy]+)"  # vowel cluster
    r"(ch|ng|nh|[cmnpt]?)"  # final
)

# Vowel clusters that occur in Vietnamese syllables. Anything else (minority-language words, foreign names,
# OCR garbage) keeps the document's tone placement, because the rules below would only guess.
# fmt: off
_NUCLEI = frozenset((
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi",
    "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "uêu",
))
# fmt: on
# The only vowel clusters the finals nh and ch follow: anh, ênh, inh, ynh (Quỳnh), oanh, uênh, uynh; ach, êch, ...
_BEFORE_NH_CH = frozenset(("a", "ê", "i", "y", "oa", "uê", "uy"))
# ... of which these take ch and never c (ích, êch, uých): a and oa take both (các, cách)
_BEFORE_CH_ONLY = _BEFORE_NH_CH - {"a", "oa"}
# Vowel clusters that end their syllable: no final consonant follows them (with one, ia, ua and ưa are written
# iê, uô and ươ: "tiên", not "tianh"). "Thịanh" is two syllables run together (`part_run_together`).
_OPEN_ONLY = frozenset(
    (
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "ia",
        "iu",
        "oi",
        "ôi",
        "ơi",
        "ua",
        "ui",
        "uơ",
        "ưa",
        "ưi",
        "ưu",
        "iêu",
        "yêu",
        "oai",
        "oay",
        "oao",
        "oeo",
        "uây",
        "uôi",
        "ươi",
        "ươu",
        "uya",
        "uyu",
        "uêu",
    )
)  # fmt: skip
_SHAPED = frozenset("ăâêôơư")


def _tone_slot(nucleus: str, closed: bool) -> int:
    """Index in the vowel cluster where the canonical (traditional) convention puts the tone mark.

    A shaped vowel always carries the tone, the second one in ươ (người, rượu). Otherwise a closed syllable
    takes it on the last vowel in both conventions (hoàng, huýt, hoạch), an open triphthong on the middle one
    (ngoài, khuỷu), and an open diphthong on the first one: that is where the two conventions differ for
    oa/oe/uy (hoà -> hòa, thuỷ -> thủy) and where both agree for ai, ao, ia, ua, ui, ... (mái, mía, của).
    """
    shaped = [i for i, ch in enumerate(nucleus) if ch in _SHAPED]
    if shaped:
        return shaped[-1]
    if len(nucleus) == 1:
        return 0
    if closed:
        return len(nucleus) - 1
    return 1 if len(nucleus) == 3 else 0


@lru_cache(maxsize=65536)
def _canonical_syllable(word: str) -> str:
    # Names are drawn from a few thousand syllables, so the cache absorbs nearly all of a population import.
    letters = list(word)
    tone = 0
    at = -1
    for i, ch in enumerate(word):
        split = TONE_SPLIT.get(ch)
        if split is not None:
            if tone:
                return word  # two tone marks: not a well-formed syllable, keep what the document says
            letters[i], tone = split
            at = i
    if not tone:
        return word
    bare = "".join(letters)
    lower = bare.lower()
    if len(lower) != len(bare):
        return word
    match = _SYLLABLE_RE.fullmatch(lower)
    if match is None:
        return word
    initial, nucleus, final = match.groups()
    if nucleus not in _NUCLEI:
        return word
    target = len(initial) + _tone_slot(nucleus, bool(final))
    if target == at:
        return word
    letters[target] = TONE_JOIN[(letters[target], tone)]
    return "".join(letters)


_STOP_TONES = (2, 5)  # sắc, nặng: the only tones a syllable ending in c, ch, p or t takes
_VOWELS = frozenset("aăâeêioôơuưy") | frozenset(TONE_SPLIT)


def plausible_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable (initial, nucleus, final, a tone its final allows)."""
    tone = 0
    toned = -1
    bare = []
    for index, ch in enumerate(word.lower()):
        base, t = TONE_SPLIT.get(ch, (ch, 0))
        if t:
            if tone:
                return False
            tone, toned = t, index
        bare.append(base)
    match = _SYLLABLE_RE.fullmatch("".join(bare))
    if match is None or match.group(2) not in _NUCLEI:
        return False
    if match.group(1) in ("gi", "qu") and toned == 1:
        return False  # the i of gi and the u of qu belong to the consonant: no tone stands on them ("GỈANG")
    if not match.group(3) and match.group(2)[-1] in "ăâ":
        return False  # ă and â never end a syllable ("Vănhải" is Văn|hải, not Vă|nhải)
    if match.group(3) in ("nh", "ch") and match.group(2) not in _BEFORE_NH_CH:
        return False  # "Thơnh", "Thònh": an italic a read as o (no o, ơ or ô is followed by nh or ch)
    if match.group(3) == "c" and match.group(2) in _BEFORE_CH_ONLY:
        return False  # ê, i, y, uê and uy end in ch, never c: "THỊCHI" is Thị|Chi, not Thịc|Hi (clean, set 11500)
    return match.group(3) not in ("c", "ch", "p", "t") or tone in _STOP_TONES


def misread_syllable(word: str) -> bool:
    """Whether `word`'s letters, its marks set aside, have the shape of one Vietnamese syllable (initial, vowel
    cluster, final) and yet the word is none: a rhyme no syllable has ("Thơnh"), a horn no cluster takes
    ("Hưỳnh"), a tone its final forbids. Minority-language words ("Ksor", "Kdăm") and words run together have no
    such shape, and are not counted as misread."""
    return _shaped_as_one_syllable(fold(word)) and not plausible_syllable(word)


def part_run_together(word: str) -> tuple[str, ...] | None:
    """The syllables of a word OCR ran together ("Thịxuân" -> "Thị", "xuân"; a whole name, "Nguyễnvănvinh" ->
    "Nguyễn", "văn", "vinh"): only a word that is no syllable itself and parts in exactly one way into the fewest
    syllables, two or else three. Words with an apostrophe or a hyphen, and minority-language words no split makes
    Vietnamese syllables of ("Ksor", "Mlô"), come back as None."""
    if len(word) < 4 or not word.isalpha() or (plausible_syllable(word) and not _closed_wrongly(word)):
        return None
    # A vowel may start a syllable only where no parting with consonants does: after a syllable closed by a final
    # consonant ("Văninh": Văn|inh, a given name Inh), or after a toned vowel in a word whose letters make one
    # Vietnamese-shaped syllable, closed wrongly ("Thịanh": ia takes no final). A Khmer "Néang" (no cluster ea in
    # Vietnamese) is no two syllables run together.
    # As a last resort, three syllables may start one with a vowel after a toned vowel ("HỒANHTUẤN": Hồ|anh|tuấn,
    # poor, set 11800); never two, where a Khmer "Néang" or a vowel read twice ("HOẢÀNG") would part.
    after = _ends_in_toned_vowel_or_final if _shaped_as_one_syllable(word) else _ends_in_final
    tries = [(vowel_starts, count) for vowel_starts in (None, after) for count in (2, 3)]
    for vowel_starts, count in [*tries, (_ends_in_toned_vowel_or_final, 3)]:
        found = _partings(word, count, vowel_starts)
        if len(found) > 1:
            # of two partings, one with a syllable no marks could close ("MAINGA": Mai|nga, not Main|ga)
            found = [parts for parts in found if not any(_closed_whatever_its_marks(p) for p in parts)]
        if found:
            return found[0] if len(found) == 1 else None
    return None


# Vowel clusters that end their syllable whatever marks OCR lost from them: "ai" is ai, ải, ... (an "ua" may be uâ
# or uô, which take finals: "Tuan" read for Tuấn is still a syllable)
_OPEN_WHATEVER_ITS_MARKS = frozenset(fold(c) for c in _OPEN_ONLY) - frozenset(fold(c) for c in _NUCLEI - _OPEN_ONLY)


def _closed_whatever_its_marks(syllable: str) -> bool:
    """A final consonant after a vowel cluster that ends its syllable with any marks ("Main": ai takes none)."""
    match = _SYLLABLE_RE.fullmatch(fold(syllable).lower())
    return match is not None and bool(match.group(3)) and match.group(2) in _OPEN_WHATEVER_ITS_MARKS


def _partings(word: str, count: int, vowel_starts: Callable[[str], bool] | None = None) -> list[tuple[str, ...]]:
    """Every way to part `word` into `count` plausible syllables. Each syllable after the first starts with a
    consonant: "Lêmạnh" parts as Lê|mạnh, not Lêm|ạnh, and a garbled "NguyÉn" is no "Nguy" and "Én". Only where
    no such parting exists may a syllable start with a vowel, after one that `vowel_starts` says is whole: ending
    in a vowel with a tone mark ("Thịanh": Thị|anh; a bare "Nguy" may be a garbled "Nguyễn") or in a final
    consonant ("Văninh": Văn|inh)."""
    if count == 1:
        return [(word,)] if plausible_syllable(word) else []
    return [
        (word[:i], *rest)
        for i in range(2, len(word) - 1)
        if (
            word[i].lower() not in _VOWELS
            or (vowel_starts is not None and vowel_starts(word[:i]))
            or _y_starts(word[:i], word[i])
        )
        and plausible_syllable(word[:i])
        for rest in _partings(word[i:], count - 1, vowel_starts)
    ]


def _y_starts(before: str, letter: str) -> bool:
    """A y starting a syllable after a vowel no Vietnamese cluster puts before a y ("THỊYẾN": Thị|Yến, poor, set
    11100; "Nhưyển": Như|Yển, poor, set 11000): y opens syllables as a consonant does (Yến, Yên), and only u, a
    and â take a y after them in one syllable (Thúy, Hay, Mây), which are left as read."""
    if letter.lower() != "y" or not before:
        return False
    base = TONE_SPLIT.get(before[-1].lower(), (before[-1].lower(), 0))[0]
    return base in _VOWELS and base not in "uaâ"


def _closed_wrongly(word: str) -> bool:
    """A final consonant after a vowel cluster that ends its syllable ("Thịanh": ia takes none). Only for telling
    words run together: a syllable OCR read so is still a syllable elsewhere ("Tuan" for a Tuấn it lost marks of
    keeps its u and a as a nucleus)."""
    match = _untoned_match(word)
    return match is not None and bool(match.group(3)) and match.group(2) in _OPEN_ONLY


def _shaped_as_one_syllable(word: str) -> bool:
    match = _untoned_match(word)
    return match is not None and match.group(2) in _NUCLEI


def _untoned_match(word: str) -> re.Match[str] | None:
    """The word, its tone marks taken off, as initial, vowel cluster and final; None when it has no such shape."""
    return _SYLLABLE_RE.fullmatch("".join(TONE_SPLIT.get(ch, (ch, 0))[0] for ch in word.lower()))


def _ends_in_toned_vowel(syllable: str) -> bool:
    return TONE_SPLIT.get(syllable[-1].lower(), ("", 0))[1] != 0


def _ends_in_final(syllable: str) -> bool:
    match = _untoned_match(syllable)
    return match is not None and bool(match.group(3))


def _ends_in_toned_vowel_or_final(syllable: str) -> bool:
    return _ends_in_toned_vowel(syllable) or _ends_in_final(syllable)


_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


def _canonical_match(match: re.Match[str]) -> str:
    return _canonical_syllable(match.group())


def canonical_tones(s: str) -> str:
    """Move every tone mark to where the traditional convention puts it, syllable by syllable.

    "Hoà Thuỷ" -> "Hòa Thủy", "khoẻ" -> "khỏe"; "hoàng", "quý", "giá", "người", "thuyết" do not move.
    A tone typed on the u of qu or the i of gi ("qúy", "gía") is moved onto the nucleus as well, because
    no convention puts it there. Case is preserved letter by letter; input may be decomposed; output is NFC.
    """
    if s.isascii():
        return s
    return _LETTER_RUN_RE.sub(_canonical_match, nfc(s))


# Syllables of place names and addresses that end in p, t, c or ch, with their tone. Such syllables only ever carry
# sắc or nặng, and which one is a matter of the word (ấp, bắc but việt, lập), so a toneless one is repaired only
# from this list; any other is left as read (measured: guessing sắc turned "Viêt Nam" into "Viết Nam").
_STOP_SYLLABLES = frozenset(
    [
        "ấp",
        "bắc",
        "bạch",
        "bích",
        "cát",
        "chấp",
        "cốc",
        "cúc",
        "dịch",
        "dục",
        "đắc",
        "đắk",
        "đạt",
        "địch",
        "đích",
        "đức",
        "giáp",
        "hạp",
        "hát",
        "hiệp",
        "học",
        "hợp",
        "huyết",
        "ích",
        "kết",
        "khắc",
        "lạc",
        "lắk",
        "lập",
        "lộc",
        "lục",
        "mạc",
        "mát",
        "một",
        "mục",
        "nghiệp",
        "ngọc",
        "nhất",
        "nhật",
        "pháp",
        "phát",
        "phúc",
        "phước",
        "quốc",
        "sách",
        "sóc",
        "tấc",
        "tập",
        "tất",
        "thạch",
        "thác",
        "thất",
        "thiết",
        "thuật",
        "tích",
        "tiếp",
        "tốt",
        "trạch",
        "trúc",
        "tuất",
        "tức",
        "ước",
        "việt",
        "xuất",
    ]
)
_STOP_BY_TONELESS = {strip_tones(word): word for word in _STOP_SYLLABLES}
# only stop finals (and the k of Đắk Lắk): "Thanh", "Thai" without a tone are words of their own
assert all(word.endswith(("p", "t", "c", "ch", "k")) for word in _STOP_SYLLABLES)


def restore_stop_tone(word: str) -> str | None:
    """The word with the tone OCR lost, when it is a syllable of `_STOP_SYLLABLES` written without one ("Âp" ->
    "Ấp", "VIÊT" -> "VIỆT"); else None.

    Syllables ending in p, t, c or ch only ever carry sắc or nặng, so a toneless one is OCR's doing (it loses tones
    in capitals, and the dot below in small print); which of the two is the word's, so only listed words are
    repaired. Capitals are kept letter by letter.
    """
    if not word or strip_tones(word) != word:
        return None
    toned = _STOP_BY_TONELESS.get(word.lower())
    if toned is None or len(toned) != len(word):
        return None
    return "".join(t.upper() if w.isupper() else t for w, t in zip(word, toned, strict=True))


# --- display form --------------------------------------------------------------------------------------

# Typographic apostrophes and dashes are the same character to a reader: one spelling for storage.
# Zero-width characters are invisible in the document, so they must neither split nor pad a word.
_PUNCT_VARIANTS = str.maketrans(
    {
        **dict.fromkeys("\u2019\u2018\u02bc`\u00b4", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014", "-"),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
    }
)
# Translating is a per-character dict lookup on non-ASCII text; searching first keeps the common case cheap.
_PUNCT_VARIANT_RE = re.compile("[\u2019\u2018\u02bc`\u00b4\u2010-\u2014\u200b-\u200d\u2060\ufeff]")
# Punctuation to drop: anything that is not a letter, digit, space or stray combining mark, plus underscores,
# plus apostrophes and hyphens unless they sit between two letters/digits (H'Hen, Nguyễn-Trần).
_STRAY_PUNCT_RE = re.compile(r"[^\w\s'\u0300-\u036f-]|_|(?<![^\W_])['-]|['-](?![^\W_])")


_DIGIT_RE = re.compile(r"\d")
_NAME_PART_RE = re.compile(r"[^\s'-]+")


def _capitalize(match: re.Match[str]) -> str:
    part = match.group()
    return part[:1].upper() + part[1:].lower()


def display_name(s: str) -> str:
    """The name as it is stored and shown: "  NGUYỄN  VĂN AN. " -> "Nguyễn Văn An".

    NFC, single spaces, stray punctuation gone, each syllable title-cased ("H'HEN NIÊ" -> "H'Hen Niê").
    Punctuation is replaced by a space rather than deleted so that "Nguyễn.Văn.An" cannot fuse into one word.
    Digits are kept: they are OCR errors a human must see, not punctuation. The document's tone placement is
    kept too, because the stored name must be the registered spelling; compare with `canonical_name`.
    """
    s = nfc(s)
    if _PUNCT_VARIANT_RE.search(s) is not None:
        s = s.translate(_PUNCT_VARIANTS)
    s = " ".join(_STRAY_PUNCT_RE.sub(" ", s).split())
    if _DIGIT_RE.search(s) is None:
        return s.title()
    # str.title() starts a new word after a digit ("V4n" -> "V4N"); an OCR digit inside a syllable must not.
    return _NAME_PART_RE.sub(_capitalize, s)


def canonical_name(s: str) -> str:
    """The form two names are compared on: the display form with tone placement canonicalised."""
    return canonical_tones(display_name(s))


def name_key(s: str) -> str:
    """Blocking key for record linkage: "NGUYỄN Văn  An" -> "nguyen van an"."""
    return fold(display_name(s))


def names_equal(a: str, b: str) -> bool:
    """True when two spellings name the same person up to case, spacing, punctuation and tone placement."""
    return canonical_name(a).lower() == canonical_name(b).lower()


# --- splitting -----------------------------------------------------------------------------------------

# Multi-word surnames (họ kép) that must not be cut into surname + middle name.
_COMPOUND_SURNAMES = (
    "Công Tằng Tôn Nữ",
    "Công Huyền Tôn Nữ",
    "Tôn Thất",
    "Tôn Nữ",
    "Âu Dương",
    "Nguyễn Phúc",
    "Nguyễn Phước",
    "Hoàng Phủ",
    "Tư Mã",
    "Thượng Quan",
    "Gia Cát",
    # Gia Rai clans put first like a Kinh surname: "Rơ Mah Y Thơ".
    "Rơ Mah",
    "Rơ Châm",
)

# Clan names that close an Ê Đê / M'Nông / Gia Rai name written "Y <given> <clan>" or "H'<given> <clan>".
_CLANS = (
    "Niê",
    "Niê Kdăm",
    "Niê Siêng",
    "Êban",
    "Mlô",
    "Mlô Duôn Du",
    "Adrơng",
    "Byă",
    "Buôn Yă",
    "Buôn Krông",
    "Bkrông",
    "Êñuôl",
    "Ênuôl",
    "Hwing",
    "Knul",
    "Ktla",
    "Kbuôr",
    "Ayun",
    "Hđơk",
    "Mdrang",
    "Kpă",
    "Kpơr",
    "Êya",
    "Hmok",
    "Ksor",
    "Siu",
    "Nay",
    "Rơ Mah",
    "Rơ Châm",
)

# Compound surnames whose diacritic-free spelling is also a common surname + middle name ("HOANG PHU AN" is
# far more often Hoàng Phú An than Hoàng Phủ An): they are recognised only when written with diacritics.
_NEEDS_DIACRITICS = frozenset({"Hoàng Phủ"})

_WordKey = tuple[str, str | None]  # (tone-canonical lower case, folded or None when it must not be used)
_Phrase = tuple[_WordKey, ...]


@lru_cache(maxsize=65536)
def _word_key(word: str, allow_folded: bool = True) -> _WordKey:
    # Cached: a population has few distinct name words, and split_name compares each against several phrases.
    return canonical_tones(word).lower(), fold(word) if allow_folded else None


def _phrase_keys(phrases: tuple[str, ...]) -> tuple[_Phrase, ...]:
    keyed = (
        tuple(_word_key(w, allow_folded=phrase not in _NEEDS_DIACRITICS) for w in phrase.split()) for phrase in phrases
    )
    return tuple(sorted(keyed, key=len, reverse=True))  # longest first: "Niê Kdăm" before "Niê"


def _index_by_fold(phrases: tuple[_Phrase, ...], pick: int) -> dict[str, tuple[_Phrase, ...]]:
    """Phrases grouped by the folded form of their first (pick=0) or last (pick=-1) word.

    A folded-word lookup rules out almost every name before any per-word comparison is made.
    """
    index: dict[str, list[_Phrase]] = {}
    for phrase in phrases:
        canonical = phrase[pick][0]
        index.setdefault(fold(canonical), []).append(phrase)
    return {key: tuple(group) for key, group in index.items()}


_COMPOUNDS_BY_FIRST = _index_by_fold(_phrase_keys(_COMPOUND_SURNAMES), 0)
_CLANS_BY_LAST = _index_by_fold(_phrase_keys(_CLANS), -1)
_CLANS_BY_FIRST = _index_by_fold(_phrase_keys(_CLANS), 0)


def starts_a_clan(word: str) -> bool:
    """Whether `word` is the first word of a clan name (Ê Đê or Jrai: "Ksor", "Siu", the "Rơ" of Rơ Mah), after
    which a Jrai woman's name takes the prefix H' ("Siu H'Mlai")."""
    return any(_same_word(word, phrase[0]) for phrase in _CLANS_BY_FIRST.get(fold(word), ()))


def ends_with_a_clan(word: str) -> bool:
    """Whether `word` is a one-word clan name that closes an Ê Đê name ("HĐƠK", "Hmok"): its H before a consonant
    is the clan's, not a woman's prefix H'."""
    return any(len(phrase) == 1 and _same_word(word, phrase[0]) for phrase in _CLANS_BY_LAST.get(fold(word), ()))


def _same_word(word: str, key: _WordKey) -> bool:
    """Exact up to case and tone placement, or folded-equal when the word was written without diacritics.

    Pure folded matching would read the common "Hoàng Phú An" (middle name Phú) as the compound surname
    "Hoàng Phủ"; only a word typed with no diacritics at all ("TON THAT") is given the benefit of the doubt.
    """
    canonical, folded = _word_key(word)
    return canonical == key[0] or (key[1] is not None and word.isascii() and folded == key[1])


def _starts_with(words: list[str], phrase: _Phrase) -> bool:
    return len(words) >= len(phrase) and all(_same_word(w, k) for w, k in zip(words, phrase, strict=False))


def _ends_with(words: list[str], phrase: _Phrase) -> bool:
    return len(words) >= len(phrase) and _starts_with(words[len(words) - len(phrase) :], phrase)


def _split_clan_last(prefix: str, rest: list[str]) -> NameParts:
    """ "Y Ngông Niê Kdăm": gender prefix, given name, then the clan, which may be two or three words."""
    clan_len = 0
    for phrase in _CLANS_BY_LAST.get(fold(rest[-1]), ()):
        # The clan may not swallow the whole rest: a given name must remain.
        if len(phrase) < len(rest) and _ends_with(rest, phrase):
            clan_len = len(phrase)
            break
    if clan_len == 0 and len(rest) >= 2:
        clan_len = 1
    cut = len(rest) - clan_len
    return NameParts(surname=" ".join(rest[cut:]), middle=prefix, given=" ".join(rest[:cut]))


def split_name(s: str) -> NameParts:
    """Split a name into surname, middle and given name, on its display form.

    Kinh order is surname first and given name last, with compound surnames kept whole ("Tôn Thất Thuyết",
    "Công Tằng Tôn Nữ Thị Ngọc"). Ê Đê-style names open with the gender prefix "Y" (men) or "H'" (women) and
    end with the clan: "Y Ngông Niê Kdăm" -> surname "Niê Kdăm", middle "Y", given "Ngông"; "H'Hen Niê" ->
    surname "Niê", middle "H'", given "Hen". Gia Rai names put the clan first and need no special case.
    A one-word name is a given name only. Raises NormalizationError when nothing is left of the input.
    """
    return _split_words(display_name(s).split())


def _split_words(words: list[str]) -> NameParts:
    """`split_name` on the words of a display form."""
    if not words:
        raise NormalizationError("the name is empty")
    if len(words) == 1:
        return NameParts(surname="", middle="", given=words[0])

    first = words[0]
    lowered = first.lower()
    if lowered in ("y", "h"):
        return _split_clan_last(first, words[1:])
    if lowered.startswith("h'") and len(first) > 2:
        return _split_clan_last(first[:2], [first[2:], *words[1:]])

    surname_len = 1
    for phrase in _COMPOUNDS_BY_FIRST.get(fold(first), ()):
        if len(phrase) < len(words) and _starts_with(words, phrase):
            surname_len = len(phrase)
            break
    return NameParts(
        surname=" ".join(words[:surname_len]),
        middle=" ".join(words[surname_len:-1]),
        given=words[-1],
    )


@dataclass(frozen=True, slots=True)
class NameForms:
    """Every form of one name that matching compares or looks up, computed once from one display form."""

    shown: str  # the display form in lower case: equal means the same name letter for letter and mark for mark
    canonical: str  # the same with tone placement canonicalised (hoà = hòa)
    folded: str  # no diacritics, lower case: "nguyen van an"
    surname: str  # the parts of `split_name`, folded ("" where the name is one word, or nothing)
    middle: str
    given: str
    folded_words: tuple[str, ...]  # `folded`'s words


@lru_cache(maxsize=262_144)
def name_forms(name: str) -> NameForms:
    """The forms of `name`, cached: a batch compares each person's name with several candidates' and looks it up
    under several keys, and a display form costs tens of microseconds."""
    shown = display_name(name)
    words = shown.split()
    parts = _split_words(words) if words else NameParts(surname="", middle="", given="")
    folded = fold(shown)
    return NameForms(
        shown=shown.lower(),
        canonical=canonical_tones(shown).lower(),
        folded=folded,
        surname=fold(parts.surname),
        middle=fold(parts.middle),
        given=fold(parts.given),
        folded_words=tuple(folded.split()),
    )
