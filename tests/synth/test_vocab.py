"""Vocabulary of the synthetic population: sound tables, realistic shares, clean text, reproducible draws."""

from __future__ import annotations

import itertools
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from pipeline.normalize.provinces import PROVINCES, province_label
from pipeline.synth import vocab
from pipeline.synth.vocab import (
    EDE_CLANS,
    ETHNIC_HOME_PROVINCES,
    ETHNICITIES,
    FEMALE_ONLY_SURNAMES,
    GIARAI_CLANS,
    GIVEN_NAMES,
    NAME_ORDER_BREAKING,
    PROVINCE_WEIGHTS,
    SURNAMES,
    Weighted,
    make_address,
    make_place_of_birth,
    middle_names,
    minority_name,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
MINORITIES = [ethnicity for ethnicity in ETHNICITIES[0] if ethnicity != "Kinh"]
DECADES = range(1900, 2040, 10)


def _draw(rng: random.Random, table: Weighted, k: int) -> list[str]:
    return rng.choices(table[0], cum_weights=table[1], k=k)


def _weights(table: Weighted) -> dict[str, float]:
    """Per-value probabilities recovered from the cumulative weights."""
    values, cumulative = table
    bounds = itertools.pairwise((0.0, *cumulative))
    return {value: high - low for value, (low, high) in zip(values, bounds, strict=True)}


def _all_tables() -> list[tuple[str, Weighted]]:
    tables = [("SURNAMES", SURNAMES), ("ETHNICITIES", ETHNICITIES), ("PROVINCE_WEIGHTS", PROVINCE_WEIGHTS)]
    tables += [(f"GIVEN_NAMES[{sex}]", GIVEN_NAMES[sex]) for sex in ("M", "F")]
    tables += [(f"middle_names({sex}, {d})", middle_names(sex, d)) for sex in ("M", "F") for d in DECADES]
    return tables


def _assert_clean(strings: Iterable[str]) -> None:
    for text in strings:
        assert text, "empty string"
        assert unicodedata.is_normalized("NFC", text), f"not NFC: {text!r}"
        assert text == text.strip(), f"stray outer whitespace: {text!r}"
        assert "  " not in text, f"double space: {text!r}"
        assert not re.search(r"[\t\n\r\u00a0]", text), f"odd whitespace: {text!r}"
        assert " ," not in text and not text.endswith(","), f"stray comma: {text!r}"


# Old-style tone placement puts the mark on the last vowel of an open oa/oe/uy syllable (Hoà, Thuỷ, Khoẻ);
# this project writes Hòa, Thủy, Khỏe. "Quý" is not affected: there "qu" is the consonant.
_OLD_STYLE = re.compile(r"(?<![q])u[ỳýỷỹỵ]$|o[àáảãạèéẻẽẹ]$")


def _old_style_syllables(strings: Iterable[str]) -> list[str]:
    found = []
    for text in strings:
        if any(_OLD_STYLE.search(syllable) for syllable in re.split(r"[\s,/'-]+", text.lower())):
            found.append(text)
    return found


# -- weighted tables -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "table"), _all_tables(), ids=[name for name, _ in _all_tables()])
def test_weighted_tables_are_well_formed(name: str, table: Weighted) -> None:
    values, cumulative = table
    assert isinstance(values, tuple) and isinstance(cumulative, tuple), name
    assert len(values) == len(cumulative) > 0, name
    assert len(set(values)) == len(values), f"{name}: duplicate values"
    assert cumulative[0] > 0, name
    assert all(a < b for a, b in itertools.pairwise(cumulative)), f"{name}: not increasing"
    assert cumulative[-1] == pytest.approx(1.0), name
    _assert_clean(values)


def test_all_vocabulary_is_clean_nfc_text() -> None:
    strings: list[str] = [*EDE_CLANS, *GIARAI_CLANS, *FEMALE_ONLY_SURNAMES, *NAME_ORDER_BREAKING]
    strings += ETHNIC_HOME_PROVINCES
    for _, (values, _) in _all_tables():
        strings += values
    _assert_clean(strings)


def test_tone_placement_is_the_modern_one() -> None:
    rng = random.Random(3)
    strings = [value for _, (values, _) in _all_tables() for value in values]
    strings += [minority_name(e, s, rng)[0] for e in MINORITIES for s in ("M", "F") for _ in range(200)]
    strings += [make_address(rng, code) for code in PROVINCES for _ in range(50)]
    strings += [make_place_of_birth(rng, code) for code in PROVINCES for _ in range(50)]
    assert _old_style_syllables(strings) == []
    # ...and the check itself does catch old-style spellings.
    old = ["Nguyễn Thị Thuỷ", "Lê Hoà", "khoẻ", "Thuý"]
    assert _old_style_syllables(old) == old
    assert _old_style_syllables(["Trần Quý", "Hòa", "Thủy", "Khỏe"]) == []


# -- Kinh names ------------------------------------------------------------------------------------


def test_nguyen_share_is_realistic() -> None:
    draws = Counter(_draw(random.Random(20240601), SURNAMES, 100_000))
    assert 0.35 <= draws["Nguyễn"] / 100_000 <= 0.41
    assert draws["Trần"] > draws["Phạm"] > draws["Vũ"]
    assert len(SURNAMES[0]) >= 55


def test_female_only_surnames_are_listed_surnames() -> None:
    assert {"Tôn Nữ", "Công Tằng Tôn Nữ"} <= FEMALE_ONLY_SURNAMES <= set(SURNAMES[0])
    assert {"Tôn Thất", "Âu Dương", "Nguyễn Phúc"} <= set(SURNAMES[0])


def test_van_and_thi_decline_with_birth_year() -> None:
    rng = random.Random(7)

    def share(sex: str, year: int, plain: str) -> float:
        return _draw(rng, middle_names(sex, year), 20_000).count(plain) / 20_000

    assert share("M", 1940, "Văn") > 0.6
    assert share("M", 2010, "Văn") < 0.35
    assert share("F", 1945, "Thị") > 0.6
    assert share("F", 2012, "Thị") < 0.35
    for sex, plain in (("M", "Văn"), ("F", "Thị")):
        shares = [middle_names(sex, decade)[1][0] for decade in DECADES]  # plain middle is the first value
        assert middle_names(sex, 1950)[0][0] == plain
        assert all(a >= b for a, b in itertools.pairwise(shares)), shares
        assert 0.7 <= middle_names(sex, 1945)[1][0] <= 0.8
        assert 0.15 <= middle_names(sex, 2005)[1][0] <= 0.25


def test_two_syllable_middles_are_rarer_for_older_births() -> None:
    def double_share(sex: str, year: int) -> float:
        return sum(weight for value, weight in _weights(middle_names(sex, year)).items() if " " in value)

    for sex in ("M", "F"):
        assert double_share(sex, 1940) < double_share(sex, 2015) < 0.15
        assert double_share(sex, 1940) > 0


def test_middle_names_are_cached_per_decade() -> None:
    assert middle_names("M", 1941) is middle_names("M", 1949)
    assert middle_names("F", 1850) is middle_names("F", 1900)  # clamped, not an error
    assert middle_names("F", 2100) is middle_names("F", 2030)
    assert middle_names("M", 1985) is not middle_names("F", 1985)
    with pytest.raises(ValueError):
        middle_names("X", 1980)


def test_given_names_are_many_and_include_tone_sensitive_ones() -> None:
    for sex in ("M", "F"):
        assert len(GIVEN_NAMES[sex][0]) >= 80
    men, women = set(GIVEN_NAMES["M"][0]), set(GIVEN_NAMES["F"][0])
    assert {"An", "Minh", "Hùng", "Dũng", "Hòa", "Toàn", "Hoàng", "Hiếu", "Tuệ", "Thụy"} <= men
    assert {"Hòa", "Thủy", "Thúy", "Khuê", "Quế", "Huế", "Nguyệt", "Tuyết", "Diệp", "Kiều", "Linh"} <= women


# -- ethnicities and provinces ---------------------------------------------------------------------


def test_ethnic_shares_and_home_provinces() -> None:
    assert ETHNICITIES[0][0] == "Kinh"
    assert 0.83 <= ETHNICITIES[1][0] <= 0.87
    assert set(ETHNIC_HOME_PROVINCES) == set(MINORITIES)
    for ethnicity, codes in ETHNIC_HOME_PROVINCES.items():
        assert codes, ethnicity
        assert set(codes) <= set(PROVINCES), ethnicity
        assert len(set(codes)) == len(codes), ethnicity
    assert "094" in ETHNIC_HOME_PROVINCES["Khmer"] and "066" in ETHNIC_HOME_PROVINCES["Ê Đê"]
    assert "Ê Đê" in NAME_ORDER_BREAKING
    assert NAME_ORDER_BREAKING.issubset(ETHNICITIES[0])


def test_province_weights_cover_all_provinces() -> None:
    values = PROVINCE_WEIGHTS[0]
    assert sorted(values) == sorted(PROVINCES) and len(values) == 63
    weights = _weights(PROVINCE_WEIGHTS)
    ranked = sorted(weights, key=weights.__getitem__, reverse=True)
    assert ranked[:2] == ["079", "001"]
    assert ranked[-1] == "006"  # Bắc Kạn
    assert 0.08 <= weights["079"] <= 0.11


# -- minority names --------------------------------------------------------------------------------


@pytest.mark.parametrize("ethnicity", MINORITIES)
@pytest.mark.parametrize("sex", ["M", "F"])
def test_minority_names_are_clean_and_families_are_shared(ethnicity: str, sex: str) -> None:
    rng = random.Random(f"{ethnicity}-{sex}")
    for _ in range(300):
        father, family = minority_name(ethnicity, "M", rng)
        assert family in father or family == "", (father, family)
        child, child_family = minority_name(ethnicity, sex, rng, family)
        _assert_clean([father, child])
        assert len(child.split()) >= 2, child
        assert child_family == family
        if family:
            # An Giang Khmer families called Chau name their women Néang instead.
            assert family in child or (ethnicity == "Khmer" and child.startswith("Néang ")), (child, family)
        if ethnicity in NAME_ORDER_BREAKING or not family:
            continue
        assert child.startswith(family + " ") or (ethnicity == "Khmer" and child.startswith("Néang ")), child


def test_ede_names_put_the_clan_last() -> None:
    rng = random.Random(11)
    for _ in range(500):
        man, clan = minority_name("Ê Đê", "M", rng)
        woman, _ = minority_name("Ê Đê", "F", rng)
        assert man.startswith("Y ") and clan in EDE_CLANS and man.endswith(" " + clan)
        assert woman.startswith("H'") and woman[2].isupper()
        assert any(woman.endswith(" " + c) for c in EDE_CLANS)
        son, _ = minority_name("Ê Đê", "M", rng, "Niê Kdăm")
        assert son.startswith("Y ") and son.endswith(" Niê Kdăm")


def test_other_patterns() -> None:
    rng = random.Random(12)
    giarai = [minority_name("Gia Rai", sex, rng)[0] for sex in ("M", "F") for _ in range(300)]
    assert all(any(name.startswith(clan + " ") for clan in GIARAI_CLANS) for name in giarai)
    assert any("H'" in name for name in giarai)
    mong_men = [minority_name("Mông", "M", rng)[0].split() for _ in range(2000)]
    assert 0.3 < sum(parts[1] == "A" for parts in mong_men) / 2000 < 0.6
    mong_women = [minority_name("Mông", "F", rng)[0] for _ in range(500)]
    assert sum(" Thị " in name for name in mong_women) > 300
    bana = [minority_name("Ba Na", "M", rng, "")[0] for _ in range(50)]
    assert all(name.startswith("A ") for name in bana)
    assert all(minority_name("Ba Na", "F", rng, "")[0].startswith("Y ") for _ in range(50))
    khmer = [minority_name("Khmer", "F", rng)[0] for _ in range(500)]
    assert sum(" Thị " in name for name in khmer) > 250
    assert not any("Thị Thị" in name for name in khmer)


def test_minority_name_rejects_unknown_input() -> None:
    rng = random.Random(0)
    with pytest.raises(ValueError):
        minority_name("Kinh", "M", rng)
    with pytest.raises(ValueError):
        minority_name("Klingon", "M", rng)
    with pytest.raises(ValueError):
        minority_name("Tày", "X", rng)


# -- addresses and places of birth -----------------------------------------------------------------


def test_every_address_ends_with_its_province_label() -> None:
    rng = random.Random(99)
    for code in PROVINCES:
        label = province_label(code)
        assert label is not None
        addresses = [make_address(rng, code) for _ in range(1000)]
        _assert_clean(addresses)
        for address in addresses:
            assert address.endswith(", " + label), address
            assert address[0].isupper(), address
            assert address.count(",") >= 3, address


def _urban_share(code: str, n: int = 4000) -> float:
    rng = random.Random(code)
    return sum(bool(re.search(r"\b[Pp]hường\b", make_address(rng, code))) for _ in range(n)) / n


def test_urban_share_is_higher_in_the_big_cities() -> None:
    assert _urban_share("079") > 0.65
    assert _urban_share("048") > 0.65
    assert _urban_share("034") < 0.25  # Thái Bình
    weights = _weights(PROVINCE_WEIGHTS)
    overall = sum(weights[code] * vocab.URBAN_SHARE[code] for code in PROVINCES)
    assert 0.30 <= overall <= 0.42


def test_addresses_use_regional_words() -> None:
    rng = random.Random(5)

    def sample(code: str) -> str:
        return "\n".join(make_address(rng, code) for _ in range(3000))

    hanoi, saigon, danang = sample("001"), sample("079"), sample("048")
    assert "ngõ " in hanoi and "hẻm " not in hanoi and "kiệt " not in hanoi
    assert "hẻm " in saigon and "ngõ " not in saigon and "Ấp " in saigon and "Thôn " not in saigon
    assert "kiệt " in danang and "ngõ " not in danang
    assert "quận Hoàn Kiếm" in hanoi and "Quận 1," in saigon and "thành phố Thủ Đức" in saigon
    assert "Bản " in sample("014")  # Sơn La
    assert "Buôn " in sample("066")  # Đắk Lắk
    assert "Ấp " in sample("094") and "Thôn " not in sample("094")  # Sóc Trăng


def test_places_of_birth() -> None:
    rng = random.Random(8)
    for code in PROVINCES:
        name, kind = PROVINCES[code]
        running = f"{kind} {name}"
        places = [make_place_of_birth(rng, code) for _ in range(300)]
        _assert_clean(places)
        hospitals = [place for place in places if place.startswith("Bệnh viện")]
        others = [place for place in places if not place.startswith("Bệnh viện")]
        assert hospitals and others, code
        for place in others:
            assert place.endswith(", " + running), place
            assert place.split()[0] in {"Trạm", "Trung", "Xã", "Phường"}, place
    hanoi = [make_place_of_birth(rng, "001") for _ in range(2000)]
    assert "Bệnh viện Phụ sản Hà Nội" in hanoi
    rural = [make_place_of_birth(rng, "012") for _ in range(2000)]  # Lai Châu: few hospital births
    assert sum(p.startswith("Bệnh viện") for p in rural) < sum(p.startswith("Bệnh viện") for p in hanoi)


def test_unknown_province_code_is_an_error() -> None:
    with pytest.raises(ValueError):
        make_address(random.Random(0), "999")
    with pytest.raises(ValueError):
        make_place_of_birth(random.Random(0), "003")


# -- determinism -----------------------------------------------------------------------------------


def _sample_everything(seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    for code in ("001", "079", "040", "066", "094", "014"):
        out += [make_address(rng, code) for _ in range(20)]
        out += [make_place_of_birth(rng, code) for _ in range(20)]
    for ethnicity in MINORITIES:
        out += [minority_name(ethnicity, sex, rng)[0] for sex in ("M", "F") for _ in range(5)]
    for table in (SURNAMES, middle_names("F", 1990), GIVEN_NAMES["M"], ETHNICITIES, PROVINCE_WEIGHTS):
        out += _draw(rng, table, 20)
    return out


def test_same_seed_same_output() -> None:
    assert _sample_everything(42) == _sample_everything(42)
    assert _sample_everything(42) != _sample_everything(43)


def test_output_does_not_depend_on_string_hashing() -> None:
    # Set iteration order changes with PYTHONHASHSEED; the synthetic place names must not depend on it.
    script = (
        "from tests.synth.test_vocab import _sample_everything\n"
        "import sys\n"
        "sys.stdout.buffer.write('\\n'.join(_sample_everything(42)).encode('utf-8'))\n"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        command = [sys.executable, "-c", script]
        result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, check=True)
        outputs.append(result.stdout.decode("utf-8"))
    assert outputs[0] == outputs[1]
    assert outputs[0].split("\n") == _sample_everything(42)
