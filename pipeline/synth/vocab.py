"""Vocabulary for the synthetic population: names, ethnic groups, provinces, addresses and places of birth.

Everything here is drawn with a caller-supplied `random.Random`, never the global one, so that one seed
gives one population. Weighted tables are stored as `(values, cumulative weights)` because `Random.choices`
with `cum_weights=` skips the per-call accumulation, which matters when a generator draws a million names.

All text is NFC with the tone placement used on current civil-status documents (Hòa, Thủy, Thúy, Khỏe):
the OCR trials downstream compare against these exact spellings.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pipeline.normalize.provinces import PROVINCES, province_label

__all__ = [
    "EDE_CLANS",
    "ETHNICITIES",
    "ETHNIC_HOME_PROVINCES",
    "FEMALE_ONLY_SURNAMES",
    "GIARAI_CLANS",
    "GIVEN_NAMES",
    "MATRILINEAL",
    "MOTHER_SURNAME_MIDDLES",
    "NAME_ORDER_BREAKING",
    "PROVINCE_WEIGHTS",
    "SURNAMES",
    "URBAN_SHARE",
    "Weighted",
    "make_address",
    "make_place_of_birth",
    "middle_names",
    "minority_name",
]

# (values, cumulative weights normalised to end at 1.0), ready for rng.choices(values, cum_weights=...)
Weighted = tuple[tuple[str, ...], tuple[float, ...]]


def _weighted(pairs: Iterable[tuple[str, float]]) -> Weighted:
    """Turn (value, weight) pairs into a Weighted table; rejects duplicates and non-positive weights.

    Duplicates would silently double a name's share and a zero weight would make the cumulative sequence
    non-increasing, which `bisect` inside `Random.choices` tolerates but which hides a data-entry mistake.
    """
    values: list[str] = []
    weights: list[float] = []
    seen: set[str] = set()
    for value, weight in pairs:
        if value in seen:
            raise ValueError(f"duplicate entry {value!r}")
        if weight <= 0:
            raise ValueError(f"non-positive weight for {value!r}")
        seen.add(value)
        values.append(value)
        weights.append(float(weight))
    total = sum(weights)
    cumulative: list[float] = []
    running = 0.0
    for weight in weights:
        running += weight
        cumulative.append(running / total)
    cumulative[-1] = 1.0  # float rounding must not leave a sliver of probability past the last value
    return tuple(values), tuple(cumulative)


def _zipf(values: Sequence[str], exponent: float = 0.8) -> Weighted:
    """Weights falling off with list position: lists below are written most common first."""
    return _weighted((value, 1.0 / (rank + 1) ** exponent) for rank, value in enumerate(values))


def _pick(rng: random.Random, table: Weighted) -> str:
    return rng.choices(table[0], cum_weights=table[1])[0]


# ----------------------------------------------------------------------------------------------------
# Kinh surnames
# ----------------------------------------------------------------------------------------------------

# Shares in percent, after the commonly quoted survey figures; the tail is spread so the whole sums to ~100.
SURNAMES: Weighted = _weighted(
    [
        ("Nguyễn", 38.0),
        ("Trần", 11.0),
        ("Lê", 9.5),
        ("Phạm", 7.0),
        ("Phan", 4.5),
        ("Hoàng", 4.0),
        ("Vũ", 2.5),
        ("Đặng", 2.1),
        ("Bùi", 2.0),
        ("Huỳnh", 1.5),  # the southern reading of Hoàng, kept apart on documents
        ("Võ", 1.5),  # the southern reading of Vũ
        ("Đỗ", 1.4),
        ("Hồ", 1.3),
        ("Ngô", 1.3),
        ("Dương", 1.0),
        ("Lý", 0.5),
        ("Trịnh", 0.6),
        ("Trương", 0.6),
        ("Đào", 0.5),
        ("Đoàn", 0.5),
        ("Hà", 0.5),
        ("Đinh", 0.5),
        ("Lâm", 0.4),
        ("Mai", 0.4),
        ("Cao", 0.4),
        ("Lương", 0.4),
        ("Vương", 0.3),
        ("Phùng", 0.3),
        ("Tô", 0.3),
        ("Tạ", 0.3),
        ("Lưu", 0.3),
        ("Thái", 0.2),
        ("Chu", 0.2),
        ("Châu", 0.2),
        ("Kiều", 0.15),
        ("Quách", 0.15),
        ("Triệu", 0.15),
        ("Đàm", 0.15),
        ("Lại", 0.12),
        ("Tống", 0.1),
        ("Mạc", 0.1),
        ("Văn", 0.1),
        ("Thân", 0.1),
        ("Tăng", 0.1),
        ("Doãn", 0.1),
        ("Diệp", 0.08),
        ("La", 0.08),
        ("Giáp", 0.08),
        ("Nghiêm", 0.08),
        ("Từ", 0.08),
        ("Hứa", 0.08),
        ("Phí", 0.06),
        ("Ninh", 0.06),
        ("Bạch", 0.06),
        ("Lã", 0.06),
        ("Khương", 0.05),
        ("Lục", 0.05),
        ("Khúc", 0.05),
        ("Âu", 0.05),
        ("Khổng", 0.05),
        ("Cù", 0.05),
        ("Ông", 0.05),
        ("Kha", 0.04),
        ("Tiêu", 0.04),
        ("Thiều", 0.04),
        # Compound surnames of the former royal clans and of Chinese origin.
        ("Tôn Thất", 0.03),
        ("Nguyễn Phúc", 0.02),
        ("Tôn Nữ", 0.02),
        ("Âu Dương", 0.01),
        ("Công Tằng Tôn Nữ", 0.005),
    ]
)

# Women of the royal clans carry these instead of Tôn Thất / Nguyễn Phúc; a man is never given them.
FEMALE_ONLY_SURNAMES: frozenset[str] = frozenset({"Tôn Nữ", "Công Tằng Tôn Nữ"})

# ----------------------------------------------------------------------------------------------------
# Middle names
# ----------------------------------------------------------------------------------------------------

# Share of the plain Văn (men) / Thị (women) middle name by birth year; linear between the points. Văn and Thị
# were near-universal before the 1960s and lost ground to "meaningful" middles from the 1980s on.
_PLAIN_MIDDLE_CURVE: dict[str, tuple[tuple[int, float], ...]] = {
    "M": ((1900, 0.80), (1940, 0.78), (1955, 0.74), (1965, 0.65), (1975, 0.52), (1985, 0.40), (1995, 0.29),
          (2005, 0.21), (2015, 0.17), (2030, 0.15)),
    "F": ((1900, 0.82), (1940, 0.80), (1955, 0.76), (1965, 0.68), (1975, 0.56), (1985, 0.44), (1995, 0.32),
          (2005, 0.24), (2015, 0.19), (2030, 0.17)),
}  # fmt: skip

# Share of two-syllable middles, same interpolation.
_DOUBLE_MIDDLE_CURVE: tuple[tuple[int, float], ...] = (
    (1900, 0.01), (1960, 0.015), (1980, 0.03), (2000, 0.06), (2015, 0.09), (2030, 0.10),
)  # fmt: skip

# Other single middles: (name, weight for births around 1930, weight for births around 2020).
_SINGLE_MIDDLES: dict[str, tuple[tuple[str, float, float], ...]] = {
    "M": (
        ("Hữu", 8, 4), ("Đức", 8, 7), ("Minh", 7, 12), ("Quang", 7, 6), ("Công", 7, 3), ("Xuân", 6, 2),
        ("Thanh", 6, 5), ("Ngọc", 4, 3), ("Gia", 1, 9), ("Duy", 2, 6), ("Bảo", 1, 9), ("Tuấn", 2, 4),
        ("Trọng", 5, 3), ("Hoàng", 2, 7), ("Đình", 8, 3), ("Quốc", 4, 6), ("Thế", 5, 3), ("Anh", 1, 6),
        ("Tiến", 3, 2), ("Mạnh", 3, 2), ("Khánh", 1, 4), ("Nhật", 0.5, 4), ("Đăng", 1, 4), ("Hải", 2, 3),
    ),
    "F": (
        ("Ngọc", 8, 8), ("Thu", 9, 4), ("Thanh", 9, 4), ("Minh", 2, 7), ("Kim", 8, 5), ("Bảo", 1, 8),
        ("Hoài", 3, 3), ("Mỹ", 4, 4), ("Phương", 3, 5), ("Hồng", 6, 2), ("Thúy", 4, 2), ("Khánh", 1, 6),
        ("Diệu", 1, 4), ("Bích", 5, 2), ("Tuyết", 4, 1), ("Hải", 1, 3), ("Thùy", 2, 5), ("Gia", 0.5, 5),
        ("Quỳnh", 1, 3), ("Lan", 2, 3), ("Mai", 2, 4), ("Như", 1, 4), ("Cẩm", 2, 2), ("Xuân", 3, 1),
    ),
}  # fmt: skip

# Two-syllable middles: (name, weight old, weight young). Those led by a surname are the modern habit of
# giving a child the mother's surname as first middle syllable (Nguyễn Minh ...).
_DOUBLE_MIDDLES: dict[str, tuple[tuple[str, float, float], ...]] = {
    "M": (
        ("Văn Minh", 4, 3), ("Hữu Quốc", 3, 2), ("Văn Quốc", 3, 2), ("Hữu Minh", 2, 2), ("Đức Minh", 1, 3),
        ("Nguyễn Minh", 0.2, 4), ("Lê Hoàng", 0.2, 3), ("Trần Gia", 0.1, 3), ("Phạm Minh", 0.1, 2),
    ),
    "F": (
        ("Thị Thu", 5, 2), ("Thị Ngọc", 5, 2), ("Thị Kim", 4, 1), ("Thị Thanh", 4, 1.5), ("Thị Mỹ", 2, 1),
        ("Thị Bích", 2, 0.5), ("Thị Hồng", 2, 0.5), ("Ngọc Bảo", 0.3, 3), ("Ngọc Minh", 0.3, 2),
        ("Nguyễn Minh", 0.1, 3), ("Lê Hoàng", 0.1, 2), ("Trần Ngọc", 0.1, 2), ("Phạm Bảo", 0.1, 1.5),
    ),
}  # fmt: skip

# Middles whose first syllable stands for the mother's surname; a generator knowing the mother may swap it in.
MOTHER_SURNAME_MIDDLES: frozenset[str] = frozenset(
    name
    for table in _DOUBLE_MIDDLES.values()
    for name, _, _ in table
    if name.split()[0] in {"Nguyễn", "Lê", "Trần", "Phạm"}
)

_MIDDLE_DECADES = range(1900, 2040, 10)


def _interpolate(curve: Sequence[tuple[int, float]], year: float) -> float:
    if year <= curve[0][0]:
        return curve[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(curve):
        if year <= x1:
            return y0 + (y1 - y0) * (year - x0) / (x1 - x0)
    return curve[-1][1]


def _build_middles(sex: str, decade: int) -> Weighted:
    year = decade + 5  # the decade's midpoint stands for all of it
    plain = _interpolate(_PLAIN_MIDDLE_CURVE[sex], year)
    double = _interpolate(_DOUBLE_MIDDLE_CURVE, year)
    # 0 for births around 1930, 1 around 2020: fashion moves from the old middles to the new ones.
    modern = min(1.0, max(0.0, (year - 1930) / 90))
    pairs: list[tuple[str, float]] = [("Văn" if sex == "M" else "Thị", plain)]
    for share, table in ((1.0 - plain - double, _SINGLE_MIDDLES[sex]), (double, _DOUBLE_MIDDLES[sex])):
        raw = [(name, old + (young - old) * modern) for name, old, young in table]
        total = sum(weight for _, weight in raw)
        pairs.extend((name, share * weight / total) for name, weight in raw)
    return _weighted(pairs)


# Precomputed for every (sex, decade): middle_names() sits on the hot path of the population generator.
_MIDDLE_CACHE: dict[tuple[str, int], Weighted] = {
    (sex, decade): _build_middles(sex, decade) for sex in ("M", "F") for decade in _MIDDLE_DECADES
}


def middle_names(sex: str, birth_year: int) -> Weighted:
    """Middle names for a Kinh person of `sex` ("M"/"F") born in `birth_year`, as a cached Weighted table."""
    decade = min(max(birth_year // 10 * 10, _MIDDLE_DECADES[0]), _MIDDLE_DECADES[-1])
    try:
        return _MIDDLE_CACHE[(sex, decade)]
    except KeyError:
        raise ValueError(f"sex must be 'M' or 'F', not {sex!r}") from None


# ----------------------------------------------------------------------------------------------------
# Given names
# ----------------------------------------------------------------------------------------------------

# Relative weights; about 1.0 for an ordinary name. Several names are here because their spelling depends on
# tone placement or stacks a tone on a circumflex vowel (Hòa, Thủy, Thúy, Thụy, Khuê, Tuệ, Quế, Huế, Nguyệt,
# Tuyết, Diệp, Hiếu, Kiều, Hoàng, Toàn): the OCR trials need them.
GIVEN_NAMES: dict[str, Weighted] = {
    "M": _weighted(
        [
            ("Anh", 4.0), ("An", 2.0), ("Minh", 3.5), ("Hùng", 3.5), ("Dũng", 3.0), ("Tuấn", 3.0),
            ("Nam", 3.0),
            ("Huy", 3.0), ("Long", 2.8), ("Hải", 2.8), ("Sơn", 2.8), ("Thành", 2.8), ("Quân", 2.2),
            ("Trung", 2.2), ("Thắng", 2.2), ("Cường", 2.2), ("Hưng", 2.2), ("Đức", 2.0), ("Hoàng", 2.0),
            ("Hiếu", 2.0), ("Tùng", 2.0), ("Đạt", 2.0), ("Khoa", 1.8), ("Phúc", 1.8), ("Hòa", 1.8),
            ("Toàn", 1.8), ("Phong", 1.8), ("Vinh", 1.8), ("Quang", 1.8), ("Tiến", 1.8), ("Bảo", 1.5),
            ("Khang", 1.5), ("Việt", 1.5), ("Tài", 1.5), ("Thịnh", 1.5), ("Lâm", 1.5), ("Duy", 1.5),
            ("Nghĩa", 1.5), ("Bình", 1.5), ("Hiệp", 1.2), ("Kiên", 1.2), ("Lộc", 1.2), ("Tú", 1.2),
            ("Khánh", 1.2), ("Nhân", 1.2), ("Tâm", 1.2), ("Tân", 1.2), ("Trí", 1.2), ("Vũ", 1.2),
            ("Thái", 1.0), ("Kiệt", 1.0), ("Phát", 1.0), ("Sang", 1.0), ("Thiện", 1.0), ("Trọng", 1.0),
            ("Chiến", 1.0), ("Công", 1.0), ("Giang", 1.0), ("Khôi", 1.0), ("Mạnh", 1.0), ("Nguyên", 1.0),
            ("Thanh", 1.0), ("Thuận", 1.0), ("Trường", 1.0), ("Phú", 1.0), ("Lợi", 0.9), ("Quý", 0.9),
            ("Hào", 0.8), ("Hậu", 0.8), ("Nhật", 0.8), ("Phước", 0.8), ("Thông", 0.8), ("Tín", 0.8),
            ("Đông", 0.8), ("Dương", 0.8), ("Hiển", 0.6), ("Hoan", 0.6), ("Khải", 0.6), ("Luân", 0.6),
            ("Lực", 0.6), ("Quyết", 0.6), ("Sinh", 0.6), ("Tấn", 0.6), ("Định", 0.6), ("Đăng", 0.6),
            ("Toản", 0.5), ("Triết", 0.4), ("Tuyên", 0.5), ("Vĩnh", 0.5), ("Xuân", 0.5), ("Khiêm", 0.5),
            ("Huân", 0.4), ("Học", 0.4), ("Thạch", 0.4), ("Thiên", 0.5), ("Tư", 0.4), ("Uy", 0.3),
            ("Tuệ", 0.3), ("Thụy", 0.3), ("Quế", 0.1), ("Hợp", 0.4), ("Cương", 0.4), ("Nhựt", 0.3),
        ]
    ),
    "F": _weighted(
        [
            ("Anh", 4.0), ("An", 1.0), ("Linh", 3.5), ("Hương", 3.5), ("Trang", 3.2), ("Lan", 3.0),
            ("Mai", 3.0),
            ("Hoa", 3.0), ("Thảo", 3.0), ("Hằng", 2.8), ("Thủy", 2.8), ("Ngọc", 2.5), ("Phương", 2.5),
            ("Hà", 2.5), ("Huyền", 2.5), ("Nhung", 2.0), ("Thúy", 2.0), ("Yến", 2.0), ("Vy", 2.0),
            ("Vân", 2.0), ("Quỳnh", 2.0), ("Nhi", 2.0), ("Hạnh", 2.0), ("Hiền", 2.0), ("Dung", 2.0),
            ("Giang", 2.0), ("Hồng", 2.0), ("Nga", 2.0), ("Thu", 2.0), ("Uyên", 1.5), ("My", 1.5),
            ("Loan", 1.5), ("Oanh", 1.5), ("Thùy", 1.5), ("Chi", 1.5), ("Duyên", 1.5), ("Liên", 1.5),
            ("Ly", 1.5), ("Ngân", 1.5), ("Phượng", 1.5), ("Thanh", 1.5), ("Thư", 1.5), ("Hòa", 1.2),
            ("Xuân", 1.2), ("Tuyết", 1.2), ("Hân", 1.2), ("Huệ", 1.2), ("Tâm", 1.2), ("Châu", 1.0),
            ("Nguyệt", 1.0), ("Thoa", 1.0), ("Nhàn", 1.0), ("Quyên", 1.0), ("Thương", 1.0), ("Tiên", 1.0),
            ("Trâm", 1.0), ("Trinh", 1.0), ("Ánh", 1.0), ("Hường", 1.0), ("Huế", 0.8), ("Sương", 0.8),
            ("Thắm", 0.8), ("Thơ", 0.8), ("Tuyền", 0.8), ("Cúc", 0.8), ("Lệ", 0.8), ("Trúc", 0.8),
            ("Diễm", 0.8), ("Kiều", 0.6), ("Vi", 0.6), ("Đào", 0.6), ("Mỹ", 0.6), ("Nhiên", 0.6),
            ("Hảo", 0.6), ("Bích", 0.6), ("Kim", 0.6), ("Liễu", 0.5), ("Na", 0.5), ("Hoài", 0.5),
            ("Khuê", 0.4), ("Quế", 0.4), ("Diệp", 0.4), ("Lụa", 0.4), ("Ngà", 0.4), ("Hạ", 0.4),
            ("Gấm", 0.3), ("Nhạn", 0.3), ("Mận", 0.3), ("Mơ", 0.3), ("Lài", 0.3), ("Thụy", 0.3),
            ("Diệu", 0.3), ("Tuệ", 0.2), ("Điệp", 0.4), ("Xoan", 0.3), ("Hiên", 0.3), ("Thi", 0.4),
        ]
    ),
}  # fmt: skip

# ----------------------------------------------------------------------------------------------------
# Ethnic groups
# ----------------------------------------------------------------------------------------------------

# National shares in percent (2019 census, rounded). The 40 smaller groups are left out; the listed minorities
# are scaled up to stand in for them, so that Kinh keep their real 85.3% instead of growing to 87%.
_KINH_SHARE = 85.3
_MINORITY_SHARES: tuple[tuple[str, float], ...] = (
    ("Tày", 1.9),
    ("Thái", 1.9),
    ("Mường", 1.5),
    ("Mông", 1.5),
    ("Khmer", 1.4),
    ("Nùng", 1.1),
    ("Dao", 0.9),
    ("Hoa", 0.8),
    ("Gia Rai", 0.5),
    ("Ê Đê", 0.4),
    ("Ba Na", 0.3),
    ("Chăm", 0.2),
    ("Sán Dìu", 0.2),
)
_MINORITY_SCALE = (100.0 - _KINH_SHARE) / sum(share for _, share in _MINORITY_SHARES)
ETHNICITIES: Weighted = _weighted(
    [("Kinh", _KINH_SHARE), *((name, share * _MINORITY_SCALE) for name, share in _MINORITY_SHARES)]
)

ETHNIC_HOME_PROVINCES: dict[str, tuple[str, ...]] = {
    "Tày": ("004", "020", "006", "008", "002", "019"),
    "Thái": ("014", "011", "040", "038", "012", "015"),
    "Mường": ("017", "038", "025"),
    "Mông": ("002", "010", "011", "014", "012", "015"),
    "Khmer": ("094", "084", "091", "089", "095"),
    "Nùng": ("020", "004", "002", "006", "019", "024"),
    "Dao": ("002", "010", "008", "015"),
    "Hoa": ("079", "075", "094"),
    "Gia Rai": ("064", "062"),
    "Ê Đê": ("066", "054"),
    "Ba Na": ("064", "062", "052"),
    "Chăm": ("058", "060", "089"),
    "Sán Dìu": ("019", "026", "024", "022"),
}

# Names not written surname-first: Ê Đê put the clan last; Ba Na "A Blưk" / "Y Brơm" carry no surname at all.
NAME_ORDER_BREAKING: frozenset[str] = frozenset({"Ê Đê", "Ba Na"})

# Children take the mother's clan name in these groups; the caller should pass her family name for them.
MATRILINEAL: frozenset[str] = frozenset({"Ê Đê", "Gia Rai"})

EDE_CLANS: tuple[str, ...] = (
    "Niê", "Niê Kdăm", "Êban", "Mlô", "Adrơng", "Byă", "Buôn Yă", "Ênuôl", "Ktla", "Kbuôr", "Ayun", "Hđơk",
    "Mdrang", "Kpă", "Bkrông", "Knul",
)  # fmt: skip

GIARAI_CLANS: tuple[str, ...] = ("Ksor", "Rơ Mah", "Siu", "Rơ Lan", "Nay", "Kpă", "Rơ Châm", "Puih", "Rahlan")


@dataclass(frozen=True, slots=True)
class _NameStyle:
    """How one group builds a name: surname, middle, given; given names partly borrowed from Kinh usage."""

    surnames: Weighted
    middles: dict[str, Weighted]  # "" in a table means no middle name
    givens: dict[str, Weighted]
    kinh_given_share: float = 0.0  # share of given names drawn from GIVEN_NAMES instead of the group's own


def _style(
    surnames: Sequence[str],
    middles_m: Sequence[tuple[str, float]],
    middles_f: Sequence[tuple[str, float]],
    givens_m: Sequence[str],
    givens_f: Sequence[str],
    kinh_given_share: float = 0.0,
) -> _NameStyle:
    return _NameStyle(
        surnames=_zipf(surnames),
        middles={"M": _weighted(middles_m), "F": _weighted(middles_f)},
        givens={"M": _zipf(givens_m, 0.6), "F": _zipf(givens_f, 0.6)},
        kinh_given_share=kinh_given_share,
    )


_VAN_OTHERS_M = (("Văn", 72), ("Đức", 6), ("Minh", 6), ("Thanh", 5), ("Quang", 4), ("Xuân", 4), ("Hữu", 3))
_THI_OTHERS_F = (("Thị", 78), ("Thu", 6), ("Ngọc", 5), ("Thanh", 5), ("Kim", 3), ("Hồng", 3))
_NORTH_M = ("Thắng", "Hùng", "Sơn", "Tuấn", "Cường", "Dũng", "Hải", "Long", "Minh", "Nam", "Quân", "Thành",
            "Toàn", "Trường", "Vinh", "Lâm", "Chiến", "Khánh", "Lợi", "Hoàng")  # fmt: skip
_NORTH_F = ("Hoa", "Hương", "Lan", "Mai", "Nga", "Nhung", "Thu", "Thủy", "Thúy", "Hằng", "Hiền", "Huyền",
            "Loan", "Lụa", "Mây", "Nguyệt", "Phượng", "Tươi", "Xuân", "Yến", "Ngần", "Sen")  # fmt: skip

_STYLES: dict[str, _NameStyle] = {
    "Tày": _style(
        ("Hoàng", "Nông", "Lương", "Bế", "Ma", "Hà", "Lục", "Triệu", "Lâm"),
        _VAN_OTHERS_M, _THI_OTHERS_F, _NORTH_M, _NORTH_F, kinh_given_share=0.3,
    ),
    "Nùng": _style(
        ("Hoàng", "Nông", "Lương", "Vi", "Lý", "Lục", "Triệu", "Hà", "Lâm", "Mã", "Bế"),
        _VAN_OTHERS_M, _THI_OTHERS_F, _NORTH_M, _NORTH_F, kinh_given_share=0.3,
    ),
    "Thái": _style(
        ("Lò", "Lường", "Hà", "Cầm", "Quàng", "Vi", "Điêu", "Tòng", "Lù", "Sầm"),
        (("Văn", 85), ("Xuân", 5), ("Đức", 5), ("Minh", 5)),
        (("Thị", 90), ("Thu", 5), ("Ngọc", 5)),
        ("Pành", "Khăm", "Xuân", "Chăn", "Hom", "Phanh", "Thắng", "Tiến", "Sơn", "Inh", "Ngọc", "Chiến",
         "Bun", "Piêng", "Hặc"),
        ("Ún", "Piếng", "Inh", "Xuân", "Khăm", "Pâng", "Lả", "Ến", "Bun", "Xiêng", "Ọn", "Hoa", "Hương",
         "Lan", "Mai"),
        kinh_given_share=0.2,
    ),
    "Mường": _style(
        ("Bùi", "Đinh", "Hà", "Quách", "Xa", "Cao", "Bạch"),
        _VAN_OTHERS_M, _THI_OTHERS_F,
        ("Thắng", "Sơn", "Hùng", "Cường", "Thanh", "Khánh", "Minh", "Tuấn", "Mạnh", "Dũng", "Lâm", "Lực"),
        ("Mến", "Hoa", "Hương", "Lan", "Nhung", "Thu", "Thủy", "Hằng", "Yến", "Xuân", "Thắm", "Ngần"),
        kinh_given_share=0.4,
    ),
    "Sán Dìu": _style(
        ("Diệp", "Lâm", "Trương", "Lục", "Tạ", "Ninh", "Hoàng", "La", "Lưu", "Dương"),
        _VAN_OTHERS_M, _THI_OTHERS_F, _NORTH_M, _NORTH_F, kinh_given_share=0.4,
    ),
    "Dao": _style(
        ("Bàn", "Triệu", "Lý", "Đặng", "Phùng", "Chảo"),
        (("Văn", 60), ("Kim", 12), ("Tà", 10), ("Tòn", 10), ("Quầy", 8)),
        (("Thị", 85), ("Mùi", 15)),
        ("Tả", "Chòi", "Phin", "Chàn", "Sinh", "Quẩy", "Chiêu", "Kiềm", "Phúc", "Vần", "Lở", "Chán"),
        ("Mẩy", "Nái", "Làn", "Dín", "Chiêm", "Phin", "Xuân", "Mai", "Hoa", "Liên", "Nhất"),
        kinh_given_share=0.1,
    ),
    "Mông": _style(
        ("Giàng", "Sùng", "Vàng", "Lầu", "Thào", "Hạng", "Lý", "Mùa", "Vừ", "Chảo", "Hờ", "Cứ", "Ly",
         "Tráng"),
        (("A", 45), ("Seo", 18), ("Mí", 15), ("Văn", 14), ("Chứ", 8)),
        (("Thị", 80), ("Mỷ", 12), ("", 8)),
        ("Páo", "Dình", "Sính", "Chứ", "Pó", "Tủa", "Chu", "Súa", "Lử", "Chài", "Sử", "Lềnh", "Chúng", "Dế"),
        ("Mỷ", "Dế", "Máy", "Pàng", "Sua", "Dợ", "Chía", "Xía", "Mai", "Súa", "Mỉ", "Dua", "Sí", "Chở"),
    ),
    "Hoa": _style(
        ("Lâm", "Lý", "Trương", "Quách", "Hứa", "Tăng", "Châu", "Mạch", "Diệp", "Lưu", "Hồng", "Trần",
         "Hoàng", "Ngô", "Dương", "Tạ"),
        (("Quốc", 16), ("Gia", 14), ("Văn", 14), ("Vĩnh", 10), ("Bửu", 8), ("Kiến", 8), ("Chí", 8),
         ("Tuấn", 6), ("Minh", 8), ("Thế", 8)),
        (("Mỹ", 16), ("Huệ", 10), ("Ngọc", 14), ("Lệ", 10), ("Thị", 14), ("Tú", 8), ("Bội", 6), ("Gia", 8),
         ("Kim", 8), ("Thục", 6)),
        ("Huy", "Minh", "Vinh", "Hào", "Kiệt", "Cường", "Phát", "Tài", "Lợi", "Đạt", "Hưng", "Thành", "Khải",
         "Bình", "Trung", "Hoành", "Nghiệp", "Quang", "Kiện", "Khang"),
        ("Linh", "Anh", "Hoa", "Lan", "Phượng", "Trân", "Châu", "Nghi", "Mẫn", "Quyên", "Vy", "Hân", "Tuyết",
         "Xuân", "Mai", "Phương", "Khanh", "Yến", "Ái", "Nhi"),
        kinh_given_share=0.15,
    ),
    "Chăm": _style(
        ("Châu", "Thập", "Đàng", "Quảng", "Lộ", "Báo", "Hán", "Thành", "Thuận", "Từ", "Lưu"),
        (("Văn", 55), ("Năng", 12), ("Đại", 10), ("Quang", 10), ("Minh", 5), ("Ngọc", 4), ("Bá", 4)),
        (("Thị", 85), ("Ngọc", 5), ("Thu", 5), ("Hoài", 5)),
        ("Sơn", "Hải", "Lộc", "Phú", "Thiên", "Thọ", "Hòa", "Tuyên", "Thanh", "Tài", "Minh", "Hùng", "Nhân",
         "Tâm", "Đức", "Bá"),
        ("Nhung", "Sương", "Hoa", "Lan", "Liên", "Thủy", "Thanh", "Hằng", "Nga", "Phượng", "Mận", "Hoài",
         "Tuyết", "Xuân"),
        kinh_given_share=0.2,
    ),
}  # fmt: skip

# Groups whose patterns do not fit surname + middle + given; built by the dedicated functions below.
_EDE_CLAN_TABLE = _weighted(zip(EDE_CLANS, (20, 8, 12, 10, 6, 6, 5, 5, 5, 4, 5, 5, 4, 4, 4, 3), strict=True))
_EDE_GIVEN = {
    "M": _zipf(("Ngông", "Moan", "Sun", "Bhin", "Jut", "Blô", "Đhăm", "Wưn", "Tlam", "Yên", "Biêr", "Khoa",
                "Kim", "Hoan", "Thuôt")),
    "F": _zipf(("Hen", "Zen", "Bia", "Lan", "Nga", "Hiơ", "Ngơn", "Wiêt", "Dung", "Yim", "Blin", "Juen",
                "Hoa", "Mai", "Nhi")),
}  # fmt: skip
_GIARAI_CLAN_TABLE = _weighted(zip(GIARAI_CLANS, (20, 18, 16, 10, 12, 6, 8, 6, 4), strict=True))
_GIARAI_GIVEN = {
    "M": _zipf(("Hơn", "Blơng", "Tuân", "Hek", "Phi La", "Thuyên", "Chung", "Thơ", "Bơ", "Lui", "Đin", "Nhứ",
                "Kim", "Nai", "Yă")),
    "F": _zipf(("Luyện", "Bơ Khăp", "Mlai", "Phik", "Blông", "Yơn", "Hlin", "Mai", "Nở", "Dung", "Thơ",
                "Hương", "Lê", "Nuih")),
}  # fmt: skip
_BANA_GIVEN = {
    "M": _zipf(("Blưk", "Hyơk", "Rin", "Nhen", "Thun", "Brứ", "Nhoi", "Đeo", "Hmưn", "Pớt", "Sang", "Klin",
                "Jưh", "Tôl")),
    "F": _zipf(("Brơm", "Bơ", "Hiên", "Nhông", "Lyâu", "Hmuih", "Ngởi", "Blưh", "Prơi", "Ngek", "Thon",
                "Hlưm")),
}  # fmt: skip
_KHMER_SURNAMES = _weighted(
    [("Thạch", 30), ("Danh", 18), ("Sơn", 15), ("Chau", 10), ("Kim", 10), ("Lâm", 6), ("Lý", 4), ("Trịnh", 3),
     ("Huỳnh", 2), ("Thị", 2)]
)  # fmt: skip
# Khmer given names are often two syllables, transcribed syllable by syllable.
_KHMER_GIVEN = {
    "M": _zipf(("Sóc", "Sóc Kha", "Sóc Khơ", "Sa Rươn", "Ri", "Phol", "Sa Rinh", "Thươl", "Sa Vy", "Sóc Ra",
                "Sa Rết", "Pha Rinh", "Chanh Tha", "Sâm Bô", "Rây", "Sang", "Thol", "Mol", "Na", "Ty")),
    "F": _zipf(("Sa Mết", "Chanh Đa", "Sa Rây", "Sô Phi", "Sa Ly", "Chanh Thy", "Sóc Thi", "Ny", "Sa Ra",
                "Mây", "Sa Vươn", "Sa Phia", "Đa Ra", "Ra Ni", "Kim Hoa", "Sô Kha")),
}  # fmt: skip


def _given(rng: random.Random, style: _NameStyle, sex: str, avoid: str) -> str:
    for _ in range(4):  # a given name equal to the middle ("Chứ Chứ") is avoided, not forbidden outright
        if style.kinh_given_share and rng.random() < style.kinh_given_share:
            given = _pick(rng, GIVEN_NAMES[sex])
        else:
            given = _pick(rng, style.givens[sex])
        if given != avoid:
            break
    return given


def _styled_name(ethnicity: str) -> Callable[[str, random.Random, str | None], tuple[str, str]]:
    style = _STYLES[ethnicity]

    def build(sex: str, rng: random.Random, family: str | None) -> tuple[str, str]:
        surname = family if family is not None else _pick(rng, style.surnames)
        middle = _pick(rng, style.middles[sex])
        given = _given(rng, style, sex, middle)
        return " ".join(part for part in (surname, middle, given) if part), surname

    return build


def _ede_name(sex: str, rng: random.Random, family: str | None) -> tuple[str, str]:
    clan = family if family is not None else _pick(rng, _EDE_CLAN_TABLE)
    given = _pick(rng, _EDE_GIVEN[sex])
    # "Y" marks a man, "H'" (glued to the name) a woman; the clan comes last.
    return (f"Y {given} {clan}" if sex == "M" else f"H'{given} {clan}"), clan


def _giarai_name(sex: str, rng: random.Random, family: str | None) -> tuple[str, str]:
    clan = family if family is not None else _pick(rng, _GIARAI_CLAN_TABLE)
    given = _pick(rng, _GIARAI_GIVEN[sex])
    draw = rng.random()
    if sex == "F":
        return (f"{clan} H'{given}" if draw < 0.75 else f"{clan} {given}"), clan
    return (f"{clan} Y {given}" if draw < 0.1 else f"{clan} {given}"), clan


def _bana_name(sex: str, rng: random.Random, family: str | None) -> tuple[str, str]:
    # Ba Na traditionally have no surname ("A Blưk" / "Y Brơm"); registrars often gave "Đinh". An empty family
    # name means the single-name tradition and is passed on to the children as such.
    if family is None:
        family = "Đinh" if rng.random() < 0.55 else ""
    given = _pick(rng, _BANA_GIVEN[sex])
    if not family:
        return (f"A {given}" if sex == "M" else f"Y {given}"), ""
    middle_share = 0.6 if sex == "M" else 0.7
    if rng.random() < middle_share:
        return f"{family} {'Văn' if sex == 'M' else 'Thị'} {given}", family
    return f"{family} {given}", family


def _khmer_name(sex: str, rng: random.Random, family: str | None) -> tuple[str, str]:
    surname = family if family is not None else _pick(rng, _KHMER_SURNAMES)
    given = _pick(rng, _KHMER_GIVEN[sex])
    if sex == "M":
        return f"{surname} {given}", surname
    draw = rng.random()
    if surname == "Chau" and draw < 0.7:
        # In An Giang the men's "Chau" answers to "Néang" for women of the same family.
        return f"Néang {given}", surname
    if draw < 0.8 and surname != "Thị":  # a family named Thị does not repeat it as a middle name
        return f"{surname} Thị {given}", surname
    return f"{surname} {given}", surname


_MINORITY_BUILDERS: dict[str, Callable[[str, random.Random, str | None], tuple[str, str]]] = {
    **{ethnicity: _styled_name(ethnicity) for ethnicity in _STYLES},
    "Ê Đê": _ede_name,
    "Gia Rai": _giarai_name,
    "Ba Na": _bana_name,
    "Khmer": _khmer_name,
}


def minority_name(
    ethnicity: str,
    sex: str,
    rng: random.Random,
    family_surname: str | None = None,
) -> tuple[str, str]:
    """A full name in the naming pattern of a non-Kinh `ethnicity`, and the family (clan) name it carries.

    Pass the returned family name back as `family_surname` for relatives who share it. `None` draws a new one;
    "" is a real value (a Ba Na family in the single-name tradition) and is kept.
    """
    if sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F', not {sex!r}")
    try:
        builder = _MINORITY_BUILDERS[ethnicity]
    except KeyError:
        raise ValueError(f"no naming pattern for ethnicity {ethnicity!r} (Kinh names use SURNAMES)") from None
    return builder(sex, rng, family_surname)


# ----------------------------------------------------------------------------------------------------
# Provinces
# ----------------------------------------------------------------------------------------------------

# Population in millions, rounded (2022-2023 estimates).
_POPULATION: dict[str, float] = {
    "001": 8.5, "002": 0.90, "004": 0.54, "006": 0.32, "008": 0.80, "010": 0.76, "011": 0.63, "012": 0.47,
    "014": 1.29, "015": 0.84, "017": 0.88, "019": 1.34, "020": 0.80, "022": 1.36, "024": 1.92, "025": 1.51,
    "026": 1.20, "027": 1.49, "030": 1.95, "031": 2.10, "033": 1.29, "034": 1.88, "035": 0.88, "036": 1.88,
    "037": 1.01, "038": 3.72, "040": 3.42, "042": 1.32, "044": 0.91, "045": 0.65, "046": 1.16, "048": 1.24,
    "049": 1.52, "051": 1.25, "052": 1.50, "054": 0.88, "056": 1.26, "058": 0.60, "060": 1.25, "062": 0.58,
    "064": 1.59, "066": 1.92, "067": 0.67, "068": 1.33, "070": 1.03, "072": 1.19, "074": 2.76, "075": 3.26,
    "077": 1.19, "079": 9.4, "080": 1.73, "082": 1.79, "083": 1.30, "084": 1.02, "086": 1.03, "087": 1.60,
    "089": 1.91, "091": 1.75, "092": 1.26, "093": 0.73, "094": 1.20, "095": 0.92, "096": 1.21,
}  # fmt: skip

PROVINCE_WEIGHTS: Weighted = _weighted((code, _POPULATION[code]) for code in PROVINCES)

# Regions drive the local vocabulary: hamlet words (thôn/xóm/bản/buôn/ấp), alley words (ngõ/kiệt/hẻm) and the
# syllables of synthetic place names.
_REGIONS: dict[str, tuple[str, ...]] = {
    "delta": ("001", "019", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
              "037"),
    "northeast": ("002", "004", "006", "008", "020"),
    "northwest": ("010", "011", "012", "014", "015", "017"),
    "north_central": ("038", "040", "042"),
    "central": ("044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060"),
    "highlands": ("062", "064", "066", "067", "068"),
    "south": ("070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089",
              "091", "092", "093", "094", "095", "096"),
}  # fmt: skip
_REGION_OF: dict[str, str] = {code: region for region, codes in _REGIONS.items() for code in codes}
assert set(_REGION_OF) == set(PROVINCES), "every province needs a region"

_REGION_URBAN_SHARE = {
    "delta": 0.24, "northeast": 0.20, "northwest": 0.18, "north_central": 0.18, "central": 0.32,
    "highlands": 0.30, "south": 0.26,
}  # fmt: skip
# Share of residents living in wards (phường) rather than communes; rough GSO figures for the outliers.
URBAN_SHARE: dict[str, float] = {
    code: share
    for code, share in {
        **{code: _REGION_URBAN_SHARE[_REGION_OF[code]] for code in PROVINCES},
        "001": 0.50, "079": 0.80, "048": 0.87, "031": 0.48, "092": 0.70, "074": 0.82, "075": 0.46,
        "022": 0.66, "077": 0.58, "056": 0.50, "046": 0.50, "068": 0.39, "019": 0.36, "027": 0.35,
        "026": 0.32, "034": 0.12, "024": 0.16, "033": 0.17, "035": 0.18, "036": 0.19, "093": 0.27,
    }.items()
}  # fmt: skip

# ----------------------------------------------------------------------------------------------------
# Addresses
# ----------------------------------------------------------------------------------------------------

_STREETS: tuple[str, ...] = (
    "Trần Hưng Đạo", "Lê Lợi", "Nguyễn Trãi", "Lý Thường Kiệt", "Hai Bà Trưng", "Quang Trung", "Nguyễn Huệ",
    "Phan Chu Trinh", "Điện Biên Phủ", "Cách Mạng Tháng Tám", "Lê Duẩn", "Trần Phú", "Hùng Vương", "Lê Lai",
    "Nguyễn Du", "Bà Triệu", "Phan Bội Châu", "Lê Hồng Phong", "Nguyễn Thị Minh Khai", "Hoàng Văn Thụ",
    "Trường Chinh", "Nguyễn Văn Cừ", "Võ Thị Sáu", "Lý Tự Trọng", "Ngô Quyền", "Đinh Tiên Hoàng",
    "Lê Thánh Tông", "Trần Quang Khải", "Nguyễn Thái Học", "Phạm Ngũ Lão", "Nguyễn Đình Chiểu",
    "Tôn Đức Thắng", "Nguyễn Văn Linh", "Võ Nguyên Giáp", "Phạm Văn Đồng", "Lê Quý Đôn", "Chu Văn An",
    "Yết Kiêu", "Hàm Nghi", "Lạc Long Quân", "Âu Cơ", "Nguyễn Chí Thanh", "Hoàng Diệu", "Lý Thái Tổ",
    "Trần Nhân Tông", "Nguyễn Tất Thành", "Bạch Đằng", "Nguyễn Trung Trực", "Trần Quốc Toản", "Lê Văn Tám",
)  # fmt: skip
_SOUTH_STREETS: tuple[str, ...] = ("30 Tháng 4", "3 Tháng 2", "Nguyễn Trung Trực", "Trương Định", "Hòa Bình")

_WARD_HEROES: tuple[str, ...] = (
    "Quang Trung", "Lê Lợi", "Trần Phú", "Minh Khai", "Trần Hưng Đạo", "Lê Hồng Phong", "Nguyễn Trãi",
    "Hoàng Văn Thụ", "Phan Chu Trinh", "Lý Thường Kiệt", "Hùng Vương", "Ngô Quyền", "Trần Quang Khải",
    "Nguyễn Du", "Hai Bà Trưng", "Điện Biên", "Hồng Hà", "Quyết Thắng", "Thống Nhất", "Đống Đa",
)  # fmt: skip

_FIRST_NORTH = ("Tân", "Hòa", "An", "Phú", "Bình", "Đông", "Tây", "Nam", "Bắc", "Hưng", "Yên", "Vĩnh",
                "Quảng",
                "Thanh", "Xuân", "Hồng", "Minh", "Đại", "Trung", "Thái", "Gia", "Hải", "Kim", "Đức", "Nghĩa",
                "Thượng", "Hợp", "Liên", "Đồng", "Việt", "Cao", "Lạc", "Phúc", "Song", "Tiên", "Văn", "Hoàng",
                "Quỳnh", "Hương", "Ngọc")  # fmt: skip
_FIRST_SOUTH = ("Tân", "Hòa", "An", "Phú", "Bình", "Đông", "Tây", "Long", "Thạnh", "Phước", "Mỹ", "Vĩnh",
                "Hưng", "Lộc", "Thuận", "Nhơn", "Hiệp", "Khánh", "Định", "Thới", "Trường", "Lương", "Tam",
                "Xuân", "Châu", "Hội", "Thanh", "Sơn", "Phong", "Nhị")  # fmt: skip
_SECOND_NORTH = ("Lập", "Hòa", "Phú", "An", "Bình", "Thành", "Lợi", "Hưng", "Lộc", "Thuận", "Phong", "Tiến",
                 "Sơn", "Hà", "Thịnh", "Khánh", "Mỹ", "Hiệp", "Long", "Định", "Xuân", "Trạch", "Tân", "Đông",
                 "Tây", "Hải", "Trung", "Quang", "Phúc", "Yên", "Nghĩa", "Lạc", "Dũng", "Thủy", "Thắng",
                 "Cường", "Hợp", "Tiên", "Đức", "Kiều")  # fmt: skip
_SECOND_SOUTH = ("Lập", "Hòa", "Phú", "An", "Bình", "Thành", "Lợi", "Hưng", "Lộc", "Thuận", "Phong", "Thạnh",
                 "Phước", "Mỹ", "Hiệp", "Long", "Định", "Xuân", "Tân", "Đông", "Tây", "Hải", "Trung", "Nhựt",
                 "Khánh", "Thới", "Quới", "Điền", "Hội", "Trạch")  # fmt: skip

# Local (non-Kinh) place-name syllables for communes and districts in the mountains and Central Highlands.
_LOCAL_PLACE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "northwest": (("Mường", "Chiềng", "Nậm", "Huổi", "Pá", "Tà", "Na"),
                  ("Mùn", "Ngần", "Khoang", "Cang", "Lay", "Mạ", "Pục", "Chà", "Sản", "Hin", "Lếch", "Nhé",
                   "Ban", "Chăn", "Tè", "Pồn")),
    "northeast": (("Nà", "Pác", "Khau", "Lũng", "Bó", "Na", "Phiêng"),
                  ("Phặc", "Ngòa", "Sang", "Cáp", "Bó", "Vài", "Mạ", "Ngần", "Nặm", "Hin", "Luông", "Rì")),
    "highlands": (("Ea", "Cư", "Krông", "Ia", "Chư", "Kon", "Đăk", "Ya"),
                  ("Tu", "Kao", "Na", "Bông", "Pơng", "Sar", "Drông", "Yang", "Tiêu", "Grai", "Băng", "Dom",
                   "Hrú", "Tô", "Blang", "Kla", "Rve", "Pơ", "Sao", "Hlốp", "Mil", "Wy")),
}  # fmt: skip

_BAN_FIRST = ("Nà", "Nậm", "Huổi", "Pá", "Co", "Hua", "Phiêng", "Bó", "Khau", "Lũng", "Pác", "Nong")
_BAN_SECOND = ("Tấu", "Hốc", "Sản", "Lếch", "Khoang", "Cang", "Mòn", "Pậu", "Hin", "Ten", "Lạn", "Nghè",
               "Phát", "Mạ", "Ngòa", "Pục", "Chà", "Lay", "Noong", "Mứn", "Luông", "Bon")  # fmt: skip
_BUON_NAMES = ("Ko Tam", "Triết", "Đôn", "Kô Sir", "Ea Bông", "Ea Tul", "Cuôr Knia", "Alê A", "Alê B", "Jun",
               "Trấp", "Ea Sar", "Kmrơng", "Dhăm", "Ky", "Tơng Jú", "Pơng Drang", "Drai", "M'Blang", "H'Drát",
               "Ea Kmát", "Kniêt")  # fmt: skip
_LANG_HIGHLAND_NAMES = ("Plei Ơi", "Plei Bông", "Kon Rờ Bàng", "Kon Hra Chót", "Đăk Rơ Wa", "Plei Kần",
                        "Kon Klor", "Đê Rơn", "Ia Mơ Nông", "Plei Op", "Kon Kơ Tu", "Plei Thơ Ga",
                        "Đê Kjiêng", "Kon Jri")  # fmt: skip
_NORTH_HAMLET_NAMES = ("Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Đoài", "Chùa", "Đình",
                       "Yên Phú",
                       "An Lạc", "Đồng Tâm", "Tân Lập", "Phú Mỹ", "Quyết Tiến", "Thắng Lợi", "Hòa Bình",
                       "Liên Hiệp", "Đồng Xuân", "Phúc Lộc", "Yên Bình", "Trại", "Mới", "Ngoài", "Trong",
                       "Cầu", "Chợ", "Đồng Tiến", "Tiền Phong", "Văn Giáp", "Kim Lũ")  # fmt: skip
_CENTRAL_HAMLET_NAMES = ("Phú Xuân", "Mỹ Lợi", "An Hòa", "Phước Hòa", "Tân Hiệp", "Lộc Điền", "Hòa Mỹ",
                         "Trung Lương", "Phú Lộc", "An Thạnh", "Xuân Lai", "Vĩnh An", "Thanh Tân", "Đông Lâm",
                         "Tây An", "Bình Phú", "Kỳ Sơn", "Thủy Tú")  # fmt: skip
_SOUTH_HAMLET_NAMES = ("Bình Hòa", "Tân Phú", "Mỹ Thuận", "Long Hưng", "Phước Lợi", "Thạnh An", "An Bình",
                       "Hòa Lợi", "Tân Thạnh", "Vĩnh Phước", "Phú Thạnh", "Rạch Sỏi", "Kinh Mới", "Xẻo Rô",
                       "Giồng Dừa", "Bàu Trâm", "Vàm Láng", "Cái Sơn", "Bến Đình", "Cây Gáo", "Mương Lộ",
                       "Tắc Vân", "Long Thạnh", "Mỹ Phú", "Hòa Thuận", "Phú Hưng", "Bình Thạnh",
                       "Tân Quới")  # fmt: skip

# Hamlet words by region (weights); Hòa Bình and the Central Highlands provinces differ from their region.
_HAMLET_WORDS: dict[str, tuple[tuple[str, float], ...]] = {
    "delta": (("Thôn", 70), ("Xóm", 22), ("Làng", 8)),
    "northeast": (("Thôn", 50), ("Bản", 30), ("Xóm", 20)),
    "northwest": (("Bản", 60), ("Thôn", 25), ("Xóm", 15)),
    "north_central": (("Thôn", 45), ("Xóm", 40), ("Bản", 10), ("Làng", 5)),
    "central": (("Thôn", 88), ("Làng", 12)),
    "highlands": (("Thôn", 55), ("Buôn", 30), ("Làng", 15)),
    "south": (("Ấp", 100),),
    "017": (("Xóm", 60), ("Bản", 30), ("Thôn", 10)),
    "062": (("Thôn", 50), ("Làng", 40), ("Buôn", 10)),
    "064": (("Thôn", 50), ("Làng", 40), ("Buôn", 10)),
    "066": (("Thôn", 55), ("Buôn", 45)),
    "067": (("Thôn", 60), ("Buôn", 40)),
    "068": (("Thôn", 85), ("Buôn", 15)),
}

# Provincial cities and towns that hold the wards (phường) of an ordinary province; the capital first.
_TOWNS: dict[str, tuple[str, ...]] = {
    "002": ("thành phố Hà Giang",), "004": ("thành phố Cao Bằng",), "006": ("thành phố Bắc Kạn",),
    "008": ("thành phố Tuyên Quang",), "010": ("thành phố Lào Cai", "thị xã Sa Pa"),
    "011": ("thành phố Điện Biên Phủ",), "012": ("thành phố Lai Châu",), "014": ("thành phố Sơn La",),
    "015": ("thành phố Yên Bái",), "017": ("thành phố Hòa Bình",),
    "019": ("thành phố Thái Nguyên", "thành phố Sông Công", "thành phố Phổ Yên"),
    "020": ("thành phố Lạng Sơn",),
    "022": ("thành phố Hạ Long", "thành phố Cẩm Phả", "thành phố Uông Bí", "thành phố Móng Cái"),
    "024": ("thành phố Bắc Giang",), "025": ("thành phố Việt Trì", "thị xã Phú Thọ"),
    "026": ("thành phố Vĩnh Yên", "thành phố Phúc Yên"), "027": ("thành phố Bắc Ninh", "thành phố Từ Sơn"),
    "030": ("thành phố Hải Dương", "thành phố Chí Linh"), "033": ("thành phố Hưng Yên",),
    "034": ("thành phố Thái Bình",), "035": ("thành phố Phủ Lý",), "036": ("thành phố Nam Định",),
    "037": ("thành phố Ninh Bình", "thành phố Tam Điệp"), "038": ("thành phố Thanh Hóa", "thành phố Sầm Sơn"),
    "040": ("thành phố Vinh", "thị xã Cửa Lò", "thị xã Thái Hòa"),
    "042": ("thành phố Hà Tĩnh", "thị xã Hồng Lĩnh"),
    "044": ("thành phố Đồng Hới",), "045": ("thành phố Đông Hà",),
    "046": ("thành phố Huế", "thị xã Hương Thủy"),
    "049": ("thành phố Tam Kỳ", "thành phố Hội An"), "051": ("thành phố Quảng Ngãi",),
    "052": ("thành phố Quy Nhơn", "thị xã An Nhơn"), "054": ("thành phố Tuy Hòa",),
    "056": ("thành phố Nha Trang", "thành phố Cam Ranh"), "058": ("thành phố Phan Rang - Tháp Chàm",),
    "060": ("thành phố Phan Thiết", "thị xã La Gi"), "062": ("thành phố Kon Tum",),
    "064": ("thành phố Pleiku", "thị xã An Khê"), "066": ("thành phố Buôn Ma Thuột", "thị xã Buôn Hồ"),
    "067": ("thành phố Gia Nghĩa",), "068": ("thành phố Đà Lạt", "thành phố Bảo Lộc"),
    "070": ("thành phố Đồng Xoài",), "072": ("thành phố Tây Ninh", "thị xã Hòa Thành"),
    "074": ("thành phố Thủ Dầu Một", "thành phố Dĩ An", "thành phố Thuận An", "thành phố Tân Uyên"),
    "075": ("thành phố Biên Hòa", "thành phố Long Khánh"), "077": ("thành phố Vũng Tàu", "thành phố Bà Rịa"),
    "080": ("thành phố Tân An",), "082": ("thành phố Mỹ Tho",), "083": ("thành phố Bến Tre",),
    "084": ("thành phố Trà Vinh",), "086": ("thành phố Vĩnh Long",),
    "087": ("thành phố Cao Lãnh", "thành phố Sa Đéc", "thành phố Hồng Ngự"),
    "089": ("thành phố Long Xuyên", "thành phố Châu Đốc"),
    "091": ("thành phố Rạch Giá", "thành phố Phú Quốc"),
    "093": ("thành phố Vị Thanh",), "094": ("thành phố Sóc Trăng",), "095": ("thành phố Bạc Liêu",),
    "096": ("thành phố Cà Mau",),
}  # fmt: skip
# Cities whose wards are mostly numbered (Phường 1, Phường 2, ...), a southern and Highlands habit.
_NUMBERED_WARD_TOWNS = frozenset({
    "thành phố Đà Lạt", "thành phố Vũng Tàu", "thành phố Tuy Hòa", "thành phố Tân An", "thành phố Mỹ Tho",
    "thành phố Bến Tre", "thành phố Trà Vinh", "thành phố Vĩnh Long", "thành phố Cao Lãnh",
    "thành phố Sa Đéc", "thành phố Sóc Trăng", "thành phố Bạc Liêu", "thành phố Cà Mau", "thành phố Tây Ninh",
    "thành phố Vị Thanh", "thành phố Đông Hà",
})  # fmt: skip

# The five centrally-run cities: real districts (quận / thành phố) and wards, real outer districts (huyện).
_CITY_URBAN: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "001": (
        ("quận Ba Đình", ("Phúc Xá", "Trúc Bạch", "Vĩnh Phúc", "Cống Vị", "Liễu Giai", "Ngọc Hà", "Điện Biên",
                          "Đội Cấn", "Kim Mã", "Giảng Võ", "Thành Công", "Ngọc Khánh", "Quán Thánh")),
        ("quận Hoàn Kiếm", ("Hàng Đào", "Hàng Bạc", "Hàng Bồ", "Hàng Buồm", "Hàng Gai", "Hàng Trống",
                            "Tràng Tiền", "Lý Thái Tổ", "Cửa Đông", "Cửa Nam", "Phan Chu Trinh", "Hàng Bài",
                            "Chương Dương", "Phúc Tân", "Đồng Xuân", "Hàng Mã")),
        ("quận Đống Đa", ("Văn Miếu", "Quốc Tử Giám", "Hàng Bột", "Khâm Thiên", "Láng Hạ", "Láng Thượng",
                          "Ô Chợ Dừa", "Trung Liệt", "Kim Liên", "Phương Liên", "Thổ Quan", "Nam Đồng",
                          "Quang Trung", "Trung Phụng", "Văn Chương", "Cát Linh", "Khương Thượng",
                          "Ngã Tư Sở", "Phương Mai", "Trung Tự")),
        ("quận Hai Bà Trưng", ("Bạch Đằng", "Bách Khoa", "Bạch Mai", "Cầu Dền", "Đống Mác", "Lê Đại Hành",
                               "Minh Khai", "Ngô Thì Nhậm", "Phố Huế", "Quỳnh Lôi", "Quỳnh Mai",
                               "Thanh Lương",
                               "Thanh Nhàn", "Trương Định", "Vĩnh Tuy", "Đồng Nhân", "Đồng Tâm",
                               "Bùi Thị Xuân")),
        ("quận Cầu Giấy", ("Dịch Vọng", "Dịch Vọng Hậu", "Mai Dịch", "Nghĩa Đô", "Nghĩa Tân", "Quan Hoa",
                           "Trung Hòa", "Yên Hòa")),
        ("quận Tây Hồ", ("Bưởi", "Nhật Tân", "Phú Thượng", "Quảng An", "Thụy Khuê", "Tứ Liên", "Xuân La",
                         "Yên Phụ")),
        ("quận Hà Đông", ("Quang Trung", "Nguyễn Trãi", "Hà Cầu", "Vạn Phúc", "Phúc La", "Yết Kiêu", "Mộ Lao",
                          "Văn Quán", "La Khê", "Phú La", "Kiến Hưng", "Yên Nghĩa", "Dương Nội", "Biên Giang",
                          "Đồng Mai", "Phú Lãm", "Phú Lương")),
        ("quận Long Biên", ("Bồ Đề", "Gia Thụy", "Ngọc Lâm", "Ngọc Thụy", "Phúc Đồng", "Phúc Lợi", "Sài Đồng",
                            "Thạch Bàn", "Thượng Thanh", "Việt Hưng", "Long Biên", "Cự Khối", "Đức Giang",
                            "Giang Biên")),
        ("quận Thanh Xuân", ("Hạ Đình", "Khương Đình", "Khương Mai", "Khương Trung", "Kim Giang",
                             "Nhân Chính",
                             "Phương Liệt", "Thanh Xuân Bắc", "Thanh Xuân Nam", "Thanh Xuân Trung",
                             "Thượng Đình")),
        ("quận Hoàng Mai", ("Đại Kim", "Định Công", "Giáp Bát", "Hoàng Liệt", "Hoàng Văn Thụ", "Lĩnh Nam",
                            "Mai Động", "Tân Mai", "Thanh Trì", "Thịnh Liệt", "Trần Phú", "Tương Mai",
                            "Vĩnh Hưng", "Yên Sở")),
        ("thị xã Sơn Tây", ("Lê Lợi", "Ngô Quyền", "Phú Thịnh", "Quang Trung", "Sơn Lộc", "Trung Hưng",
                            "Trung Sơn Trầm", "Viên Sơn", "Xuân Khanh")),
    ),
    "079": (
        ("Quận 1", ("Bến Nghé", "Bến Thành", "Cầu Kho", "Cầu Ông Lãnh", "Cô Giang", "Đa Kao",
                    "Nguyễn Cư Trinh", "Nguyễn Thái Bình", "Phạm Ngũ Lão", "Tân Định")),
        ("Quận 3", ("Võ Thị Sáu", "1", "2", "3", "4", "5", "9", "10", "11", "12", "13", "14")),
        ("Quận 5", tuple(str(n) for n in range(1, 15))),
        ("Quận 10", tuple(str(n) for n in range(1, 16))),
        ("Quận 7", ("Tân Phong", "Tân Phú", "Tân Quy", "Tân Thuận Đông", "Tân Thuận Tây", "Tân Kiểng",
                    "Tân Hưng", "Bình Thuận", "Phú Mỹ", "Phú Thuận")),
        ("Quận 12", ("An Phú Đông", "Đông Hưng Thuận", "Hiệp Thành", "Tân Chánh Hiệp", "Tân Hưng Thuận",
                     "Tân Thới Hiệp", "Tân Thới Nhất", "Thạnh Lộc", "Thạnh Xuân", "Thới An", "Trung Mỹ Tây")),
        ("quận Bình Thạnh", ("1", "2", "3", "5", "6", "7", "11", "12", "13", "14", "15", "17", "19", "21",
                             "22", "24", "25", "26", "27", "28")),
        ("quận Gò Vấp", ("1", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
                         "17")),
        ("quận Tân Bình", tuple(str(n) for n in range(1, 16))),
        ("quận Phú Nhuận", ("1", "2", "4", "5", "7", "8", "9", "10", "11", "13", "15", "17")),
        ("quận Bình Tân", ("An Lạc", "An Lạc A", "Bình Hưng Hòa", "Bình Hưng Hòa A", "Bình Hưng Hòa B",
                           "Bình Trị Đông", "Bình Trị Đông A", "Bình Trị Đông B", "Tân Tạo", "Tân Tạo A")),
        ("quận Tân Phú", ("Hiệp Tân", "Hòa Thạnh", "Phú Thạnh", "Phú Thọ Hòa", "Phú Trung", "Sơn Kỳ",
                          "Tân Quý", "Tân Sơn Nhì", "Tân Thành", "Tân Thới Hòa", "Tây Thạnh")),
        ("thành phố Thủ Đức", ("Linh Trung", "Linh Xuân", "Hiệp Bình Chánh", "Hiệp Bình Phước", "Tam Bình",
                               "Tam Phú", "Trường Thọ", "Bình Thọ", "Linh Chiểu", "Linh Đông", "Linh Tây",
                               "Thảo Điền", "An Phú", "Bình Trưng Đông", "Thạnh Mỹ Lợi", "Phước Long A",
                               "Phước Long B", "Tăng Nhơn Phú A", "Hiệp Phú", "Long Trường")),
    ),
    "048": (
        ("quận Hải Châu", ("Hải Châu I", "Hải Châu II", "Thạch Thang", "Thanh Bình", "Thuận Phước",
                           "Hòa Thuận Đông", "Hòa Thuận Tây", "Nam Dương", "Phước Ninh", "Bình Hiên",
                           "Bình Thuận", "Hòa Cường Bắc", "Hòa Cường Nam")),
        ("quận Thanh Khê", ("Tam Thuận", "Thanh Khê Đông", "Thanh Khê Tây", "Xuân Hà", "Tân Chính",
                            "Chính Gián", "Vĩnh Trung", "Thạc Gián", "An Khê", "Hòa Khê")),
        ("quận Sơn Trà", ("Thọ Quang", "Nại Hiên Đông", "Mân Thái", "An Hải Bắc", "Phước Mỹ", "An Hải Tây",
                          "An Hải Đông")),
        ("quận Ngũ Hành Sơn", ("Mỹ An", "Khuê Mỹ", "Hòa Quý", "Hòa Hải")),
        ("quận Liên Chiểu", ("Hòa Hiệp Bắc", "Hòa Hiệp Nam", "Hòa Khánh Bắc", "Hòa Khánh Nam", "Hòa Minh")),
        ("quận Cẩm Lệ", ("Khuê Trung", "Hòa Phát", "Hòa An", "Hòa Thọ Tây", "Hòa Thọ Đông", "Hòa Xuân")),
    ),
    "031": (
        ("quận Hồng Bàng", ("Hoàng Văn Thụ", "Minh Khai", "Phan Bội Châu", "Quang Trung", "Sở Dầu",
                            "Thượng Lý", "Hạ Lý", "Trại Chuối", "Hùng Vương", "Quán Toan")),
        ("quận Lê Chân", ("An Biên", "An Dương", "Cát Dài", "Dư Hàng", "Dư Hàng Kênh", "Đông Hải",
                          "Hàng Kênh",
                          "Hồ Nam", "Kênh Dương", "Lam Sơn", "Nghĩa Xá", "Niệm Nghĩa", "Trại Cau",
                          "Trần Nguyên Hãn", "Vĩnh Niệm")),
        ("quận Ngô Quyền", ("Cầu Đất", "Cầu Tre", "Đằng Giang", "Đông Khê", "Gia Viên", "Lạc Viên",
                            "Lạch Tray", "Lê Lợi", "Máy Chai", "Vạn Mỹ")),
        ("quận Hải An", ("Cát Bi", "Đằng Hải", "Đằng Lâm", "Nam Hải", "Thành Tô", "Tràng Cát")),
        ("quận Kiến An", ("Bắc Sơn", "Nam Sơn", "Ngọc Sơn", "Trần Thành Ngọ", "Văn Đẩu", "Quán Trữ",
                          "Đồng Hòa")),
    ),
    "092": (
        ("quận Ninh Kiều", ("An Bình", "An Cư", "An Hòa", "An Khánh", "An Nghiệp", "An Phú", "Cái Khế",
                            "Hưng Lợi", "Tân An", "Thới Bình", "Xuân Khánh")),
        ("quận Cái Răng", ("Lê Bình", "Hưng Phú", "Hưng Thạnh", "Ba Láng", "Thường Thạnh", "Phú Thứ",
                           "Tân Phú")),
        ("quận Bình Thủy", ("Bình Thủy", "Trà An", "Trà Nóc", "Thới An Đông", "An Thới", "Bùi Hữu Nghĩa",
                            "Long Hòa", "Long Tuyền")),
        ("quận Ô Môn", ("Châu Văn Liêm", "Thới Hòa", "Thới Long", "Long Hưng", "Thới An", "Phước Thới",
                        "Trường Lạc")),
    ),
}  # fmt: skip
_CITY_RURAL: dict[str, tuple[str, ...]] = {
    "001": ("Đông Anh", "Gia Lâm", "Sóc Sơn", "Thanh Trì", "Mê Linh", "Ba Vì", "Chương Mỹ", "Đan Phượng",
            "Hoài Đức", "Mỹ Đức", "Phú Xuyên", "Phúc Thọ", "Quốc Oai", "Thạch Thất", "Thanh Oai",
            "Thường Tín", "Ứng Hòa"),
    "079": ("Bình Chánh", "Củ Chi", "Hóc Môn", "Nhà Bè", "Cần Giờ"),
    "048": ("Hòa Vang",),
    "031": ("An Dương", "An Lão", "Kiến Thụy", "Thủy Nguyên", "Tiên Lãng", "Vĩnh Bảo", "Cát Hải"),
    "092": ("Phong Điền", "Cờ Đỏ", "Thới Lai", "Vĩnh Thạnh"),
}  # fmt: skip
_CITY_STREETS: dict[str, tuple[str, ...]] = {
    "001": ("Hàng Bạc", "Hàng Đào", "Hàng Gai", "Tràng Thi", "Bà Triệu", "Kim Mã", "Láng", "Cầu Giấy",
            "Xuân Thủy", "Giải Phóng", "Khâm Thiên", "Chùa Bộc", "Tây Sơn", "Đội Cấn", "Thụy Khuê",
            "Hoàng Quốc Việt", "Minh Khai", "Bạch Mai", "Láng Hạ", "Kim Ngưu", "Nguyễn Khánh Toàn",
            "Trần Duy Hưng"),
    "079": ("Nguyễn Văn Trỗi", "Nam Kỳ Khởi Nghĩa", "Lê Văn Sỹ", "Xô Viết Nghệ Tĩnh", "Phan Đăng Lưu",
            "Nguyễn Oanh", "Cộng Hòa", "Lê Văn Việt", "Kha Vạn Cân", "Huỳnh Tấn Phát", "Nguyễn Thị Thập",
            "Tân Kỳ Tân Quý", "Lũy Bán Bích", "3 Tháng 2", "Sư Vạn Hạnh", "An Dương Vương", "Hậu Giang",
            "Võ Văn Ngân", "Nguyễn Văn Đậu", "Bùi Thị Xuân"),
    "048": ("Ông Ích Khiêm", "Núi Thành", "2 Tháng 9", "Hoàng Hoa Thám", "Tiểu La", "Ngũ Hành Sơn",
            "Nguyễn Lương Bằng", "Tôn Đản"),
    "031": ("Lạch Tray", "Tô Hiệu", "Cầu Đất", "Văn Cao", "Lê Lai", "Đà Nẵng", "Hàng Kênh", "Miếu Hai Xã"),
    "092": ("30 Tháng 4", "3 Tháng 2", "Mậu Thân", "Hòa Bình", "Trần Văn Khéo", "Nguyễn Văn Cừ",
            "Võ Văn Kiệt"),
}  # fmt: skip

# Hospitals where births of each centrally-run city are registered; other provinces get generic names.
_CITY_HOSPITALS: dict[str, tuple[str, ...]] = {
    "001": ("Bệnh viện Phụ sản Hà Nội", "Bệnh viện Phụ sản Trung ương", "Bệnh viện Bạch Mai",
            "Bệnh viện Đa khoa Xanh Pôn", "Bệnh viện Thanh Nhàn", "Bệnh viện Đa khoa Hà Đông",
            "Bệnh viện Đa khoa Đức Giang", "Bệnh viện Bưu điện"),
    "079": ("Bệnh viện Từ Dũ", "Bệnh viện Hùng Vương", "Bệnh viện Nhân dân Gia Định",
            "Bệnh viện Nhân dân 115",
            "Bệnh viện Nguyễn Tri Phương", "Bệnh viện Đa khoa Sài Gòn", "Bệnh viện Quận Bình Thạnh"),
    "048": ("Bệnh viện Phụ sản - Nhi Đà Nẵng", "Bệnh viện Đà Nẵng", "Bệnh viện C Đà Nẵng"),
    "031": ("Bệnh viện Phụ sản Hải Phòng", "Bệnh viện Hữu nghị Việt Tiệp", "Bệnh viện Kiến An"),
    "092": ("Bệnh viện Phụ sản Thành phố Cần Thơ", "Bệnh viện Đa khoa Trung ương Cần Thơ",
            "Bệnh viện Đa khoa Thành phố Cần Thơ"),
    "046": ("Bệnh viện Trung ương Huế", "Bệnh viện Đa khoa tỉnh Thừa Thiên Huế"),
}  # fmt: skip

_ALLEY: dict[str, str] = {
    **{code: "ngõ" for region in ("delta", "northeast", "northwest",
                                  "north_central") for code in _REGIONS[region]},
    **{code: "hẻm" for region in ("central", "highlands", "south") for code in _REGIONS[region]},
    **{code: "kiệt" for code in ("045", "046", "048", "049")},  # Huế and Đà Nẵng say kiệt
}  # fmt: skip
# Share of urban streets called "phố" rather than "đường" (a northern habit, strongest in Hà Nội).
_PHO_SHARE = {"001": 0.5, "031": 0.35, "delta": 0.3, "northeast": 0.25, "northwest": 0.2}


@dataclass(frozen=True, slots=True)
class _Province:
    """Everything make_address and make_place_of_birth need for one province, built once on first use."""

    label: str  # "Tỉnh Nghệ An": ends every address
    running_label: str  # "tỉnh Nghệ An": inside a place of birth
    urban_share: float
    urban: tuple[tuple[str, tuple[str, ...]], ...]  # (district, wards) with unit words
    rural: tuple[tuple[str, tuple[str, ...], str], ...]  # (district, communes, township)
    streets: tuple[str, ...]  # with their "đường"/"phố" word
    hamlets: tuple[str, ...]  # "Thôn Đông", "Ấp 3", ...
    quarters: tuple[str, ...]  # "Tổ dân phố 4" / "Khu phố 2": urban heads without a street
    alley: str
    south: bool
    hospitals: tuple[str, ...]


def _place_name(rng: random.Random, region: str, used: set[str], local_share: float = 0.0) -> str:
    """A two-syllable synthetic place name, unique within `used`, in the region's style."""
    southern = region in ("south", "highlands") or (region == "central" and rng.random() < 0.5)
    first, second = (_FIRST_SOUTH, _SECOND_SOUTH) if southern else (_FIRST_NORTH, _SECOND_NORTH)
    local = _LOCAL_PLACE.get(region)
    while True:
        if local is not None and rng.random() < local_share:
            name = f"{rng.choice(local[0])} {rng.choice(local[1])}"
        else:
            a, b = rng.choice(first), rng.choice(second)
            if a == b:
                continue
            name = f"{a} {b}"
        if name not in used:
            used.add(name)
            return name


