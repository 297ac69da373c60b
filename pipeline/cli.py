"""The `sohoa` command: parsing, progress and exit codes over the library.

Heavy imports (SQLAlchemy models, Prefect, OpenCV) happen inside the commands, so `sohoa --help` stays instant and a
population import does not pay for Prefect.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from pipeline import __version__
from pipeline.config import Settings, load_settings
from pipeline.errors import ExitCode, InputError, NotAvailableError, SohoaError

log = logging.getLogger("sohoa")


@dataclass
class AppContext:
    db_url: str | None = None
    data_dir: str | None = None

    @property
    def settings(self) -> Settings:
        return load_settings(self.db_url, self.data_dir)

    def engine(self) -> Any:
        from pipeline.store.db import open_database

        return open_database(self.settings.db_url)


def _app() -> AppContext:
    ctx = click.get_current_context()
    root = ctx.find_root()
    if root.obj is None:
        root.obj = AppContext()
    return root.obj


def _store_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        _app().db_url = value


def _store_data_dir(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        _app().data_dir = value


def common_options(function: Any) -> Any:
    """`--db` and `--data-dir` on every command, so they can be given where a user naturally types them."""
    function = click.option(
        "--data-dir",
        metavar="DIR",
        expose_value=False,
        callback=_store_data_dir,
        help="Data folder (default ./data, or $SOHOA_DATA_DIR).",
    )(function)
    return click.option(
        "--db",
        metavar="URL",
        expose_value=False,
        callback=_store_db,
        help="SQLAlchemy database URL (default sqlite:///DATA_DIR/sohoa.db, or $SOHOA_DB_URL).",
    )(function)


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="sohoa")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
@common_options
def cli(verbose: int) -> None:
    """sohoa: digitise Vietnamese civil-registration and land records and clean them against the population.

    Every command takes --db URL (or $SOHOA_DB_URL); the default is an embedded SQLite file in ./data.
    """
    _configure_logging(verbose)
    _app()


# -- database -------------------------------------------------------------------------------------------------------


@cli.group()
@common_options
def db() -> None:
    """The database: schema migrations and status."""


@db.command("upgrade")
@common_options
def db_upgrade() -> None:
    """Create the schema or migrate it to the newest revision."""
    from pipeline.store.db import current_revision, mask_url

    engine = _app().engine()
    click.echo(f"{mask_url(str(engine.url))} is at revision {current_revision(engine)}")


@db.command("status")
@common_options
def db_status() -> None:
    """Row counts of every table (no personal data)."""
    from sqlalchemy import func, select

    from pipeline.store.db import current_revision, mask_url
    from pipeline.store.models import Base

    engine = _app().engine()
    click.echo(f"database {mask_url(str(engine.url))}, revision {current_revision(engine)}")
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            click.echo(f"  {table.name:<16} {count:>10}")


# -- population -----------------------------------------------------------------------------------------------------


@cli.group()
@common_options
def population() -> None:
    """The population database that documents are cleaned against."""


def _parse_as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("expected YYYY-MM-DD", param_hint="--as-of") from None
    # Founding couples are born up to 1972 and their wives a few years later: an earlier "today" has no one yet.
    if not date(2000, 1, 1) <= parsed <= date.today():
        raise click.BadParameter("must be between 2000-01-01 and today", param_hint="--as-of")
    return parsed


@population.command("generate")
@click.option("--people", "count", type=click.IntRange(min=1), default=10_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same people.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the people as a population CSV (the `population import` format).",
)
@click.option("--load/--no-load", default=True, show_default=True, help="Load the people into the database.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="The generator's 'today' (default: today).")
@common_options
def population_generate(count: int, seed: int, out: Path | None, load: bool, as_of: str | None) -> None:
    """Generate a realistic synthetic Vietnamese population."""
    from pipeline.synth.population import PopulationGenerator, citizen_rows, write_population_csv

    if not load and out is None:
        raise click.UsageError("--no-load without --out would generate nothing that is kept")
    today = _parse_as_of(as_of)
    started = time.perf_counter()
    if out is not None:
        people = PopulationGenerator(seed, today).people(count)
        with click.progressbar(length=count, label="generating", file=sys.stderr) as bar:
            written = write_population_csv(out, people, on_progress=bar.update)
        click.echo(f"wrote {written} people to {out}")
    if load:
        from pipeline.population.loader import load_rows

        engine = _app().engine()
        people = PopulationGenerator(seed, today).people(count)
        with click.progressbar(length=count, label="loading", file=sys.stderr) as bar:
            rows = citizen_rows(_counting(people, bar), today)
            summary = load_rows(engine, rows, source_name=f"generated:seed={seed},people={count}")
        click.echo(
            f"loaded {summary.imported} people into the database ({summary.inserted} new, {summary.updated} updated, "
            f"{summary.unchanged} unchanged)"
        )
    click.echo(f"done in {time.perf_counter() - started:.1f} s")


def _counting(items: Any, bar: Any, every: int = 10_000) -> Any:
    done = 0
    for item in items:
        yield item
        done += 1
        if done % every == 0:
            bar.update(every)
    bar.update(done % every)


def _import_options(function: Any) -> Any:
    """--strict and --rejects, as every import takes them."""
    function = click.option(
        "--rejects",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write every rejected row's line number, column and reason to this CSV.",
    )(function)
    return click.option("--strict", is_flag=True, help="Import nothing if any row is bad (exit code 6).")(function)


@population.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_import_options
@common_options
def population_import(file: Path, strict: bool, rejects: Path | None) -> None:
    """Import a population CSV (UTF-8, header on line 1); bad rows are reported by line number.

    Columns: personal_id, full_name, sex (M|F), date_of_birth (YYYY-MM-DD, YYYY-MM or YYYY), place_of_birth,
    address, father_name, mother_name, ethnicity, is_deceased (0|1), date_of_death; optional father_id, mother_id,
    spouse_id. Other columns are ignored. Re-importing updates people by personal ID, never duplicates them.
    """
    from pipeline.population.loader import import_population_csv

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    engine = _app().engine()
    started = time.perf_counter()
    with (
        _rejects_file(rejects, file) as on_reject,
        click.progressbar(length=file.stat().st_size, label="importing", file=sys.stderr) as bar,
    ):
        position = 0

        def on_progress(done: int) -> None:
            nonlocal position
            bar.update(done - position)
            position = done

        summary = import_population_csv(engine, file, strict=strict, on_reject=on_reject, on_progress=on_progress)
    elapsed = time.perf_counter() - started
    _echo_rejects(summary.first_rejects, summary.rejected, rejects)
    click.echo(
        f"imported {summary.imported}, rejected {summary.rejected} "
        f"({summary.inserted} new, {summary.updated} updated, {summary.unchanged} unchanged) in {elapsed:.1f} s"
    )


@contextlib.contextmanager
def _rejects_file(rejects: Path | None, imported: Path) -> Iterator[Any]:
    """A callback writing each rejected row (line, column, reason) to `rejects`, or None without a file."""
    import csv

    if rejects is None:
        yield None
        return
    if rejects.resolve() == imported.resolve():
        raise InputError("--rejects must name another file than the one imported")
    try:
        rejects.parent.mkdir(parents=True, exist_ok=True)
        handle = rejects.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot write the rejects file {rejects}: {exc.strerror or exc}") from exc
    with handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "column", "reason"])
        yield lambda item: writer.writerow([item.line, item.column, item.reason])


def _echo_rejects(first: list[Any], rejected: int, rejects: Path | None) -> None:
    for item in first:
        click.echo(f"line {item.line}: {item.column} {item.reason}", err=True)
    if rejected > len(first):
        hint = f"all are in {rejects}" if rejects else "use --rejects FILE to list them all"
        click.echo(f"... and {rejected - len(first)} more rejected row(s): {hint}", err=True)


@cli.group()
def records() -> None:
    """Typed registers: rows of spreadsheets or old databases, cleaned like scans."""


@records.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "doc_type", type=click.Choice(["birth", "death", "marriage", "land"]), required=True)
@click.option("--office", metavar="NAME", help="The registration office the register comes from.")
@_import_options
@common_options
def records_import(file: Path, doc_type: str, office: str | None, strict: bool, rejects: Path | None) -> None:
    """Import a typed register (CSV or XLSX) as records of one document type, then match and clean them.

    The columns are the export's field names for that type (schemas/doctypes/TYPE.json), plus optional `source` and
    `page`; `sohoa export --format csv` output is read back too. Each row becomes a record with confidence 1.0,
    matched and checked by the same rules as a scan. Bad rows are reported by line number; a file is imported once.
    """
    from pipeline.registers.importer import import_register

    engine = _app().engine()
    started = time.perf_counter()
    try:
        with _rejects_file(rejects, file) as on_reject:
            summary = import_register(engine, file, doc_type, strict=strict, office=office, on_reject=on_reject)
    finally:
        engine.dispose()
    _echo_rejects(summary.first_rejects, summary.rejected, rejects)
    click.echo(
        f"imported {summary.imported} {doc_type} record(s), rejected {summary.rejected}, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    if summary.cleaning is not None:
        _echo_matching(summary.cleaning.as_dict())


@population.command("stats")
@common_options
def population_stats() -> None:
    """Counts by sex, decade of birth, ethnicity and province: no personal data."""
    from pipeline.report.population_summary import collect_stats, format_text

    click.echo(format_text(collect_stats(_app().engine())))


# -- scans ------------------------------------------------------------------------------------------------------------


@cli.group()
@common_options
def scans() -> None:
    """Synthetic scans of the four document types: the test bench."""


@scans.command("generate")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--count", type=click.IntRange(min=1), default=20, show_default=True, help="Documents to render.")
@click.option("--quality", type=click.Choice(["clean", "scanned", "poor", "mixed"]), default="mixed", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["png", "jpeg", "tiff", "pdf"]),
    help="File formats to use (repeat; default all four).",
)
@common_options
def scans_generate(out: Path, count: int, quality: str, seed: int, formats: tuple[str, ...]) -> None:
    """Render documents about people of the population database, each file with its ground truth beside it."""
    from pipeline.report.population_summary import collect_stats
    from pipeline.synth.scans import FORMATS, generate_scans

    engine = _app().engine()
    if collect_stats(engine).total == 0:
        raise InputError("the population database is empty: run `sohoa population generate` first")
    with click.progressbar(length=count, label="rendering", file=sys.stderr) as bar:
        summary = generate_scans(
            engine, out, count=count, quality=quality, seed=seed, formats=formats or FORMATS, on_progress=bar.update
        )
    click.echo(
        f"wrote {summary.documents} document(s) in {summary.files} file(s) to {out} "
        f"({summary.bytes_written / 1e6:.1f} MB, {summary.seconds:.1f} s); truth in {summary.truth_index}"
    )
    click.echo("  by type: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.by_type.items())))
    click.echo("  by quality: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.by_quality.items())))
    if summary.injected:
        click.echo("  discrepancies: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.injected.items())))


# -- later issues -----------------------------------------------------------------------------------------------------


def _not_yet(what: str, issue: int) -> None:
    raise NotAvailableError(f"{what} is not available yet: it arrives with issue #{issue}")


def _prefect_home(settings: Settings) -> None:
    """Prefect's own database and logs live in the data folder unless the operator chose otherwise."""
    os.environ.setdefault("PREFECT_HOME", str((settings.data_dir / "prefect").resolve()))
    # No telemetry from a machine holding citizens' records; its heartbeat also raced Prefect's own migrations on
    # a data folder's first run ("database is locked" tracebacks on the console).
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--office", metavar="NAME", help="The registration office the scans come from.")
@click.option("--workers", type=click.IntRange(min=1), help="OCR processes (default: one per core).")
@common_options
def process(paths: tuple[Path, ...], office: str | None, workers: int | None) -> None:
    """OCR scans (files or folders of PDF, TIFF, JPEG, PNG), extract their fields and store them.

    Runs the Prefect flow `process_documents`. Files already processed (same content) are skipped.
    """
    import uuid
    from collections import Counter

    from pipeline.processing import collect_inputs

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise InputError(f"{missing[0]}: no such file or folder")
    files = collect_inputs(paths)
    if not files:
        raise InputError("no files to process in the paths given")
    app = _app()
    settings = app.settings
    _prefect_home(settings)
    from flows.prefect_api import prefect_api

    # a temporary Prefect server (when no PREFECT_API_URL names one) starts now, while the database is migrated
    with prefect_api(Path(os.environ["PREFECT_HOME"])) as api:
        from flows.process import open_flow_pool, process_documents, using_ocr_pool, write_manifest

        engine = app.engine()  # migrates before the flow starts, and fails early on a bad database
        try:
            pool = open_flow_pool(engine, workers)
            manifest = write_manifest(
                settings.data_dir / "runs" / f"{uuid.uuid4().hex}.json", files, settings.db_url, office, workers
            )
            started = time.perf_counter()
            try:
                # the OCR workers start while the server does, and read the first files' pages ahead until it is
                # up; the flow reads pages with them
                with (
                    pool as ocr,
                    _head_start(ocr, engine, files, api.temporary) as head,
                    using_ocr_pool(head),
                    api.connected(),  # waits for the temporary server to be up
                ):
                    head.stop()
                    result = process_documents(str(manifest))
                log.debug("pages read ahead while the server started: %d, of them used: %d", head.submitted, head.used)
            finally:
                manifest.unlink(missing_ok=True)
        finally:
            engine.dispose()
    outcomes = result["outcomes"]
    statuses = Counter(o["status"] for o in outcomes)
    records: Counter[str] = Counter()
    for outcome in outcomes:
        records.update(outcome["records"])
    pages = sum(o["pages"] for o in outcomes)
    click.echo(
        f"files: {len(outcomes)} ("
        + ", ".join(f"{statuses[s]} {s}" for s in ("processed", "needs_review", "failed", "skipped") if statuses[s])
        + f"); pages: {pages}; records: "
        + (", ".join(f"{n} {t}" for t, n in sorted(records.items())) or "none")
        + f"; {time.perf_counter() - started:.1f} s"
    )
    _echo_matching(result.get("matching"))
    for outcome in outcomes:
        if outcome["status"] in ("failed", "needs_review"):
            click.echo(f"  {outcome['status']}: {outcome['name']}: {outcome['reason']}")
    if outcomes and statuses["failed"] == len(outcomes):
        raise InputError("no file could be processed")


