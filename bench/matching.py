"""Matching benchmark: persons matched per second against populations of growing size, the person link's and each
issue code's precision and recall, and Splink (DuckDB) as the peer, on the same data in the same run.

    .venv/bin/python bench/matching.py --people 1000000 --queries 10000

For each population size (10,000, 100,000 and `--people` by default) it generates the population into a SQLite
database (kept in --workdir and reused), then documents about its citizens as the scan generator plans them
(`pipeline.synth.scans`: exact copies, each injected discrepancy, people not in the database, duplicates), their
printed values typed in as records (confidence 1.0) with OCR-like noise on one in ten (a tone lost in capitals, a
digit of the ID misread, each read with low confidence: no discrepancy to report). It then times

- the batch: every person of every document matched set-based (`match_records`), then the rules (`record_issues`,
  duplicates against the batch);
- a single document: its persons matched alone (the watch folder's case), median and 95th percentile;

and scores the person links (the right citizen or, for people not in the database, none) and every issue code the
generator injects against its truth. `--splink` links the same persons with Splink 4 (DuckDB backend; a model of
name, date of birth, year, ID, sex and address comparisons, u by random sampling, m by expectation maximisation,
the same blocking keys; it has no register links between persons) and prints its figures beside ours.
`--scans DIR` scores instead the records of an accuracy run
(`bench/accuracy.py --workdir DIR`: real OCR on generated scans), matched against that run's population.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract.schema import load_schemas
from pipeline.match.batch import RecordMatch, load_context, match_records
from pipeline.match.query import FieldValue, RecordView
from pipeline.normalize.text import fold
from pipeline.rules.duplicates import duplicate_issues, event_entry
from pipeline.rules.record_rules import record_issues
from pipeline.store.db import open_database

AS_OF = datetime.date(2026, 11, 25)
GENERATOR_CODES = (
    "ID_MISMATCH",
    "ID_INVALID",
    "NAME_DIACRITICS",
    "NAME_MISMATCH",
    "DOB_MISMATCH",
    "SEX_MISMATCH",
    "PARENT_MISMATCH",
    "NOT_FOUND",
    "DEATH_NOT_RECORDED",
    "DUPLICATE_RECORD",
)
SCHEMAS = load_schemas()
# a digit and the one OCR reads it as (each pair among pipeline.rules.person_rules.CONFUSABLE_DIGITS)
LOOK_ALIKE = {"0": "6", "1": "7", "2": "3", "3": "8", "4": "9", "5": "6", "6": "5", "7": "1", "8": "3", "9": "8"}


@dataclass
class Case:
    """A document as typed records see it, with its truth."""

    record: RecordView
    persons: dict[str, str | None]  # role -> the citizen's personal ID, None for someone not in the database
    injected: set[tuple[str, str]]  # (code, role)
    quality: str = "typed"


# --- the population ----------------------------------------------------------------------------------------------


def population_db(workdir: Path, people: int, seed: int) -> tuple[Any, float | None]:
    """The database of `people` generated citizens, built once and kept; the seconds building took (None: reused)."""
    from pipeline.population.loader import load_rows
    from pipeline.synth.population import PopulationGenerator, citizen_rows

    path = workdir / f"population-{people}-seed{seed}.db"
    done = path.with_suffix(".done")
    if done.exists():
        return open_database(f"sqlite:///{path}"), None
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    engine = open_database(f"sqlite:///{path}")
    load_rows(engine, citizen_rows(PopulationGenerator(seed, AS_OF).people(people), AS_OF), source_name="bench")
    done.write_text("ok")
    return engine, time.perf_counter() - started


# --- the query persons ---------------------------------------------------------------------------------------------


def _noise(values: dict[str, FieldValue], rng: random.Random) -> dict[str, FieldValue]:
    """One field read as OCR slips, with the low confidence OCR gives such a reading: not a discrepancy."""
    names = [n for n, v in values.items() if n.endswith("name") and v.value and v.raw_text and v.raw_text.isupper()]
    ids = [n for n, v in values.items() if n.endswith("personal_id") and v.value and len(v.value) == 12]
    choice = rng.choice(["name", "id"]) if names and ids else ("name" if names else "id" if ids else None)
    if choice == "name":
        from pipeline.normalize.text import strip_tones

        name = rng.choice(names)
        words = values[name].value.split()  # type: ignore[union-attr]
        i = rng.randrange(len(words))
        words[i] = strip_tones(words[i])  # a tone lost in capitals
        read = " ".join(words)
        values[name] = FieldValue(read, read.upper(), 0.6)
    elif choice == "id":
        name = rng.choice(ids)
        digits = values[name].value or ""
        i = rng.randrange(6, 12)
        read = digits[:i] + LOOK_ALIKE[digits[i]] + digits[i + 1 :]  # a digit read as its look-alike
        values[name] = FieldValue(read, read, 0.55)
    return values


def _printed_beside_the_truth(built: Any) -> dict[str, str]:
    """What a page prints that the truth leaves out but the schema reads: the owner's address, each parent's or
    spouse's year of birth and residence; found in the page's blocks after the name they belong to."""
    from pipeline.synth.scans import labels as L
    from pipeline.synth.scans.blocks import Columns, Field, Row

    extra: dict[str, str] = {}
    role = None

    def walk(blocks: Any) -> None:
        nonlocal role
        for block in blocks:
            if isinstance(block, Columns):
                walk(block.left)
                walk(block.right)
            elif isinstance(block, Row):
                walk(block.fields)
            elif isinstance(block, Field):
                if block.key and block.key.endswith("_name"):
                    role = block.key.removesuffix("_name")
                elif block.key is None and role is not None:
                    if block.label == L.YEAR_OF_BIRTH:
                        extra.setdefault(f"{role}_birth_year", block.value)
                    elif block.label in (L.RESIDENCE, L.PERMANENT_ADDRESS):
                        extra.setdefault(f"{role}_residence" if role != "owner" else "owner_address", block.value)

    walk(built.spec.blocks)
    fields = {item.name for item in SCHEMAS[built.doc_type].fields}
    return {name: value for name, value in extra.items() if name in fields}


def build_cases(engine: Any, documents: int, seed: int, noise: float = 0.1) -> list[Case]:
    from pipeline.synth.scans.content import DocumentFactory
    from pipeline.synth.scans.generate import plan_documents
    from pipeline.synth.scans.people import Population

    rng = random.Random(seed)
    cases = []
    for index, built in enumerate(plan_documents(DocumentFactory(Population(engine)), documents, seed), start=1):
        values = {name: FieldValue(v, v, 1.0) for name, v in _printed_beside_the_truth(built).items()}
        for name, value in built.fields.items():
            if value is None:
                continue
            printed = built.printed.get(name)
            values[name] = FieldValue(str(value), printed if isinstance(printed, str) else str(value), 1.0)
        if rng.random() < noise:
            values = _noise(values, rng)
        cases.append(
            Case(
                RecordView(index, built.doc_type, values),
                {p["role"]: p["citizen_id"] for p in built.persons},
                {(i["code"], i["role"]) for i in built.injected},
            )
        )
    return cases


def cases_from_accuracy_run(folder: Path) -> tuple[Any, list[Case]]:
    """The records an accuracy run read from its scans (real OCR), with the truth of their scans."""
    from sqlalchemy import select

    from pipeline.store.models import Document, Record
    from pipeline.store.record_views import load_record_views, record_ids

    truths = {}
    for path in (folder / "scans").glob("*.truth.json"):
        truth = json.loads(path.read_text(encoding="utf-8"))
        for document in truth["documents"]:
            truths[(truth["file"], document["pages"][0])] = {**document, "quality": truth["quality"]}
    results = open_database(f"sqlite:///{folder / 'results.db'}")
    with results.connect() as connection:
        place = dict(
            (rid, (name, page))
            for rid, name, page in connection.execute(
                select(Record.id, Document.original_name, Record.first_page).join(Document)
            )
        )
        views = load_record_views(connection, record_ids(connection))
    results.dispose()
    cases = []
    for view in views:
        truth = truths.get(place[view.record_id])
        if truth is None or truth["doc_type"] != view.doc_type:
            continue  # a document typed wrong is the extraction's miss, scored by bench/accuracy.py
        cases.append(
            Case(
                view,
                {p["role"]: p["citizen_id"] for p in truth["persons"]},
                {(i["code"], i["role"]) for i in truth["injected"]},
                truth["quality"],
            )
        )
    return open_database(f"sqlite:///{folder / 'population.db'}"), cases


# --- our matching ---------------------------------------------------------------------------------------------------


def run_batch(
    engine: Any, cases: list[Case], workers: int
) -> tuple[list[RecordMatch], dict[int, set[tuple[str, str | None]]], dict]:
    """The batch matched in this process (then checked by the rules), and again by a warm pool of `workers`
    processes (matching and rules together, as `sohoa match` runs them); the pool's outcome must be the same."""
    from pipeline.match.parallel import MatchPool

    records = [c.record for c in cases]
    with engine.connect() as connection:
        context = load_context(connection)
        match_records(connection, records[:20], SCHEMAS, context)  # warm the page cache a little
        started = time.perf_counter()
        matches = match_records(connection, records, SCHEMAS, context)
        matched = time.perf_counter() - started
        issues = {m.record.record_id: record_issues(m, SCHEMAS, AS_OF) for m in matches}
        cleaned = time.perf_counter() - started
    timing = {"match_s": matched, "clean_s": cleaned}
    if workers > 1:
        with MatchPool(engine.url.render_as_string(hide_password=False), workers) as pool:
            pool.warm()
            pool.match(records[:20], context, AS_OF)
            started = time.perf_counter()
            pooled, pooled_issues = pool.match(records, context, AS_OF)
            timing["pool_s"] = time.perf_counter() - started
        same = pooled == [m.outcome() for m in matches]
        differ = [k for k in issues if issues[k] != pooled_issues.get(k)]
        assert same and not differ, f"the pool's outcome differs from one process's: {differ[:3]} {same}"
    outcomes = [m.outcome() for m in matches]
    duplicates = duplicate_issues([e for e in map(event_entry, outcomes) if e is not None], [])
    for record_id, issue in duplicates.items():
        issues[record_id].append(issue)
    codes = {record_id: {(i.code, i.role) for i in found} for record_id, found in issues.items()}
    return matches, codes, timing


