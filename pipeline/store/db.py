"""Engines, sessions and migrations.

SQLite is the embedded default: WAL mode so that readers (a report) never block the writer (an import), foreign keys
on because SQLite leaves them off, and a busy timeout so that two processes wait for each other instead of failing.
PostgreSQL takes the same code; only `upsert` below needs to know which dialect it speaks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, or_
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import DatabaseError

ALEMBIC_DIR = Path(__file__).with_name("alembic")


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # NORMAL is durable in WAL mode except for the last transactions on power loss, and much faster than FULL.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def describe_db_error(exc: BaseException) -> str:
    """A one-line description of a database error without its SQL parameters, which may hold personal data."""
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {text[0] if text else ''}".rstrip(": ")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; for SQLite files the parent folder is created and the pragmas set on every connection."""
    if url.startswith("sqlite"):
        database = url.split("///", 1)[1] if "///" in url else ""
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create the folder for {database}: {exc.strerror or exc}") from exc
    # SQL parameters are citizens' personal data: keep them out of exception texts and so out of every traceback.
    kwargs.setdefault("hide_parameters", True)
    try:
        engine = create_engine(url, **kwargs)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise DatabaseError(f"cannot use database URL {mask_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def mask_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<invalid URL>"


def alembic_config(
    engine: Engine,
):  # -> alembic.config.Config, imported lazily: alembic costs 0.2 s to import
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    # configparser would read '%' in an escaped URL (a socket path) as interpolation.
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; a no-op when it is there already."""
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), revision)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot migrate {mask_url(str(engine.url))}: {describe_db_error(exc)}") from exc


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_table(engine: Engine, name: str) -> bool:
    return inspect(engine).has_table(name)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed as one transaction, or rolled back whole on any error."""
    with session_factory(engine)() as session, session.begin():
        yield session


def open_database(url: str) -> Engine:
    """The engine for `url` with its schema migrated to the newest revision: what every command starts with."""
    engine = make_engine(url)
    try:
        migrate(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except Exception as exc:  # a driver error that is not an SQLAlchemyError, e.g. a bad file
        engine.dispose()
        raise DatabaseError(f"cannot open {mask_url(url)}: {describe_db_error(exc)}") from exc
    return engine


def upsert_statement(
    engine: Engine, table: Any, key: str, update_columns: list[str], *, only_if_changed: list[str] | None = None
) -> Any:
    """INSERT ... ON CONFLICT (key) DO UPDATE, in the engine's dialect, for executemany of many rows.

    With `only_if_changed`, a conflicting row is updated only when one of those columns differs (NULL-safe): a
    re-import of an unchanged file then writes nothing, neither the row nor its indexes' entries."""
    if engine.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        raise DatabaseError(f"upsert is not supported on {engine.dialect.name}; use SQLite or PostgreSQL")
    statement = insert(table)
    changed = None
    if only_if_changed:
        changed = or_(*(table.c[name].is_distinct_from(statement.excluded[name]) for name in only_if_changed))
    return statement.on_conflict_do_update(
        index_elements=[key], set_={name: statement.excluded[name] for name in update_columns}, where=changed
    )