def _echo_matching(matching: dict[str, Any] | None) -> None:
    if not matching or not matching["records"]:
        return
    persons = matching["persons"]
    issues = matching["issues"]
    click.echo(
        f"matched {matching['records']} record(s): persons "
        + (
            ", ".join(f"{persons[s]} {s}" for s in ("matched", "probable", "ambiguous", "not_found") if persons.get(s))
            or "none"
        )
        + "; issues "
        + (
            ", ".join(f"{n} {code}" for code, n in sorted(issues.items(), key=lambda item: (-item[1], item[0])))
            or "none"
        )
        + (
            f"; weights of match model #{matching['match_model']} (u measured on this population)"
            if matching.get("match_model")
            else ""
        )
    )


@cli.command()
@click.option("--all", "rematch", is_flag=True, help="Re-match every record, not only those never matched.")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Matching processes, this one included (default: one per core)."
)
@common_options
def match(rematch: bool, workers: int | None) -> None:
    """Match the persons of stored records to the population and raise their cleaning issues.

    `sohoa process` matches the records it stores; `--all` re-matches every record against the current population
    (after an import): issues still raised are updated, open ones no longer raised removed, and those a steward
    already decided kept as they are.
    """
    from pipeline.cleaning import match_and_clean
    from pipeline.match.parallel import MatchPool

    app = _app()
    engine = app.engine()
    try:
        with MatchPool(app.settings.db_url, workers) as pool:
            summary = match_and_clean(engine, rematch=rematch, pool=pool)
    finally:
        engine.dispose()
    if not summary.records:
        click.echo("no records to match" + ("" if rematch else " (use --all to match every record again)"))
        return
    _echo_matching(summary.as_dict())
    click.echo(f"{summary.issues_new} new issue(s), {summary.issues_removed} no longer raised; {summary.seconds:.1f} s")