def single_documents(engine: Any, cases: list[Case], count: int = 200) -> list[float]:
    """Milliseconds to match one document's persons alone, for `count` documents."""
    times = []
    with engine.connect() as connection:
        context = load_context(connection)
        for case in cases[:count]:
            started = time.perf_counter()
            match_records(connection, [case.record], SCHEMAS, context)
            times.append(1000 * (time.perf_counter() - started))
    return times


def score_links(cases: list[Case], links: dict[tuple[int, str], str | None]) -> dict[str, float]:
    """Precision and recall of the person links: a link is right when it names the truth's citizen."""
    made = right = should = 0
    correct_or_none = total = 0
    for case in cases:
        for role, truth in case.persons.items():
            if (case.record.record_id, role) not in links:
                continue
            got = links[(case.record.record_id, role)]
            total += 1
            correct_or_none += got == truth
            should += truth is not None
            if got is not None:
                made += 1
                right += got == truth
    return {
        "precision": right / made if made else float("nan"),
        "recall": right / should if should else float("nan"),
        "right_or_rightly_none": correct_or_none / total if total else float("nan"),
        "persons": total,
    }


def score_codes(cases: list[Case], codes: dict[int, set[tuple[str, str | None]]]) -> dict[str, tuple[int, int, int]]:
    tally: dict[str, list[int]] = {code: [0, 0, 0] for code in GENERATOR_CODES}
    for case in cases:
        got = {k for k in codes.get(case.record.record_id, set()) if k[0] in tally}
        for code, _ in got & case.injected:
            tally[code][0] += 1
        for code, _ in got - case.injected:
            tally[code][1] += 1
        for code, _ in case.injected - got:
            tally[code][2] += 1
    return {code: (tp, fp, fn) for code, (tp, fp, fn) in tally.items()}


