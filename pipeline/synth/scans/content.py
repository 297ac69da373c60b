"""What each generated document says: its people from the database, invented details, discrepancies and truth.

`DocumentFactory.build` turns a document type and a list of discrepancy codes into a `BuiltDocument`: the page's
blocks (labels with printed values), the ground-truth `fields` in the extractor's export form, the `printed` texts,
the `persons` it is about and the `injected` discrepancies. The ground truth always describes the page: a changed
value is in `fields` as printed, and `injected` says what the database holds instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from pipeline.normalize import PROVINCES, PartialDate, date_to_words, display_name, make_personal_id, province_label
from pipeline.synth import vocab

from . import discrepancies as d
from . import labels as L
from .blocks import Block, Columns, Field, Header, Heading, PageSpec, PartySignatures, Row, Signature, Text, Title
from .people import Person, Population

DOC_TYPES = ("birth", "death", "marriage", "land")

# The truth fields of each document type, in the extractor's export order.
TRUTH_FIELDS: dict[str, tuple[str, ...]] = {
    "birth": (
        "full_name",
        "sex",
        "date_of_birth",
        "place_of_birth",
        "personal_id",
        "mother_name",
        "father_name",
        "registration_date",
        "register_number",
    ),
    "death": (
        "full_name",
        "sex",
        "date_of_birth",
        "personal_id",
        "date_of_death",
        "place_of_death",
        "registration_date",
    ),
    "marriage": (
        "husband_name",
        "husband_date_of_birth",
        "husband_personal_id",
        "wife_name",
        "wife_date_of_birth",
        "wife_personal_id",
        "registration_date",
    ),
    "land": (
        "owner_name",
        "owner_birth_year",
        "owner_personal_id",
        "parcel_number",
        "map_sheet_number",
        "area_m2",
        "land_use_purpose",
        "certificate_serial",
        "issue_date",
    ),
}

# Which truth field a person's name / ID / date of birth / sex is printed in, per document type and role.
_FIELD_OF: dict[tuple[str, str], dict[str, str]] = {
    ("birth", "subject"): {"name": "full_name", "pid": "personal_id", "dob": "date_of_birth", "sex": "sex"},
    ("birth", "mother"): {"name": "mother_name"},
    ("birth", "father"): {"name": "father_name"},
    ("death", "subject"): {
        "name": "full_name",
        "pid": "personal_id",
        "dob": "date_of_birth",
        "sex": "sex",
        "dod": "date_of_death",
    },
    ("marriage", "husband"): {"name": "husband_name", "pid": "husband_personal_id", "dob": "husband_date_of_birth"},
    ("marriage", "wife"): {"name": "wife_name", "pid": "wife_personal_id", "dob": "wife_date_of_birth"},
    ("land", "owner"): {"name": "owner_name", "pid": "owner_personal_id", "dob": "owner_birth_year"},
}

_PROVINCE_BY_LABEL = {province_label(code): code for code in PROVINCES}
_CAUSES_OF_DEATH = (
    "Bệnh già",
    "Bệnh tim",
    "Đột quỵ",
    "Ung thư",
    "Tai nạn giao thông",
    "Bệnh phổi",
    "Suy đa tạng",
    "Bệnh hiểm nghèo",
)
_SERIAL_LETTERS = "ABCDEGHKLMNPQRSTUVXY"
# Officials who sign: invented names, never citizens of the population.
_OFFICIAL_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý")
_OFFICIAL_MIDDLES = ("Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Ngọc", "Hữu", "Xuân")
_OFFICIAL_GIVENS = ("Hùng", "Lan", "Tuấn", "Hà", "Dũng", "Hoa", "Sơn", "Mai", "Bình", "Thắng", "Yến", "Phúc")


@dataclass
class BuiltDocument:
    """One document's content and ground truth, before it is drawn."""

    doc_type: str
    spec: PageSpec
    fields: dict[str, Any]
    printed: dict[str, str]
    persons: list[dict[str, Any]]
    injected: list[dict[str, Any]]
    text_style: dict[str, Any]
    subject_id: str | None = None  # the personal ID the document is about (for duplicate tracking)
    duplicate_of: BuiltDocument | None = None
    # Filled in when the document is assigned to a file.
    index: int = 0
    file: str = ""
    page: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def truth(self) -> dict[str, Any]:
        return {
            "doc_type": self.doc_type,
            "fields": {name: self.fields.get(name) for name in TRUTH_FIELDS[self.doc_type]},
            "printed": self.printed,
            "persons": self.persons,
            "injected": self.injected,
            **self.extra,
        }


# --- small helpers -------------------------------------------------------------------------------------------------