def _hamlet_words(code: str) -> tuple[tuple[str, float], ...]:
    return _HAMLET_WORDS.get(code) or _HAMLET_WORDS[_REGION_OF[code]]


def _hamlets(rng: random.Random, code: str, region: str) -> tuple[str, ...]:
    words, weights = zip(*_hamlet_words(code), strict=True)
    hamlets: list[str] = []
    for word in rng.choices(words, weights=weights, k=120):
        if word == "Bản":
            name = f"{rng.choice(_BAN_FIRST)} {rng.choice(_BAN_SECOND)}"
        elif word == "Buôn":
            name = rng.choice(_BUON_NAMES)
        elif word == "Làng" and region == "highlands":
            name = rng.choice(_LANG_HIGHLAND_NAMES)
        elif rng.random() < 0.4:  # numbered hamlets are everywhere: Thôn 3, Xóm 7, Ấp 2
            name = str(1 + int(rng.random() * 12))
        elif region == "south":
            name = rng.choice(_SOUTH_HAMLET_NAMES)
        elif region in ("central", "highlands"):
            name = rng.choice(_CENTRAL_HAMLET_NAMES)
        else:
            name = rng.choice(_NORTH_HAMLET_NAMES)
        hamlets.append(f"{word} {name}")
    return tuple(hamlets)


