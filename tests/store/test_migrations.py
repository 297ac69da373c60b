"""The schema: migrations build exactly what the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from pipeline.errors import DatabaseError
from pipeline.store.db import alembic_config, current_revision, make_engine, migrate, open_database, transaction
from pipeline.store.models import Base, Document, Issue, Page, Record


def _schema_diff(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_migrations_match_models_on_sqlite(engine: Engine) -> None:
    assert current_revision(engine) is not None
    assert _schema_diff(engine) == []


def test_migrations_match_models_on_postgresql(postgres_url: str) -> None:
    engine = open_database(postgres_url)
    try:
        assert engine.dialect.name == "postgresql"
        assert _schema_diff(engine) == []
    finally:
        engine.dispose()


def test_migrating_twice_is_a_no_op(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    migrate(engine)
    first = current_revision(engine)
    migrate(engine)
    assert current_revision(engine) == first
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(Page(document_id=12345, page_no=1))


def test_a_failed_transaction_writes_nothing(engine: Engine) -> None:
    with pytest.raises(RuntimeError), transaction(engine) as session:
        session.add(Document(sha256="a" * 64, original_name="x.pdf"))
        session.flush()
        raise RuntimeError("crash after the first write")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM documents")).scalar() == 0


def test_review_status_is_constrained(engine: Engine) -> None:
    with transaction(engine) as session:
        record = Record(doc_type="birth", source_kind="import")
        session.add(record)
        session.flush()
        session.add(Issue(record_id=record.id, code="NOT_FOUND", severity="high"))
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(Issue(record_id=record.id, code="NOT_FOUND", severity="high", review_status="maybe"))


def test_deleting_a_document_removes_its_pages_and_records(engine: Engine) -> None:
    with transaction(engine) as session:
        document = Document(sha256="b" * 64, original_name="scan.tif")
        document.pages = [Page(page_no=1), Page(page_no=2)]
        session.add(document)
        session.flush()
        session.add(Record(document_id=document.id, doc_type="death", source_kind="scan"))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM documents"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM pages")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM records")).scalar() == 0


def test_unusable_url_is_a_database_error() -> None:
    with pytest.raises(DatabaseError, match="cannot"):
        open_database("nosuchdialect://x")


def test_unwritable_sqlite_path_is_a_database_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseError):
        open_database(f"sqlite:///{blocker}/sub/sohoa.db")


def test_database_errors_never_quote_the_sql_parameters(engine: Engine) -> None:
    from pipeline.store.models import Citizen

    values = {
        "personal_id": "00109012344",  # 11 digits: breaks the length check constraint
        "full_name": "Nguyễn Văn Secret",
        "name_key": "nguyen van secret",
        "surname": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "Secret",
        "sex": "M",
        "date_of_birth": "1990-03-15",
        "birth_year": 1990,
        "place_of_birth": "",
        "address": "",
        "father_name": "",
        "mother_name": "",
        "ethnicity": "Kinh",
        "is_deceased": False,
    }
    with pytest.raises(IntegrityError) as caught, engine.begin() as connection:
        connection.execute(Citizen.__table__.insert(), [values])
    assert "00109012344" not in str(caught.value) and "Secret" not in str(caught.value)


def test_the_blocking_keys_of_citizens_stored_before_them_are_filled_in(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO citizens (personal_id, full_name, name_key, surname, middle_name, given_name, sex, "
                "date_of_birth, birth_year, place_of_birth, address, father_name, mother_name, ethnicity, "
                "is_deceased, updated_at) VALUES ('001090012345', 'Tôn Thất Đức Anh', 'ton that duc anh', "
                "'Tôn Thất', 'Đức', 'Anh', 'M', '1990-03-15', 1990, '', '', '', '', 'Kinh', 0, '2026-11-28')"
            )
        )
    migrate(engine)
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT surname_key, given_key FROM citizens")).one()
        indexes = {row[1] for row in connection.exec_driver_sql("PRAGMA index_list('citizens')")}
    assert tuple(keys) == ("ton that", "anh")
    assert {"ix_citizens_surname_key_given_key_birth_year_name_key", "ix_citizens_given_key_date_of_birth"} <= indexes
    assert _schema_diff(engine) == []
    command.downgrade(alembic_config(engine), "0001")  # and back: the downgrade drops what the upgrade added
    with engine.connect() as connection:
        columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info('citizens')")}
    assert "surname_key" not in columns and "given_key" not in columns
    engine.dispose()