def _head_start(pool: Any, engine: Any, files: list[Path], server_starting: bool) -> Any:
    """The pool, reading the first files' pages ahead while a temporary Prefect server starts
    (`pipeline.ocr.head_start`); with a server already running there is nothing to wait for."""
    from functools import partial

    from pipeline.ocr.head_start import HeadStart
    from pipeline.processing import pages_to_read

    head = HeadStart(pool, partial(pages_to_read, engine))
    return head.start(files) if server_starting else head


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write.")
@common_options
def export(fmt: str, out: Path) -> None:
    """Export every record with its fields (JSON lines per schemas/export.schema.json, or a wide CSV).

    The file holds personal data: it is written only where -o says, never logged.
    """
    from pipeline.report.export import export_csv, export_jsonl

    engine = _app().engine()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        count = (export_jsonl if fmt == "jsonl" else export_csv)(engine, out)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    click.echo(f"exported {count} record(s) to {out}")


@cli.command()
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path))
@common_options
def report(out: Path | None) -> None:
    """Write the data stewards' mismatch report (HTML and CSV)."""
    _not_yet("the mismatch report", 5)


@cli.command()
@click.argument("inbox", type=click.Path(file_okay=False, path_type=Path))
@common_options
def watch(inbox: Path) -> None:
    """Watch a folder for scans dropped by clerks and process them as they arrive."""
    _not_yet("the watch folder", 5)


