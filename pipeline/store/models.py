"""The database's tables as SQLAlchemy 2 typed ORM models.

Schema changes go through Alembic migrations in `alembic/versions/`; a test checks that the migrations and these
models describe the same schema, so neither can drift.

Dates of birth and death are stored as ISO strings of day, month or year precision ("1990-03-15", "1990-03",
"1990") because civil registers often know only the year; `birth_year` is kept apart as an integer for blocking.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL and let Alembic alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DocumentStatus(enum.StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    PROCESSED = "processed"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"


class MatchStatus(enum.StrEnum):
    PENDING = "pending"
    MATCHED = "matched"
    PROBABLE = "probable"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


class ReviewStatus(enum.StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    FIXED = "fixed"


def _in(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Citizen(Base):
    """One person of the population database, the reference that documents are cleaned against."""

    __tablename__ = "citizens"
    __table_args__ = (
        CheckConstraint("sex IN ('M', 'F')", name="sex"),
        CheckConstraint("length(personal_id) = 12", name="personal_id_length"),
        # The blocking keys of pipeline.match.blocking (the personal ID has its unique index): candidates are looked
        # up through these, never by a scan of the population. The first serves two kinds of key: surname, given
        # name and year (a middle name dropped or changed) by its first three columns, and the folded full name
        # with the year by all four; one index fewer to keep up on every import.
        Index(None, "surname_key", "given_key", "birth_year", "name_key"),
        Index(None, "given_key", "date_of_birth"),
        Index(None, "surname_key", "date_of_birth"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    personal_id: Mapped[str] = mapped_column(String(12), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))  # diacritic-free, lower case: a blocking key
    surname: Mapped[str] = mapped_column(String(120))
    middle_name: Mapped[str] = mapped_column(String(120), default="")
    given_name: Mapped[str] = mapped_column(String(120))
    surname_key: Mapped[str] = mapped_column(String(120), default="", server_default="")  # folded, for blocking
    given_key: Mapped[str] = mapped_column(String(120), default="", server_default="")
    sex: Mapped[str] = mapped_column(String(1))
    date_of_birth: Mapped[str] = mapped_column(String(10))
    birth_year: Mapped[int] = mapped_column(SmallInteger)
    place_of_birth: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    father_name: Mapped[str] = mapped_column(String(120), default="")
    mother_name: Mapped[str] = mapped_column(String(120), default="")
    father_id: Mapped[str | None] = mapped_column(String(12))
    mother_id: Mapped[str | None] = mapped_column(String(12))
    spouse_id: Mapped[str | None] = mapped_column(String(12))
    ethnicity: Mapped[str] = mapped_column(String(40), default="Kinh")
    is_deceased: Mapped[bool] = mapped_column(Boolean, default=False)
    date_of_death: Mapped[str | None] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Document(Base):
    """One file a clerk handed in, identified by its content so the same scan is never processed twice."""

    __tablename__ = "documents"
    __table_args__ = (CheckConstraint(_in("status", DocumentStatus), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(500))
    stored_path: Mapped[str | None] = mapped_column(String(1000))
    media_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    office: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=DocumentStatus.RECEIVED.value)
    error: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    pages: Mapped[list[Page]] = relationship(back_populates="document", cascade="all, delete-orphan")
    records: Mapped[list[Record]] = relationship(back_populates="document")


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "page_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    page_no: Mapped[int] = mapped_column(Integer)  # 1-based, as a clerk counts
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    dpi: Mapped[int | None] = mapped_column(Integer)
    rotation: Mapped[int | None] = mapped_column(SmallInteger)  # degrees applied to make the page upright
    skew_deg: Mapped[float | None] = mapped_column(Float)
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    ocr_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="ok")
    error: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="pages")


class Record(Base):
    """One registered event (a birth, a death, a marriage, a land certificate), from a scan or a typed register."""

    __tablename__ = "records"
    __table_args__ = (
        CheckConstraint("doc_type IN ('birth', 'death', 'marriage', 'land')", name="doc_type"),
        CheckConstraint("source_kind IN ('scan', 'import')", name="source_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    source_kind: Mapped[str] = mapped_column(String(10))
    source_ref: Mapped[str | None] = mapped_column(String(500))  # file and line for imports, page range for scans
    first_page: Mapped[int | None] = mapped_column(Integer)
    office: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    matched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    document: Mapped[Document | None] = relationship(back_populates="records")
    fields: Mapped[list[RecordField]] = relationship(back_populates="record", cascade="all, delete-orphan")
    persons: Mapped[list[RecordPerson]] = relationship(back_populates="record", cascade="all, delete-orphan")
    issues: Mapped[list[Issue]] = relationship(back_populates="record", cascade="all, delete-orphan")


class RecordField(Base):
    """One extracted field with its evidence: what OCR read, what it normalised to, how sure it was, and where."""

    __tablename__ = "record_fields"
    __table_args__ = (UniqueConstraint("record_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))  # schema field name, e.g. "mother.full_name"
    raw_text: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    problem: Mapped[str | None] = mapped_column(Text)
    page_no: Mapped[int | None] = mapped_column(Integer)
    bbox_x: Mapped[int | None] = mapped_column(Integer)
    bbox_y: Mapped[int | None] = mapped_column(Integer)
    bbox_w: Mapped[int | None] = mapped_column(Integer)
    bbox_h: Mapped[int | None] = mapped_column(Integer)

    record: Mapped[Record] = relationship(back_populates="fields")


class RecordPerson(Base):
    """A person a record shows, in a role, with the outcome of matching them to the population."""

    __tablename__ = "record_persons"
    __table_args__ = (
        UniqueConstraint("record_id", "role"),
        CheckConstraint(_in("status", MatchStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))  # subject, mother, father, husband, wife, owner
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=MatchStatus.PENDING.value)
    score: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict | None] = mapped_column(JSON)  # per-field comparison levels and weights

    record: Mapped[Record] = relationship(back_populates="persons")
    citizen: Mapped[Citizen | None] = relationship()


class Issue(Base):
    """A cleaning issue: one discrepancy with its evidence, and what a data steward decided about it."""

    __tablename__ = "issues"
    __table_args__ = (
        CheckConstraint(_in("review_status", ReviewStatus), name="review_status"),
        Index(None, "code", "review_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    record_person_id: Mapped[int | None] = mapped_column(ForeignKey("record_persons.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    role: Mapped[str | None] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(80))
    document_value: Mapped[str | None] = mapped_column(Text)
    database_value: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    match_score: Mapped[float | None] = mapped_column(Float)
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    review_status: Mapped[str] = mapped_column(String(12), default=ReviewStatus.OPEN.value)
    reviewer: Mapped[str | None] = mapped_column(String(100))
    reviewer_note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    record: Mapped[Record] = relationship(back_populates="issues")


class ImportRun(Base):
    """An audit line per population or register import: what came in, how much was taken and refused."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # population, records
    source_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)


class MatchModel(Base):
    """The u-probabilities of the match weights, estimated on one version of the population (`pipeline.match.model`):
    the import run that last changed it."""

    __tablename__ = "match_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    population_run_id: Mapped[int | None] = mapped_column(Integer, index=True)  # import_runs.id; None: never imported
    citizens: Mapped[int] = mapped_column(Integer)
    pairs: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    u: Mapped[dict] = mapped_column(JSON)  # comparison -> level -> u, the levels measured (the rest keep defaults)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