def measure_weights(engine: Any, cases: list[Case], pairs: int = 50_000) -> None:
    """m of every level measured on the batch's true pairs (the generator's truth), u on random pairs of citizens,
    each beside the value the matcher uses (`pipeline.match.weights`)."""
    from pipeline.match.candidates import citizens_by_personal_id
    from pipeline.match.levels import ADDRESS, BIRTH_YEAR, COMPARISONS, DATE, NAME, PERSONAL_ID, SEX
    from pipeline.match.query import person_queries
    from pipeline.match.weights import DEFAULT_U, estimate_u, m_probabilities

    truths = []
    for case in cases:
        for query in person_queries(case.record, SCHEMAS[case.record.doc_type]):
            citizen_id = case.persons.get(query.role)
            if citizen_id and query.full_name:
                truths.append((query, citizen_id))
    with engine.connect() as connection:
        citizens = citizens_by_personal_id(connection, (c for _, c in truths))
        sample = [
            {"full_name": r[0], "date_of_birth": r[1], "personal_id": r[2], "sex": r[3], "address": r[4]}
            for r in connection.exec_driver_sql(
                "SELECT full_name, date_of_birth, personal_id, sex, address FROM citizens ORDER BY random() LIMIT 20000"
            )
        ]
    comparisons = [(NAME, "full_name"), (DATE, "date_of_birth"), (PERSONAL_ID, "personal_id"), (SEX, "sex")]
    comparisons.append((ADDRESS, "address"))
    u = estimate_u(sample, comparisons, pairs=pairs, seed=1)
    counts: dict[str, Counter[str]] = {c.name: Counter() for c, _ in comparisons}
    counts["birth_year"] = Counter()
    for query, citizen_id in truths:
        citizen = citizens.get(citizen_id)
        if citizen is None:
            continue
        date = BIRTH_YEAR if query.date_precision == "year" else DATE
        for comparison, document, database in (
            (NAME, query.full_name, citizen.full_name),
            (date, query.date_of_birth, citizen.date_of_birth),
            (PERSONAL_ID, query.personal_id, citizen.personal_id),
            (SEX, query.sex, citizen.sex),
            (ADDRESS, query.address, citizen.address),
        ):
            level = comparison.level_of(document, database)
            if level != "null":
                counts[comparison.name][level] += 1
    print(f"    weights: m on {len(truths)} true pairs, u on {pairs:,} random pairs of citizens (used in brackets)")
    for name, seen in counts.items():
        total = sum(seen.values())
        if not total:
            continue
        used_m = m_probabilities(COMPARISONS[name])
        cells = []
        for level in used_m:
            measured_u = u.get(name, {}).get(level)
            u_text = f" u {measured_u:.1e} [{DEFAULT_U[name][level]:.1e}]" if measured_u is not None else ""
            cells.append(f"{level} m {seen[level] / total:.3f} [{used_m[level]:.3f}]{u_text}")
        print(f"      {name}: " + "; ".join(cells))


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def print_codes(tally: dict[str, tuple[int, int, int]], other: Counter[str]) -> None:
    tp, fp, fn = (sum(t[i] for t in tally.values()) for i in range(3))
    print(f"    issue codes (all generator codes): precision {_ratio(tp, tp + fp)}, recall {_ratio(tp, tp + fn)}")
    print(f"    {'code':<22}{'precision':>10}{'recall':>8}{'tp':>6}{'fp':>5}{'fn':>5}")
    for code, (t, f, n) in tally.items():
        print(f"    {code:<22}{_ratio(t, t + f):>10}{_ratio(t, t + n):>8}{t:>6}{f:>5}{n:>5}")
    print("    other codes raised: " + (", ".join(f"{c} {n}" for c, n in other.most_common()) or "none"))