def _random_day(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _partial(iso: str) -> PartialDate:
    return PartialDate.from_iso(iso)


def format_date(iso: str, style: str) -> str:
    """A date as printed in a value: "15/03/1990" ("slash") or "ngày 15 tháng 03 năm 1990" ("words").

    Partial dates print only what is known: "03/1990" or "1990" ("tháng 03 năm 1990", "năm 1990").
    """
    p = _partial(iso)
    if style == "words":
        if p.day is not None:
            return f"ngày {p.day:02d} tháng {p.month:02d} năm {p.year}"
        if p.month is not None:
            return f"tháng {p.month:02d} năm {p.year}"
        return f"năm {p.year}"
    if p.day is not None:
        return f"{p.day:02d}/{p.month:02d}/{p.year}"
    if p.month is not None:
        return f"{p.month:02d}/{p.year}"
    return f"{p.year}"


def place_date_line(place: str, d: date, padded: bool) -> str:
    """ "An Bình, ngày 12 tháng 5 năm 2015" (or "ngày 05 tháng 05 ..." when `padded`)."""
    if padded:
        return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    return f"{place}, ngày {d.day} tháng {d.month} năm {d.year}"


@dataclass(frozen=True, slots=True)
class Locality:
    """Where an office sits, read from an address: "xã An Bình", "huyện Phú Lộc", "Tỉnh Thừa Thiên Huế"."""

    unit: str
    district: str
    province: str

    @property
    def province_code(self) -> str | None:
        return _PROVINCE_BY_LABEL.get(self.province)

    @property
    def office(self) -> str:
        return f"{L.COMMITTEE_OF} {self.unit}, {self.district}, {self.province}"

    @property
    def place(self) -> str:
        """The short place name of a date line: the commune or ward's name, else the district's."""
        for word in ("xã ", "phường ", "thị trấn "):
            if self.unit.startswith(word) and not self.unit[len(word) :].isdigit():
                return self.unit[len(word) :]
        return _strip_unit_word(self.district)

    @property
    def province_name(self) -> str:
        code = self.province_code
        return PROVINCES[code][0] if code else self.province

    def authority(self, rng: random.Random) -> tuple[str, ...]:
        lines = (L.PEOPLES_COMMITTEE, self.unit.upper())
        return (*lines, self.district.upper()) if rng.random() < 0.3 else lines

    def stamp_text(self) -> str:
        return f"{L.PEOPLES_COMMITTEE} {self.unit.upper()} * {self.district.upper()} *"


def _strip_unit_word(name: str) -> str:
    for word in ("huyện ", "quận ", "thị xã ", "thành phố ", "Thành phố ", "Tỉnh "):
        if name.startswith(word):
            return name[len(word) :]
    return name


def locality_of(address: str, rng: random.Random, fallback_province: str | None = None) -> Locality:
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if len(parts) >= 3 and parts[-1] in _PROVINCE_BY_LABEL:
        return Locality(parts[-3], parts[-2], parts[-1])
    code = fallback_province if fallback_province in PROVINCES else rng.choice(sorted(PROVINCES))
    parts = [p.strip() for p in vocab.make_address(rng, code).split(",")]
    return Locality(parts[-3], parts[-2], parts[-1])


def _official(rng: random.Random) -> str:
    return f"{rng.choice(_OFFICIAL_SURNAMES)} {rng.choice(_OFFICIAL_MIDDLES)} {rng.choice(_OFFICIAL_GIVENS)}"


# --- the factory ---------------------------------------------------------------------------------------------------


class _Doc:
    """Mutable values of the people on one document, with the discrepancies applied to them."""

    def __init__(self, doc_type: str, people: dict[str, Person | None]) -> None:
        self.doc_type = doc_type
        self.people = people
        self.values: dict[str, dict[str, Any]] = {}
        for role, person in people.items():
            if person is not None:
                self.values[role] = {
                    "name": person.full_name,
                    "pid": person.personal_id,
                    "dob": person.date_of_birth,
                    "sex": person.sex,
                    "dod": person.date_of_death,
                }
        self.injected: list[dict[str, Any]] = []

    def change(self, code: str, role: str, key: str, new: Any, detail: str | None = None, **more: Any) -> None:
        old = self.values[role][key]
        self.values[role][key] = new
        entry = {
            "code": code,
            "role": role,
            "field": _FIELD_OF.get((self.doc_type, role), {}).get(key),
            "document_value": new,
            "database_value": old,
        }
        if detail:
            entry["detail"] = detail
        entry.update(more)
        self.injected.append(entry)


class DocumentFactory:
    """Builds documents about the people of one population database."""

    def __init__(self, population: Population) -> None:
        self.pop = population
        self.today = population.today
        self.used: dict[str, set[str]] = {t: set() for t in DOC_TYPES}
        self.originals: list[BuiltDocument] = []  # birth certificates a duplicate can copy

    # -- choosing discrepancies ---------------------------------------------------------------------------------

    def choose_codes(self, doc_type: str, rng: random.Random, rate: float = 0.3) -> list[str]:
        """No code for about 70% of documents; one (or, now and then, two compatible ones) for the rest."""
        if rng.random() >= rate:
            return []
        weights = dict(d.CODE_WEIGHTS[doc_type])
        if not self.originals:
            weights.pop(d.DUPLICATE_RECORD, None)
        codes: list[str] = []
        for _ in range(2 if rng.random() < 0.2 else 1):
            options = [c for c in weights if d.compatible(codes, c)]
            if not options:
                break
            codes.append(rng.choices(options, weights=[weights[c] for c in options])[0])
        return codes

    # -- people -------------------------------------------------------------------------------------------------

    def _fresh_id(self, rng: random.Random, sex: str, year: int) -> tuple[str, str]:
        while True:
            province = rng.choice(sorted(PROVINCES))
            candidate = make_personal_id(province, sex, year, rng.randrange(1_000_000))
            if not self.pop.exists(candidate):
                return candidate, province

    def invent_person(self, rng: random.Random, sex: str, years: tuple[int, int], surname: str | None = None) -> Person:
        """Someone who is not in the database: a name made of real name parts, a valid ID no citizen holds."""
        donor = self.pop.sample("kinh_m" if sex == "M" else "kinh_f", rng) or self.pop.sample("adult", rng)
        family = self.pop.sample("kinh_m", rng) or donor
        assert donor is not None and family is not None
        given, middle = donor.given_name, donor.middle_name
        if sex == "F" and middle == "Văn":
            middle = "Thị"
        name = display_name(" ".join(p for p in (surname or family.surname, middle, given) if p))
        year = rng.randint(*years)
        born = _random_day(rng, date(year, 1, 1), min(date(year, 12, 31), self.today))
        pid, province = self._fresh_id(rng, sex, year)
        return Person(
            row_id=-1,
            personal_id=pid,
            full_name=name,
            surname=surname or family.surname,
            middle_name=middle,
            given_name=given,
            sex=sex,
            date_of_birth=born.isoformat(),
            birth_year=year,
            place_of_birth=vocab.make_place_of_birth(rng, province),
            address=vocab.make_address(rng, province),
            father_name="",
            mother_name="",
            father_id=None,
            mother_id=None,
            spouse_id=None,
            ethnicity="Kinh",
            is_deceased=False,
            date_of_death=None,
        )

    # -- shared pieces ------------------------------------------------------------------------------------------

    def _text_style(self, rng: random.Random) -> dict[str, Any]:
        return {
            "names_upper": rng.random() < 0.45,
            "date_style": "words" if rng.random() < 0.2 else "slash",
            "padded_date_line": rng.random() < 0.5,
        }

    @staticmethod
    def _print_name(name: str, style: dict[str, Any]) -> str:
        return name.upper() if style["names_upper"] else name

    def _apply_person_codes(self, doc: _Doc, codes: list[str], role: str, rng: random.Random) -> None:
        """The discrepancies that change one person's printed name, ID, date of birth or sex."""
        values = doc.values[role]
        for code in codes:
            if code == d.NAME_DIACRITICS:
                changed = d.diacritic_variant(values["name"], rng)
                if changed:
                    doc.change(code, role, "name", changed[0], changed[1])
            elif code == d.NAME_MISMATCH:
                changed = d.misspelled_name(values["name"], values["sex"], rng)
                if changed:
                    doc.change(code, role, "name", changed[0], changed[1])
            elif code == d.ID_MISMATCH:
                new, detail = d.mismatched_id(values["pid"], rng)
                doc.change(code, role, "pid", new, detail)
            elif code == d.ID_INVALID:
                new, detail = d.invalid_id(values["pid"], values["sex"], _partial(values["dob"]).year, rng)
                doc.change(code, role, "pid", new, detail)
            elif code == d.DOB_MISMATCH:
                changed = d.shifted_date(values["dob"], rng)
                if changed:
                    doc.change(code, role, "dob", changed[0], changed[1])
            elif code == d.SEX_MISMATCH:
                doc.change(code, role, "sex", "F" if values["sex"] == "M" else "M")

    def _signature(
        self, rng: random.Random, locality: Locality, when: date, style: dict[str, Any], signer_title: str
    ) -> Signature:
        titles: tuple[str, ...] = (signer_title,) if rng.random() < 0.5 else rng.choice(L.OFFICIAL_TITLES)
        return Signature(
            titles=titles,
            signer=_official(rng),
            stamp_text=locality.stamp_text(),
            place_date=place_date_line(locality.place, when, style["padded_date_line"]),
            note=L.SIGN_NOTE if rng.random() < 0.5 else None,
        )

    def _header(
        self, rng: random.Random, locality: Locality, number: str, book: str, number_key: str | None = None
    ) -> Header:
        return Header(
            authority=locality.authority(rng),
            numbers=(Field(L.NUMBER, number, number_key), Field(L.BOOK, book, None)),
        )

    @staticmethod
    def _book(rng: random.Random, year: int) -> str:
        return f"{rng.randint(1, 5):02d}/{year}" if rng.random() < 0.6 else f"{rng.randint(1, 12):02d}"

    # -- the four document types --------------------------------------------------------------------------------

    def build(self, doc_type: str, rng: random.Random, codes: list[str]) -> BuiltDocument | None:
        """The document, or None when the database has nobody fitting (the caller draws again)."""
        builder = {"birth": self._birth, "death": self._death, "marriage": self._marriage, "land": self._land}
        built = builder[doc_type](rng, list(codes))
        if built is not None and built.subject_id and built.duplicate_of is None:
            self.used[doc_type].add(built.subject_id)
            if doc_type == "birth" and not built.injected:  # a faithful certificate that can be duplicated
                self.originals.append(built)
        return built

    def _birth(self, rng: random.Random, codes: list[str]) -> BuiltDocument | None:
        original: BuiltDocument | None = None
        if d.DUPLICATE_RECORD in codes and self.originals:
            original = self.originals.pop(rng.randrange(len(self.originals)))  # one duplicate per original
            subject = self.pop.get(original.subject_id)
            codes = []
        elif d.NOT_FOUND in codes:
            subject = None
            codes = []
        else:
            codes = [c for c in codes if c != d.DUPLICATE_RECORD]
            subject = self.pop.sample("child", rng, self.used["birth"])
            if subject is None:
                return None
        if subject is not None:
            mother, father = self.pop.get(subject.mother_id), self.pop.get(subject.father_id)
            if mother is None or father is None:
                return None
        else:
            year = rng.randint(1960, self.today.year - 1)
            father = self.invent_person(rng, "M", (year - 35, year - 22))
            mother = self.invent_person(rng, "F", (year - 32, year - 19))
            subject = self.invent_person(rng, rng.choice("MF"), (year, year), surname=father.surname)
            subject = _with_parents(subject, father, mother)
        not_found = subject.row_id < 0

        doc = _Doc("birth", {"subject": subject, "mother": mother, "father": father})
        persons = [
            {"role": "subject", "citizen_id": None if not_found else subject.personal_id},
            {"role": "mother", "citizen_id": None if mother.row_id < 0 else mother.personal_id},
            {"role": "father", "citizen_id": None if father.row_id < 0 else father.personal_id},
        ]
        if not_found:
            doc.injected.append(_not_found("subject", "full_name", subject.full_name))
        for code in codes:
            if code == d.PARENT_MISMATCH:
                role = rng.choice(("mother", "father"))
                values = doc.values[role]
                if rng.random() < 0.5:
                    changed = d.misspelled_name(values["name"], values["sex"], rng)
                else:
                    changed = d.diacritic_variant(values["name"], rng)
                if changed:
                    doc.change(code, role, "name", changed[0], changed[1])
        self._apply_person_codes(doc, [c for c in codes if c != d.PARENT_MISMATCH], "subject", rng)
        values = doc.values["subject"]

        # Registered within two months of the birth, or in the next year for a birth known only by year or month.
        printed_dob = _partial(values["dob"])
        latest_dob = max(_partial(subject.date_of_birth).iso(), printed_dob.iso())
        first = _partial(latest_dob)
        if first.day is not None:
            start = first.to_date() or self.today
            registered = _random_day(rng, start + timedelta(days=1), start + timedelta(days=60))
        elif first.month is not None:
            start = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            registered = _random_day(rng, start, start + timedelta(days=27))
        else:
            registered = _random_day(rng, date(first.year + 1, 1, 1), date(first.year + 1, 12, 31))
        if original is not None:  # a second registration, years later
            registered = _random_day(rng, registered + timedelta(days=365), registered + timedelta(days=365 * 12))
        registered = min(registered, self.today)

        style = self._text_style(rng)
        number = str(rng.randint(1, 999))
        locality = locality_of(vocab.make_address(rng, subject.personal_id[:3]), rng)
        home = locality_of(father.address, rng, father.personal_id[:3])
        printed = {
            "full_name": self._print_name(values["name"], style),
            "sex": L.SEX_WORDS[values["sex"]],
            "date_of_birth": format_date(values["dob"], style["date_style"]),
            "place_of_birth": subject.place_of_birth,
            "personal_id": values["pid"],
            "mother_name": self._print_name(doc.values["mother"]["name"], style),
            "father_name": self._print_name(doc.values["father"]["name"], style),
            "registration_date": format_date(registered.isoformat(), style["date_style"]),
            "register_number": number,
        }
        fields = {
            "full_name": display_name(printed["full_name"]),
            "sex": values["sex"],
            "date_of_birth": values["dob"],
            "place_of_birth": subject.place_of_birth,
            "personal_id": values["pid"],
            "mother_name": display_name(printed["mother_name"]),
            "father_name": display_name(printed["father_name"]),
            "registration_date": registered.isoformat(),
            "register_number": number,
        }

        def parent_blocks(label: str, key: str, parent: Person) -> list[Block]:
            return [
                Field(label, printed[key], key, name=True),
                Row(
                    (
                        Field(L.YEAR_OF_BIRTH, str(parent.birth_year)),
                        Field(L.ETHNICITY, parent.ethnicity),
                        Field(L.NATIONALITY, L.NATIONALITY_VN),
                    )
                ),
                Field(L.RESIDENCE, parent.address),
            ]

        blocks: list[Block] = [
            self._header(rng, locality, number, self._book(rng, registered.year), "register_number"),
            Title(L.BIRTH_TITLE),
            Field(L.FULL_NAME, printed["full_name"], "full_name", name=True),
            Row(
                (
                    Field(L.DATE_OF_BIRTH, printed["date_of_birth"], "date_of_birth"),
                    Field(L.IN_WORDS, date_to_words(printed_dob)),
                )
            ),
            Row(
                (
                    Field(L.SEX, printed["sex"], "sex"),
                    Field(L.ETHNICITY, subject.ethnicity),
                    Field(L.NATIONALITY, L.NATIONALITY_VN),
                )
            ),
            Field(L.PLACE_OF_BIRTH, printed["place_of_birth"], "place_of_birth"),
            Field(L.HOME_TOWN, f"{home.unit}, {home.district}, {home.province}"),
            Field(L.PERSONAL_ID, printed["personal_id"], "personal_id"),
            *parent_blocks(L.MOTHER_NAME, "mother_name", mother),
            *parent_blocks(L.FATHER_NAME, "father_name", father),
            Field(L.BIRTH_OFFICE, locality.office),
            Field(L.REGISTRATION_DATE, printed["registration_date"], "registration_date"),
            self._signature(rng, locality, registered, style, L.BIRTH_SIGNER),
        ]
        if original is not None:
            doc.injected.append(
                {
                    "code": d.DUPLICATE_RECORD,
                    "role": "subject",
                    "field": None,
                    "document_value": number,
                    "database_value": None,
                    "detail": "second_birth_certificate",
                }
            )
        built = BuiltDocument(
            doc_type="birth",
            spec=PageSpec("birth", blocks),
            fields=fields,
            printed=printed,
            persons=persons,
            injected=doc.injected,
            text_style=style,
            subject_id=None if not_found else subject.personal_id,
            duplicate_of=original,
        )
        return built

    def _death(self, rng: random.Random, codes: list[str]) -> BuiltDocument | None:
        not_recorded = d.DEATH_NOT_RECORDED in codes
        if d.NOT_FOUND in codes:
            subject = self.invent_person(rng, rng.choice("MF"), (1925, 1975))
            codes = []
        elif not_recorded:
            subject = self.pop.sample("alive", rng, self.used["death"])
        else:
            subject = self.pop.sample("deceased", rng, self.used["death"])
        if subject is None:
            return None
        not_found = subject.row_id < 0
        doc = _Doc("death", {"subject": subject})
        if not_found:
            doc.injected.append(_not_found("subject", "full_name", subject.full_name))
        self._apply_person_codes(doc, [c for c in codes if c != d.DEATH_NOT_RECORDED], "subject", rng)
        values = doc.values["subject"]

        if subject.date_of_death and not not_recorded:
            died = _partial(subject.date_of_death)
        else:  # invented: late in the span between the birth and today
            born = subject.earliest_birth()
            span = (self.today - born).days
            day = born + timedelta(days=max(1, int(span * rng.uniform(0.45, 0.98))))
            died = PartialDate.from_date(min(day, self.today - timedelta(days=1)))
            if not_recorded:
                doc.change(d.DEATH_NOT_RECORDED, "subject", "dod", died.iso(), "alive_in_database")
        death_day = died.to_date() or date(died.year, died.month or 12, 28 if died.month else 31)
        registered = min(_random_day(rng, death_day + timedelta(days=1), death_day + timedelta(days=20)), self.today)
        registered = max(registered, death_day)

        style = self._text_style(rng)
        locality = locality_of(subject.address, rng, subject.personal_id[:3])
        if rng.random() < 0.4 and locality.province_code:
            place = vocab.make_place_of_birth(rng, locality.province_code)
            if not place.startswith(("Bệnh viện", "Trung tâm Y tế")):
                place = subject.address
        else:
            place = subject.address
        if died.day is not None:
            died_text = f"{rng.randint(0, 23):02d} giờ {rng.randrange(0, 60, 5):02d} phút, ngày " + format_date(
                died.iso(), "slash"
            )
        else:
            died_text = format_date(died.iso(), "words")
        printed = {
            "full_name": self._print_name(values["name"], style),
            "sex": L.SEX_WORDS[values["sex"]],
            "date_of_birth": format_date(values["dob"], style["date_style"]),
            "personal_id": values["pid"],
            "date_of_death": died_text,
            "place_of_death": place,
            "registration_date": format_date(registered.isoformat(), style["date_style"]),
        }
        fields = {
            "full_name": display_name(printed["full_name"]),
            "sex": values["sex"],
            "date_of_birth": values["dob"],
            "personal_id": values["pid"],
            "date_of_death": died.iso(),
            "place_of_death": place,
            "registration_date": registered.isoformat(),
        }
        note = rng.choice(L.DEATH_COPY_NOTES) if rng.random() < 0.4 else None
        blocks: list[Block] = [
            self._header(rng, locality, str(rng.randint(1, 400)), self._book(rng, registered.year)),
            Title(L.DEATH_TITLE, note=note),
            Field(L.FULL_NAME, printed["full_name"], "full_name", name=True),
            Field(L.DATE_OF_BIRTH, printed["date_of_birth"], "date_of_birth"),
            Row(
                (
                    Field(L.SEX, printed["sex"], "sex"),
                    Field(L.ETHNICITY, subject.ethnicity),
                    Field(L.NATIONALITY, L.NATIONALITY_VN),
                )
            ),
            Field(L.PERSONAL_ID, printed["personal_id"], "personal_id"),
            Field(L.DIED_AT, died_text, "date_of_death"),
            Field(L.PLACE_OF_DEATH, place, "place_of_death"),
            Field(L.CAUSE_OF_DEATH, rng.choice(_CAUSES_OF_DEATH)),
            Field(L.DEATH_OFFICE, locality.office),
            Field(L.REGISTRATION_DATE, printed["registration_date"], "registration_date"),
            self._signature(rng, locality, registered, style, L.DEATH_SIGNER),
        ]
        return BuiltDocument(
            doc_type="death",
            spec=PageSpec("death", blocks),
            fields=fields,
            printed=printed,
            persons=[{"role": "subject", "citizen_id": None if not_found else subject.personal_id}],
            injected=doc.injected,
            text_style=style,
            subject_id=None if not_found else subject.personal_id,
        )

    def _marriage(self, rng: random.Random, codes: list[str]) -> BuiltDocument | None:
        if d.NOT_FOUND in codes:
            year = rng.randint(1955, self.today.year - 22)
            husband = self.invent_person(rng, "M", (year, year))
            wife = self.invent_person(rng, "F", (year, min(year + 6, self.today.year - 20)))
            codes = []
        else:
            husband = self.pop.sample("husband", rng, self.used["marriage"])
            if husband is None:
                return None
            wife = self.pop.get(husband.spouse_id)
            if wife is None or wife.sex != "F" or wife.spouse_id != husband.personal_id:
                self.used["marriage"].add(husband.personal_id)
                return None
        earliest = max(_add_years(husband.earliest_birth(), 20), _add_years(wife.earliest_birth(), 18))
        latest = min(
            _add_years(earliest, 12), self.today, husband.latest_alive(self.today), wife.latest_alive(self.today)
        )
        if earliest > latest:
            self.used["marriage"].add(husband.personal_id)
            return None
        registered = _random_day(rng, earliest, latest)
        not_found = husband.row_id < 0
        doc = _Doc("marriage", {"husband": husband, "wife": wife})
        if not_found:
            doc.injected.append(_not_found("husband", "husband_name", husband.full_name))
            doc.injected.append(_not_found("wife", "wife_name", wife.full_name))
        for code in codes:
            self._apply_person_codes(doc, [code], rng.choice(("husband", "wife")), rng)

        style = self._text_style(rng)
        locality = locality_of((wife if rng.random() < 0.5 else husband).address, rng, wife.personal_id[:3])
        h, w = doc.values["husband"], doc.values["wife"]
        printed = {
            "husband_name": self._print_name(h["name"], style),
            "husband_date_of_birth": format_date(h["dob"], style["date_style"]),
            "husband_personal_id": h["pid"],
            "wife_name": self._print_name(w["name"], style),
            "wife_date_of_birth": format_date(w["dob"], style["date_style"]),
            "wife_personal_id": w["pid"],
            "registration_date": format_date(registered.isoformat(), style["date_style"]),
        }
        fields = {
            "husband_name": display_name(printed["husband_name"]),
            "husband_date_of_birth": h["dob"],
            "husband_personal_id": h["pid"],
            "wife_name": display_name(printed["wife_name"]),
            "wife_date_of_birth": w["dob"],
            "wife_personal_id": w["pid"],
            "registration_date": registered.isoformat(),
        }
        headed = rng.random() < 0.5
        style["columns"] = "headed" if headed else "labelled"

        def column(role: str, person: Person, name_label: str, heading: str) -> tuple[Block, ...]:
            prefix = f"{role}_"
            head: list[Block] = [Heading(heading, align="center")] if headed else []
            return (
                *head,
                Field(L.FULL_NAME if headed else name_label, printed[prefix + "name"], prefix + "name", name=True),
                Field(L.DATE_OF_BIRTH, printed[prefix + "date_of_birth"], prefix + "date_of_birth"),
                Row((Field(L.ETHNICITY, person.ethnicity), Field(L.NATIONALITY, L.NATIONALITY_VN))),
                Field(L.RESIDENCE, person.address),
                Field(L.PERSONAL_ID, printed[prefix + "personal_id"], prefix + "personal_id"),
            )

        blocks: list[Block] = [
            self._header(rng, locality, str(rng.randint(1, 300)), self._book(rng, registered.year)),
            Title(L.MARRIAGE_TITLE),
            Columns(
                column("husband", husband, L.HUSBAND_NAME, L.HUSBAND_HEADING),
                column("wife", wife, L.WIFE_NAME, L.WIFE_HEADING),
            ),
            Field(L.MARRIAGE_OFFICE, locality.office),
            Field(L.REGISTRATION_DATE, printed["registration_date"], "registration_date"),
            PartySignatures(
                ((L.HUSBAND_SIGNS, printed["husband_name"]), (L.WIFE_SIGNS, printed["wife_name"])),
                note=L.PARTY_SIGN_NOTE,
            ),
            self._signature(rng, locality, registered, style, L.MARRIAGE_SIGNER),
        ]
        return BuiltDocument(
            doc_type="marriage",
            spec=PageSpec("marriage", blocks),
            fields=fields,
            printed=printed,
            persons=[
                {"role": "husband", "citizen_id": None if not_found else husband.personal_id},
                {"role": "wife", "citizen_id": None if not_found else wife.personal_id},
            ],
            injected=doc.injected,
            text_style=style,
            subject_id=None if not_found else husband.personal_id,
        )

    def _land(self, rng: random.Random, codes: list[str]) -> BuiltDocument | None:
        if d.NOT_FOUND in codes:
            owner = self.invent_person(rng, rng.choice("MF"), (1940, self.today.year - 25))
            codes = []
        else:
            owner = self.pop.sample("adult", rng, self.used["land"])
            if owner is None:
                return None
        start = max(date(1994, 1, 1), _add_years(owner.earliest_birth(), 20))
        end = min(self.today, owner.latest_alive(self.today))
        if start > end:
            self.used["land"].add(owner.personal_id)
            return None
        issued = _random_day(rng, start, end)
        not_found = owner.row_id < 0
        # Certificates from before the 12-digit ID name the old 9-digit identity card.
        old_card = issued < date(2016, 1, 1) and rng.random() < 0.35 and not {d.ID_MISMATCH, d.ID_INVALID} & set(codes)
        doc = _Doc("land", {"owner": owner})
        if not_found:
            doc.injected.append(_not_found("owner", "owner_name", owner.full_name))
        self._apply_person_codes(doc, codes, "owner", rng)
        values = doc.values["owner"]
        style = self._text_style(rng)

        parcel_address = owner.address if rng.random() < 0.6 else None
        if parcel_address is None:
            code = locality_of(owner.address, rng, owner.personal_id[:3]).province_code or owner.personal_id[:3]
            parcel_address = vocab.make_address(rng, code)
        locality = locality_of(parcel_address, rng, owner.personal_id[:3])
        urban = locality.unit.lower().startswith(("phường", "thị trấn"))
        if rng.random() < 0.65:
            purpose = L.RESIDENTIAL_PURPOSES[1] if urban else L.RESIDENTIAL_PURPOSES[0]
            area = round(rng.uniform(35, 450), 1) if rng.random() < 0.6 else float(rng.randint(40, 500))
            term = L.TERM_FOREVER
        else:
            purpose = rng.choice(L.FARM_PURPOSES)
            area = round(rng.uniform(200, 6000), 1) if rng.random() < 0.4 else float(rng.randint(200, 6000))
            term = f"{L.TERM_UNTIL} {format_date(_add_years(issued, 50).isoformat(), 'slash')}"
        serial = f"{rng.choice(_SERIAL_LETTERS)}{rng.choice(_SERIAL_LETTERS)} {rng.randrange(1_000_000):06d}"
        parcel, sheet = rng.randint(1, 999), rng.randint(1, 99)
        id_value = f"{rng.randint(0, 3)}{rng.randrange(10**8):08d}" if old_card else values["pid"]
        owner_label = L.OWNER_MALE if values["sex"] == "M" else L.OWNER_FEMALE
        land_office = rng.random() < 0.5
        if land_office:
            authority_stamp = f"{L.LAND_DEPARTMENT} * {locality.province.upper()} *"
            titles = rng.choice(L.LAND_SIGNER_TITLES[1:])
            if titles[0].startswith("KT."):
                titles = (L.LAND_DEPARTMENT, *titles)
        else:
            authority_stamp = f"{L.PEOPLES_COMMITTEE} {locality.district.upper()} * {locality.province.upper()} *"
            titles = L.LAND_SIGNER_TITLES[0]
        place_line = place_date_line(
            locality.province_name if land_office else _strip_unit_word(locality.district),
            issued,
            style["padded_date_line"],
        )
        printed = {
            "owner_name": self._print_name(values["name"], style),
            "owner_birth_year": str(_partial(values["dob"]).year),
            "owner_personal_id": id_value,
            "parcel_number": str(parcel),
            "map_sheet_number": str(sheet),
            "area_m2": format_area(area),
            "land_use_purpose": purpose,
            "certificate_serial": serial,
            "issue_date": place_line,
        }
        fields = {
            "owner_name": display_name(printed["owner_name"]),
            "owner_birth_year": _partial(values["dob"]).year,
            "owner_personal_id": id_value,
            "parcel_number": parcel,
            "map_sheet_number": sheet,
            "area_m2": area,
            "land_use_purpose": purpose,
            "certificate_serial": serial,
            "issue_date": issued.isoformat(),
        }
        lettered = rng.random() < 0.5
        serial_under_title = rng.random() < 0.5
        style.update(
            {
                "id_label": L.OLD_ID_CARD if old_card else L.PERSONAL_ID,
                "parcel_items_lettered": lettered,
                "serial_position": "under_title" if serial_under_title else "bottom",
            }
        )
        letters = iter(L.PARCEL_ITEM_LETTERS)

        def item(label: str) -> str:
            return f"{next(letters)} {label}" if lettered else label

        subtitle = L.LAND_SUBTITLE if issued >= date(2009, 12, 10) and rng.random() < 0.8 else None
        blocks: list[Block] = [
            Header(authority=()),
            Title(L.LAND_TITLE, subtitle=subtitle),
        ]
        if serial_under_title:
            blocks.append(Text(serial, align="center", bold=True))
        blocks += [
            Heading(L.LAND_OWNER_SECTION),
            Row(
                (
                    Field(owner_label, printed["owner_name"], "owner_name", name=True),
                    Field(L.YEAR_OF_BIRTH, printed["owner_birth_year"], "owner_birth_year"),
                )
            ),
            Field(L.OLD_ID_CARD if old_card else L.PERSONAL_ID, id_value, "owner_personal_id"),
            Field(L.PERMANENT_ADDRESS, owner.address),
            Heading(L.LAND_PARCEL_SECTION),
            Row(
                (
                    Field(item(L.PARCEL_NUMBER), printed["parcel_number"], "parcel_number"),
                    Field(item(L.MAP_SHEET), printed["map_sheet_number"], "map_sheet_number"),
                )
            ),
            Field(item(L.PARCEL_ADDRESS), parcel_address),
            Field(item(L.AREA), printed["area_m2"], "area_m2"),
            Field(item(L.USE_FORM), L.USE_FORMS[0] if rng.random() < 0.85 else L.USE_FORMS[1]),
            Field(item(L.USE_PURPOSE), purpose, "land_use_purpose"),
            Field(item(L.USE_TERM), term),
            Field(item(L.USE_ORIGIN), rng.choice(L.USE_ORIGINS)),
            Signature(titles=titles, signer=_official(rng), stamp_text=authority_stamp, place_date=place_line),
        ]
        if not serial_under_title:
            blocks.append(Field(L.SERIAL_LABEL, serial, "certificate_serial"))
        entry = f"{rng.choice(('CH', 'CS', 'VP'))}{rng.randrange(100_000):05d}"
        blocks.append(Field(L.BOOK_ENTRY, entry))
        return BuiltDocument(
            doc_type="land",
            spec=PageSpec("land", blocks),
            fields=fields,
            printed=printed,
            persons=[{"role": "owner", "citizen_id": None if not_found else owner.personal_id}],
            injected=doc.injected,
            text_style=style,
            subject_id=None if not_found else owner.personal_id,
        )


def format_area(area: float) -> str:
    """ "125,5 m²", "1.250 m²": Vietnamese digit grouping with a dot, decimals after a comma."""
    whole = int(area)
    tenths = round((area - whole) * 10)
    grouped = f"{whole:,}".replace(",", ".")
    return f"{grouped},{tenths} m²" if tenths else f"{grouped} m²"


def _not_found(role: str, field_name: str, name: str) -> dict[str, Any]:
    return {
        "code": d.NOT_FOUND,
        "role": role,
        "field": field_name,
        "document_value": name,
        "database_value": None,
        "detail": "person_not_in_database",
    }


def _with_parents(child: Person, father: Person, mother: Person) -> Person:
    return replace(
        child,
        father_name=father.full_name,
        mother_name=mother.full_name,
        address=father.address,
        ethnicity=father.ethnicity,
    )
