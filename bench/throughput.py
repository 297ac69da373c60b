"""Throughput: pages per minute of sohoa's pipeline against the bare `tesseract` command on the same pages.

    .venv/bin/python bench/throughput.py --documents 40

Generates a fresh mixed set of scans, then measures, on the same pages and the same cores:
- baseline: `tesseract PAGE - -l vie --dpi N tsv` (word boxes, as sohoa asks for), one process per core, each with
  OMP_THREAD_LIMIT=1, on the pages already rasterised to PPM files (rasterising is not counted for the baseline);
- sohoa pipeline: `process_file` on every file (intake, raster, preprocessing, OCR, the second pass on doubtful
  fields, extraction, storage), files taken two per core at a time as the Prefect flow's task runner takes them,
  pages read by the OCR pool's one worker per core;
- `sohoa process` as a user runs it: the same plus Prefect (its temporary server's start is reported apart).
Prints pages per minute, the ratio to the baseline, and the peak memory of an OCR worker and of the main process.
The baseline is measured twice, before and after the sohoa runs, and the ratios use the mean: the machine's own
speed drifts by several percent over minutes.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.intake.sniff import sniff_file
from pipeline.processing import collect_inputs, process_file
from pipeline.raster import rasterize
from pipeline.store.db import open_database


def _pages_to_ppm(files: list[Path], out: Path) -> list[tuple[Path, int]]:
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in files:
        info = sniff_file(path)
        for page in rasterize(path, info.media_type):
            image = page.image if page.image.ndim == 2 else page.image[:, :, ::-1]
            target = out / f"{path.stem}-{page.page_no}.ppm"
            Image.fromarray(np.ascontiguousarray(image)).save(target)
            pages.append((target, page.dpi))
    return pages


def baseline(pages: list[tuple[Path, int]], workers: int) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(item: tuple[Path, int]) -> None:
        path, dpi = item
        subprocess.run(
            ["tesseract", str(path), "-", "-l", "vie", "--dpi", str(dpi), "tsv"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, pages))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7001)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--skip-cli", action="store_true", help="Do not measure `sohoa process` (Prefect).")
    args = parser.parse_args()

    from pipeline.population.loader import load_rows
    from pipeline.processing import open_ocr_pool
    from pipeline.store.name_counts import load_name_lexicon
    from pipeline.synth.population import PopulationGenerator, citizen_rows
    from pipeline.synth.scans import generate_scans

    workers = len(os.sched_getaffinity(0))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sohoa-throughput-"))
    workdir.mkdir(parents=True, exist_ok=True)
    as_of = date(2026, 11, 25)
    engine = open_database(f"sqlite:///{workdir / 'population.db'}")
    load_rows(engine, citizen_rows(PopulationGenerator(args.seed, as_of).people(3000), as_of), source_name="bench")
    scans = workdir / "scans"
    generate_scans(engine, scans, count=args.documents, quality="mixed", seed=args.seed)
    files = collect_inputs([scans])
    pages = _pages_to_ppm(files, workdir / "ppm")
    count = len(pages)

    # the machine's own speed drifts by up to 10% over minutes here: the baseline is measured before and after the
    # sohoa runs, and the ratios use their mean
    base_before = baseline(pages, workers)

    run_db = open_database(f"sqlite:///{workdir / 'run.db'}")
    started = time.perf_counter()
    # the name counts come from the population, as `sohoa process` reads them from its database
    with open_ocr_pool(lexicon=load_name_lexicon(engine)) as ocr, ThreadPoolExecutor(2 * workers) as threads:
        outcomes = list(threads.map(lambda path: process_file(run_db, path, ocr), files))
    pipeline_s = time.perf_counter() - started
    failed = sum(o.status == "failed" for o in outcomes)
    with run_db.connect() as connection:
        stored = connection.exec_driver_sql("SELECT count(*) FROM pages").scalar_one()
    main_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    cli_s = None
    if not args.skip_cli:
        data = str(workdir / "data")

        def cli(folder: Path, db: str) -> float:
            env = {**os.environ, "SOHOA_DB_URL": f"sqlite:///{workdir / db}", "SOHOA_DATA_DIR": data}
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "pipeline.cli", "process", str(folder)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            return time.perf_counter() - started

        # The first command of a data folder also creates Prefect's database, which a user pays once: one file is
        # processed first (into a database of its own), then again (already done: Prefect's fixed cost alone).
        warmup = workdir / "warmup"
        warmup.mkdir(exist_ok=True)
        shutil.copy(files[0], warmup / files[0].name)
        first_s = cli(warmup, "warmup.db")
        idle_s = cli(warmup, "warmup.db")
        # the command's database holds the population, as a province's does: its names feed the second opinion
        shutil.copy(workdir / "population.db", workdir / "cli.db")
        cli_s = cli(scans, "cli.db")

    base_after = baseline(pages, workers)
    base_s = (base_before + base_after) / 2

    def ppm(seconds: float) -> float:
        return 60 * count / seconds

    print(f"throughput benchmark: {args.documents} documents, {len(files)} files, {count} pages, {workers} cores")
    print(f"  {'run':<52}{'wall s':>8}{'pages/min':>11}{'vs tesseract':>14}")
    print(
        f"  {'baseline: tesseract CLI, OMP_THREAD_LIMIT=1, 1/core':<52}{base_s:>8.1f}{ppm(base_s):>11.1f}{'100%':>14}"
    )
    print(f"    (the mean of {base_before:.1f} s before the sohoa runs and {base_after:.1f} s after them)")
    print(
        f"  {'sohoa pipeline (process_file, OCR pool)':<52}{pipeline_s:>8.1f}{ppm(pipeline_s):>11.1f}"
        f"{100 * base_s / pipeline_s:>13.0f}%"
    )
    if cli_s is not None:
        print(
            f"  {'sohoa process (CLI, Prefect temporary server)':<52}{cli_s:>8.1f}{ppm(cli_s):>11.1f}"
            f"{100 * base_s / cli_s:>13.0f}%"
        )
        print(
            f"  sohoa process with nothing new to do: {idle_s:.1f} s (Prefect's temporary server and a flow run); "
            f"the data folder's first command, one file: {first_s:.1f} s (Prefect also creates its database)"
        )
    print(f"  pages stored: {stored}, files failed: {failed}")
    print(f"  peak memory: main process {main_peak:.0f} MB, largest child (an OCR worker) {worker_peak:.0f} MB")


if __name__ == "__main__":
    main()