def _wards(rng: random.Random, town: str, region: str, count: int) -> tuple[str, ...]:
    if town in _NUMBERED_WARD_TOWNS or (region == "south" and rng.random() < 0.4):
        numbered = min(count, 9)
        names = [f"Phường {n}" for n in range(1, numbered + 1)]
    else:
        names = []
    used: set[str] = set()
    while len(names) < count:
        if rng.random() < 0.35:
            hero = rng.choice(_WARD_HEROES)
            if hero in used:
                continue
            used.add(hero)
            names.append(f"phường {hero}")
        else:
            names.append(f"phường {_place_name(rng, region, used)}")
    return tuple(names)


def _ward_label(name: str) -> str:
    # A bare number is a numbered ward ("Phường 7"): the number is its name, so the unit word is capitalised.
    return f"Phường {name}" if name.isdigit() else f"phường {name}"


def _build_province(code: str) -> _Province:
    # A private generator seeded by the code: the synthetic districts and communes of a province are the same
    # in every run, whatever the caller's seed, so that a place keeps the same name across a population.
    rng = random.Random(f"sohoa.synth.vocab:{code}")
    name, kind = PROVINCES[code]
    region = _REGION_OF[code]
    south = region == "south"
    local_share = {"northwest": 0.6, "northeast": 0.35, "highlands": 0.45}.get(region, 0.0)

    if code in _CITY_URBAN:
        urban = tuple((district, tuple(map(_ward_label, wards))) for district, wards in _CITY_URBAN[code])
        rural_names = _CITY_RURAL[code]
    else:
        urban = tuple((town, _wards(rng, town, region, 6 + int(rng.random() * 9))) for town in _TOWNS[code])
        used_districts: set[str] = set()
        rural_names = tuple(
            _place_name(rng, region, used_districts, local_share) for _ in range(6 + int(rng.random() * 5))
        )
    rural: list[tuple[str, tuple[str, ...], str]] = []
    for district in rural_names:
        used: set[str] = set()
        count = 10 + int(rng.random() * 9)
        communes = tuple(f"xã {_place_name(rng, region, used, local_share)}" for _ in range(count))
        township = f"thị trấn {_place_name(rng, region, used)}"
        rural.append((f"huyện {district}", communes, township))

    pho_share = _PHO_SHARE.get(code, _PHO_SHARE.get(region, 0.0))
    street_names = _CITY_STREETS.get(code, ()) + _STREETS + (_SOUTH_STREETS if south else ())
    streets = tuple(
        f"{'phố' if rng.random() < pho_share else 'đường'} {street}" for street in dict.fromkeys(street_names)
    )
    if south or region in ("central", "highlands"):
        quarters = tuple(f"Khu phố {n}" for n in range(1, 9))
        quarters += tuple(f"Tổ {n}, khu phố {n % 4 + 1}" for n in range(1, 13))
    else:
        quarters = tuple(f"Tổ dân phố {n}" for n in range(1, 16)) + tuple(f"Tổ {n}" for n in range(1, 9))

    if code in _CITY_HOSPITALS:
        hospitals = _CITY_HOSPITALS[code]
    else:
        capital = _TOWNS[code][0]
        hospitals = (
            f"Bệnh viện Đa khoa tỉnh {name}",
            f"Bệnh viện Đa khoa tỉnh {name}",  # listed twice: the provincial hospital takes most births
            f"Bệnh viện Sản - Nhi {name}",
            f"Bệnh viện Đa khoa {capital}",
        )

    return _Province(
        label=province_label(code) or name,
        running_label=f"{kind} {name}",
        urban_share=URBAN_SHARE[code],
        urban=urban,
        rural=tuple(rural),
        streets=streets,
        hamlets=_hamlets(rng, code, region),
        quarters=quarters,
        alley=_ALLEY[code],
        south=south,
        hospitals=hospitals,
    )


