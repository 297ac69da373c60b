"""Loading citizens into the database: batched upserts inside one transaction.

One transaction for the whole file keeps the promise that nothing is half-written: an import that fails (or a
`--strict` import that meets a bad row) leaves the database as it was. Upserting on the personal ID makes
re-importing the same file update the people it holds instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from pipeline.errors import InputError, RejectedRowsError
from pipeline.population.csv_reader import read_rows
from pipeline.population.rows import CitizenRow, validate_row
from pipeline.store.db import upsert_statement
from pipeline.store.models import Citizen, ImportRun, utcnow

BATCH_SIZE = 5_000
KEPT_REJECTS = 50  # rejects held in memory for the summary; all of them go to the rejects file when one is given

_UPDATE_COLUMNS = [c.name for c in Citizen.__table__.columns if c.name not in ("id", "personal_id")]
# what makes a stored citizen differ from an imported row (updated_at is the import's own clock)
_COMPARED_COLUMNS = [name for name in _UPDATE_COLUMNS if name != "updated_at"]


@dataclass(frozen=True, slots=True)
class Reject:
    line: int
    column: str
    reason: str


@dataclass
class ImportSummary:
    rows_read: int = 0
    imported: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0  # stored already with the same values: left alone
    rejected: int = 0
    first_rejects: list[Reject] = field(default_factory=list)


def rejecting(summary: Any, on_reject: Callable[[Reject], None] | None) -> Callable[[int, str, str], None]:
    """A callback that counts a rejected row on `summary` (its `rejected` and `first_rejects`) and hands it on."""

    def reject(line: int, column: str, reason: str) -> None:
        summary.rejected += 1
        item = Reject(line, column, reason)
        if len(summary.first_rejects) < KEPT_REJECTS:
            summary.first_rejects.append(item)
        if on_reject is not None:
            on_reject(item)

    return reject


def _count_citizens(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(Citizen)).scalar_one()


@contextmanager
def _indexes_built_after(connection: Connection) -> Iterator[None]:
    """Into an empty table (a first import), the blocking-key indexes are built once the rows are in: an index
    built at the end sorts its keys once, where keeping it up to date row by row inserts them in random order.
    Inside the import's transaction, so a failed import leaves the indexes as they were."""
    if _count_citizens(connection) > 0:
        yield
        return
    blocking = [index for index in Citizen.__table__.indexes if not index.unique]
    for index in blocking:
        index.drop(connection)
    yield
    for index in blocking:
        index.create(connection)


@dataclass(frozen=True)
class Written:
    rows: int  # rows sent
    changed: int  # rows inserted or updated; the others were stored already, unchanged, and left alone


def upsert_citizens(engine: Engine, connection: Connection, rows: Iterable[CitizenRow]) -> Written:
    """Insert or update `rows` on `connection` (inside the caller's transaction).

    A citizen stored already and unchanged is left alone (no write to the row or its indexes)."""
    with _indexes_built_after(connection):
        return _upsert(engine, connection, rows)


def _upsert(engine: Engine, connection: Connection, rows: Iterable[CitizenRow]) -> Written:
    statement = upsert_statement(
        engine, Citizen.__table__, "personal_id", _UPDATE_COLUMNS, only_if_changed=_COMPARED_COLUMNS
    )
    now = utcnow()
    written = 0
    batch: list[dict[str, object]] = []
    for row in rows:
        values = row.as_db_dict()
        values["updated_at"] = now
        batch.append(values)
        if len(batch) >= BATCH_SIZE:
            connection.execute(statement, batch)
            written += len(batch)
            batch = []
    if batch:
        connection.execute(statement, batch)
        written += len(batch)
    # the rows this import wrote carry its timestamp; executemany's rowcount would say the same on sqlite3 but
    # not through SQLAlchemy's psycopg executemany (-1)
    changed = connection.execute(
        select(func.count()).select_from(Citizen).where(Citizen.__table__.c.updated_at == now)
    ).scalar_one()
    return Written(written, changed)


def load_rows(engine: Engine, rows: Iterable[CitizenRow], *, source_name: str) -> ImportSummary:
    """Load already-valid rows (the synthetic generator's) in one transaction."""
    summary = ImportSummary()
    with engine.begin() as connection:
        before = _count_citizens(connection)
        run = _start_run(connection, source_name, None)
        written = upsert_citizens(engine, connection, rows)
        _finish_run(connection, run, rows_read=written.rows, imported=written.rows, rejected=0)
        after = _count_citizens(connection)
    summary.rows_read = written.rows
    _count_writes(summary, written, after - before)
    return summary


def _count_writes(summary: ImportSummary, written: Written, inserted: int) -> None:
    summary.imported = written.rows
    summary.inserted = inserted
    summary.updated = written.changed - inserted
    summary.unchanged = written.rows - written.changed


def _start_run(connection: Connection, source_name: str, sha256: str | None) -> int:
    result = connection.execute(
        ImportRun.__table__.insert().values(
            kind="population", source_name=source_name[-500:], sha256=sha256, started_at=utcnow()
        )
    )
    return int(result.inserted_primary_key[0])


def _finish_run(connection: Connection, run_id: int, *, rows_read: int, imported: int, rejected: int) -> None:
    connection.execute(
        ImportRun.__table__.update()
        .where(ImportRun.__table__.c.id == run_id)
        .values(finished_at=utcnow(), rows_read=rows_read, imported=imported, rejected=rejected)
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(f"cannot open {path}: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def import_population_csv(
    engine: Engine,
    path: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Validate and upsert every row of the CSV at `path`; bad rows are reported, good rows imported.

    With `strict`, any bad row aborts the import and nothing is written (RejectedRowsError).
    """
    today = today or date.today()
    summary = ImportSummary()
    first_line_of: dict[str, int] = {}

    reject = rejecting(summary, on_reject)

    def valid_rows() -> Iterator[CitizenRow]:
        for raw in read_rows(path, on_progress=on_progress):
            summary.rows_read += 1
            if raw.error is not None:
                reject(raw.line, raw.error.column, raw.error.reason)
                continue
            assert raw.cells is not None
            try:
                row = validate_row(raw.cells, today)
            except Exception as exc:  # RowError, or a rule we did not foresee: the row is refused, never the file
                column = getattr(exc, "column", "row")
                reason = getattr(exc, "reason", f"cannot be read ({exc.__class__.__name__})")
                reject(raw.line, column, reason)
                continue
            seen = first_line_of.setdefault(row.personal_id, raw.line)
            if seen != raw.line:
                reject(raw.line, "personal_id", f"duplicate personal ID (first on line {seen})")
                continue
            yield row

    sha256 = file_sha256(path)
    with engine.begin() as connection:
        before = _count_citizens(connection)
        run = _start_run(connection, str(path), sha256)
        written = upsert_citizens(engine, connection, valid_rows())
        if strict and summary.rejected:
            raise RejectedRowsError(
                f"{summary.rejected} row(s) rejected, nothing imported (--strict); "
                f"first on line {summary.first_rejects[0].line}: {summary.first_rejects[0].column} "
                f"{summary.first_rejects[0].reason}"
            )
        after = _count_citizens(connection)
        _finish_run(connection, run, rows_read=summary.rows_read, imported=written.rows, rejected=summary.rejected)
    _count_writes(summary, written, after - before)
    return summary