# --- the peer: Splink ----------------------------------------------------------------------------------------------


def splink_links(population_path: Path, cases: list[Case], seed: int) -> tuple[dict[tuple[int, str], str | None], dict]:
    """Link every person of `cases` to the population with Splink 4 on DuckDB; the best candidate at a match
    probability of 0.5 or more is the link."""
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from pipeline.match.query import person_queries

    rows = []
    for case in cases:
        for query in person_queries(case.record, SCHEMAS[case.record.doc_type]):
            if not query.full_name:
                continue
            dob = query.date_of_birth or ""
            rows.append(
                {
                    "unique_id": f"{case.record.record_id}|{query.role}",
                    "name_key": fold(query.full_name),
                    "surname_key": fold(query.full_name.split()[0]),
                    "given_key": fold(query.full_name.split()[-1]),
                    "dob": dob if len(dob) == 10 else None,
                    "birth_year": dob[:4] or None,
                    "personal_id": query.personal_id,
                    "sex": query.sex,
                    "address": ", ".join(" ".join(fold(p).split()) for p in (query.address or "").split(",")) or None,
                }
            )
    con = duckdb.connect()
    started = time.perf_counter()
    import sqlite3

    import pandas as pd

    # DuckDB's sqlite extension would be downloaded on first use: no network here, so the rows go through pandas
    with sqlite3.connect(population_path) as source:
        citizens = pd.read_sql_query(
            "SELECT personal_id AS unique_id, name_key, surname_key, given_key, "
            "CASE WHEN length(date_of_birth) = 10 THEN date_of_birth END AS dob, "
            "CAST(birth_year AS TEXT) AS birth_year, personal_id, sex, address FROM citizens",
            source,
        )
    citizens["address"] = [", ".join(" ".join(fold(p).split()) for p in a.split(",")) for a in citizens["address"]]
    con.register("citizens_df", citizens)
    con.execute("CREATE TABLE citizens AS SELECT * FROM citizens_df")

    queries = pd.DataFrame(rows)
    con.register("queries_df", queries)
    con.execute("CREATE TABLE queries AS SELECT * FROM queries_df")
    loaded = time.perf_counter() - started
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name_key", [0.97, 0.92, 0.80]),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("birth_year"),
            cl.LevenshteinAtThresholds("personal_id", [1, 2]),
            cl.ExactMatch("sex"),
            cl.ExactMatch("address"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("personal_id"),
            block_on("surname_key", "given_key", "birth_year"),
            block_on("given_key", "dob"),
            block_on("surname_key", "dob"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([con.table("queries"), con.table("citizens")], settings, db_api=DuckDBAPI(con))
    started = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match([block_on("personal_id")], recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_key", "birth_year"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    trained = time.perf_counter() - started
    started = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    predicted = time.perf_counter() - started
    best: dict[str, tuple[float, str]] = {}
    for left, right, probability in zip(
        predictions["unique_id_l"], predictions["unique_id_r"], predictions["match_probability"], strict=True
    ):
        query, citizen = (left, right) if "|" in str(left) else (right, left)
        if query not in best or probability > best[query][0]:
            best[query] = (probability, citizen)
    links: dict[tuple[int, str], str | None] = {}
    for row in rows:
        record, role = row["unique_id"].split("|")
        found = best.get(row["unique_id"])
        links[(int(record), role)] = found[1] if found else None
    con.close()
    return links, {"load_s": loaded, "train_s": trained, "predict_s": predicted, "persons": len(rows)}


# --- the run -------------------------------------------------------------------------------------------------------


def one_size(workdir: Path, people: int, documents: int, seed: int, splink: bool, workers: int) -> dict[str, Any]:
    from pipeline.match.model import ensure_model

    engine, built = population_db(workdir, people, seed)
    print(f"  population {people:,}: " + (f"generated and loaded in {built:.1f} s" if built else "reused"))
    started = time.perf_counter()
    model = ensure_model(engine)  # as `sohoa match` does: u measured on this population, once
    print(
        "    match model: "
        + (
            f"#{model.model_id}, {model.measured} levels' u measured on {model.pairs:,} pairs "
            f"({time.perf_counter() - started:.1f} s, or stored)"
            if model.model_id
            else "the default weights (population too small to measure u)"
        )
    )
    started = time.perf_counter()
    cases = build_cases(engine, documents, seed + 1)
    persons = sum(1 for c in cases for p in c.persons)
    print(f"    {len(cases)} documents, {persons} persons planned in {time.perf_counter() - started:.1f} s")
    path = workdir / f"population-{people}-seed{seed}.db"
    return evaluate(engine, cases, path, seed, splink, workers, weights=splink)


def evaluate(
    engine: Any,
    cases: list[Case],
    population_path: Path,
    seed: int,
    splink: bool,
    workers: int,
    weights: bool = False,
) -> dict[str, Any]:
    matches, codes, timing = run_batch(engine, cases, workers)
    outcomes = [m.outcome() for m in matches]
    queried = sum(1 for m in outcomes for p in m.persons if p.named)
    links = {(m.record.record_id, p.role): p.personal_id for m in outcomes for p in m.persons if p.named}
    statuses = Counter(p.status for m in outcomes for p in m.persons if p.named)
    single = single_documents(engine, cases)
    engine.dispose()
    ours = score_links(cases, links)
    rate = queried / timing["match_s"]
    print(
        f"    batch, one process: {queried} persons matched in {timing['match_s']:.2f} s = {rate:,.0f} persons/s "
        f"({1e6 * timing['match_s'] / queried:.0f} µs a person); with the rules {timing['clean_s']:.2f} s"
    )
    if "pool_s" in timing:
        print(
            f"    batch, {workers} processes (a warm pool, as `sohoa match` runs): matched and checked by the rules "
            f"in {timing['pool_s']:.2f} s = {queried / timing['pool_s']:,.0f} persons/s"
        )
    print(
        f"    a single document: median {statistics.median(single):.1f} ms, "
        f"95th percentile {sorted(single)[int(0.95 * len(single))]:.1f} ms ({len(single)} documents)"
    )
    print("    outcomes: " + ", ".join(f"{n} {s}" for s, n in statuses.most_common()))
    print(
        f"    person links: precision {ours['precision']:.4f}, recall {ours['recall']:.4f}, "
        f"right citizen or rightly none {100 * ours['right_or_rightly_none']:.2f}%"
    )
    tally = score_codes(cases, codes)
    other = Counter(code for found in codes.values() for code, _ in found if code not in GENERATOR_CODES)
    print_codes(tally, other)
    if weights:
        measure_weights(engine, cases)
    result: dict[str, Any] = {"persons": queried, **timing, "links": ours, "single_ms": single}
    if splink:
        peer_links, peer_timing = splink_links(population_path, cases, seed)
        peer = score_links(cases, peer_links)
        print(
            f"    Splink 4 (DuckDB): load {peer_timing['load_s']:.1f} s, train {peer_timing['train_s']:.1f} s, "
            f"predict {peer_timing['predict_s']:.2f} s = {peer_timing['persons'] / peer_timing['predict_s']:,.0f} "
            f"persons/s; links precision {peer['precision']:.4f}, recall {peer['recall']:.4f}, right citizen or "
            f"rightly none {100 * peer['right_or_rightly_none']:.2f}%"
        )
        result["splink"] = {**peer_timing, "links": peer}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000, help="The largest population (default 1,000,000).")
    parser.add_argument("--sizes", default="10000,100000", help="Smaller populations to measure too (comma list).")
    parser.add_argument(
        "--queries", type=int, default=10_000, help="Persons to match, at least (about 1.9 a document)."
    )
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--workdir", type=Path, help="Where the population databases are kept (default: a temp folder)."
    )
    parser.add_argument("--splink", action="store_true", help="Also link with Splink 4 (pip install 'splink>=4,<5').")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Matching processes of the pool.")
    parser.add_argument("--scans", type=Path, help="Score an accuracy run's OCR'd records instead (its --workdir).")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if args.scans is not None:
        from pipeline.match.model import ensure_model

        engine, cases = cases_from_accuracy_run(args.scans)
        qualities = Counter(c.quality for c in cases)
        print(f"matching benchmark on the OCR'd records of {args.scans}: {len(cases)} documents {dict(qualities)}")
        model = ensure_model(engine)  # as `sohoa process` and `sohoa match` do
        print(
            f"  match model: {f'#{model.model_id}, {model.measured} levels measured' if model.model_id else 'defaults'}"
        )
        evaluate(engine, cases, args.scans / "population.db", args.seed, args.splink, 1, weights=True)
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sohoa-matching-"))
    workdir.mkdir(parents=True, exist_ok=True)
    documents = max(1, round(args.queries / 1.9))
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()} | {args.people})
    print(f"matching benchmark: seed {args.seed}, {os.cpu_count()} cores, SQLite, workdir {workdir}")
    results = {}
    for size in sizes:
        results[size] = one_size(workdir, size, documents, args.seed, args.splink and size == args.people, args.workers)
    smallest, largest = sizes[0], sizes[-1]
    for label, key in (("one process", "match_s"), (f"{args.workers} processes", "pool_s")):
        if all(key in results[s] for s in sizes):
            per = {s: results[s][key] / results[s]["persons"] for s in sizes}
            print(
                f"  time per person from {smallest:,} to {largest:,} citizens, {label}: {1e6 * per[smallest]:.0f} -> "
                f"{1e6 * per[largest]:.0f} µs ({per[largest] / per[smallest]:.2f}x)"
            )


if __name__ == "__main__":
    main()