_PROVINCE_CACHE: dict[str, _Province] = {}


def _province(code: str) -> _Province:
    province = _PROVINCE_CACHE.get(code)
    if province is None:
        if code not in PROVINCES:
            raise ValueError(f"unknown province code {code!r}")
        province = _PROVINCE_CACHE[code] = _build_province(code)
    return province


def _house_number(draw: float) -> str:
    # Skewed towards small numbers, as on real streets; a few carry a letter (12A) for a plot split in two.
    number = 1 + int(draw * draw * 300)
    if number % 17 == 0:
        return f"{number}A"
    return str(number)


def make_address(rng: random.Random, province_code: str) -> str:
    """A plausible residence address in the province, ending with its label ("Tỉnh Bắc Giang")."""
    p = _province(province_code)
    random_ = rng.random  # bound once: several draws per call, and this is called a million times
    if random_() < p.urban_share:
        district, wards = p.urban[int(random_() * len(p.urban))]
        ward = wards[int(random_() * len(wards))]
        street = p.streets[int(random_() * len(p.streets))]
        number = _house_number(random_())
        style = random_()
        if style < 0.45:
            head = f"Số {number}, {street}"
        elif style < 0.88:
            lane = 2 + int(random_() * random_() * 400)
            if p.alley == "hẻm" and style < 0.66:
                head = f"Số {lane}/{number}, {street}"  # the southern "45/12" form: house 12 in lane 45
            elif p.alley == "ngõ" and style < 0.58:
                branch = 1 + int(random_() * 60)
                head = f"Số {number}, ngách {branch}, ngõ {lane}, {street}"
            else:
                head = f"Số {number}, {p.alley} {lane}, {street}"
        else:
            head = p.quarters[int(random_() * len(p.quarters))]
        return f"{head}, {ward}, {district}, {p.label}"
    district, communes, township = p.rural[int(random_() * len(p.rural))]
    if random_() < 0.08:  # the district town: quarters, not hamlets
        head = p.quarters[int(random_() * len(p.quarters))]
        if p.south and random_() < 0.5:
            head = f"Khóm {1 + int(random_() * 8)}"  # Mekong townships number their quarters as khóm
        return f"{head}, {township}, {district}, {p.label}"
    commune = communes[int(random_() * len(communes))]
    hamlet = p.hamlets[int(random_() * len(p.hamlets))]
    return f"{hamlet}, {commune}, {district}, {p.label}"


def make_place_of_birth(rng: random.Random, province_code: str) -> str:
    """Where a birth in the province was registered, as written on a birth certificate (nơi sinh)."""
    p = _province(province_code)
    random_ = rng.random
    # Hospital births track urbanisation; the rest were born at a district centre, a commune health station,
    # or at home, in which case the certificate names only the commune.
    hospital_share = 0.25 + 0.55 * p.urban_share
    draw = random_()
    if draw < hospital_share:
        return p.hospitals[int(random_() * len(p.hospitals))]
    urban = random_() < p.urban_share
    if urban:
        district, units = p.urban[int(random_() * len(p.urban))]
    else:
        district, units, _ = p.rural[int(random_() * len(p.rural))]
    unit = units[int(random_() * len(units))]
    if draw < hospital_share + 0.12:
        return f"Trung tâm Y tế {district}, {p.running_label}"
    if draw < hospital_share + 0.32:
        return f"Trạm y tế {unit}, {district}, {p.running_label}"
    return f"{unit[0].upper()}{unit[1:]}, {district}, {p.running_label}"