# The demo population's "today" is fixed so that it is the same people every day: sample_scans/ shows them.
DEMO_AS_OF = date(2026, 11, 25)


SAMPLE_SCANS = Path(__file__).resolve().parents[1] / "sample_scans"


@cli.command()
@click.option("--people", "count", type=click.IntRange(min=100), default=20_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--scans/--no-scans", default=True, show_default=True, help="Process sample_scans/ too.")
@common_options
def demo(count: int, seed: int, scans: bool) -> None:
    """The main job on the embedded default: a synthetic population, the sample scans processed, reports written.

    The stewards' mismatch report joins the demo with its issue; for now the demo writes the population summary and
    the records read from the scans (JSON lines).
    """
    from pipeline.population.loader import load_rows
    from pipeline.report.population_summary import collect_stats, write_html
    from pipeline.store.db import mask_url
    from pipeline.synth.population import PopulationGenerator, citizen_rows

    app = _app()
    engine = app.engine()
    stats = collect_stats(engine)
    if stats.total == 0:
        today = DEMO_AS_OF
        people = PopulationGenerator(seed, today).people(count)
        with click.progressbar(length=count, label="generating population", file=sys.stderr) as bar:
            load_rows(engine, citizen_rows(_counting(people, bar), today), source_name=f"demo:seed={seed}")
        stats = collect_stats(engine)
    else:
        click.echo(f"the database already holds {stats.total} people; not generating more")
    path = write_html(stats, app.settings.reports_dir / "population-summary.html")
    engine.dispose()
    if scans and SAMPLE_SCANS.is_dir():
        ctx = click.get_current_context()
        ctx.invoke(process, paths=(SAMPLE_SCANS,), office=None, workers=None)
        records = app.settings.reports_dir / "records.jsonl"
        ctx.invoke(export, fmt="jsonl", out=records)
        click.echo(f"records:  {records.resolve()}")
    click.echo(f"database: {mask_url(app.settings.db_url)} ({stats.total} people)")
    click.echo(f"report:   {path.resolve()}")


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the CLI and maps failures to one line on stderr and an exit code."""
    try:
        cli.main(args=argv, prog_name="sohoa", standalone_mode=False)
    except SohoaError as exc:
        click.echo(f"sohoa: error: {exc.reason}", err=True)
        log.debug("failure", exc_info=True)
        return int(exc.exit_code)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("sohoa: aborted", err=True)
        return int(ExitCode.FAILURE)
    except KeyboardInterrupt:
        click.echo("sohoa: interrupted", err=True)
        return 130
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        from pipeline.store.db import describe_db_error

        log.debug("unexpected failure", exc_info=True)
        if isinstance(exc, SQLAlchemyError):
            click.echo(f"sohoa: database error: {describe_db_error(exc)}", err=True)
            return int(ExitCode.DATABASE)
        click.echo(f"sohoa: unexpected error: {exc.__class__.__name__} (run with -vv for details)", err=True)
        return int(ExitCode.FAILURE)
    return int(ExitCode.OK)


if __name__ == "__main__":
    sys.exit(main())
