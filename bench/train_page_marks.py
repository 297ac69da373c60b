"""Train the page-trained mark readers on vowels cut from whole synthetic scans, as the pipeline cuts them.

    python bench/train_page_marks.py --workdir /tmp/page-marks      # about 45 minutes on 2 cores

The mark reader of `train_mark_reader.py` learns from words rendered alone, upright and clean of stamps. On the
pages the pipeline reads, values are set in italics, under stamps and signatures, blurred, grainy and JPEG'd; these
models learn from those pages. For each set of `--train` (seed:documents, mixed quality; generated into the work
folder as `bench/accuracy.py` does, or reused), every page is preprocessed and read by Tesseract as the pipeline
does; the words of each printed value of two words or more are found among a line's words by their letters
without marks (never by where the generator put them), and every vowel of those in capitals or with a capital
first gives a patch (`mark_reader.patch`), the marks read and the marks printed. Words rendered as
`train_mark_reader.py` renders them (every mark equally often: the language's prior is not learned) are added.

Two models are written: `mark_reader_pages.npz` (small letters) and `mark_reader_pages_capitals.npz`. They are
then measured on `--eval` (a set of seeds not trained on), as the pipeline uses them:

- capitals: a mark read is overruled where the model is sure of another (`mark_reader.SURE_TO_OVERRULE`): how
  many readings that mends and how many right ones it breaks;
- small letters: a reading is confirmed where the model is sure of its marks (`mark_reader.SURE_OF_READING`):
  how many right and wrong readings that confirms (a confirmed name keeps its marks against the register's
  commoner spelling, `pipeline.extract.reread`).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_mark_reader as rendered

from pipeline.intake.sniff import sniff_file
from pipeline.normalize.text import fold
from pipeline.ocr import mark_reader as R
from pipeline.ocr.marks import letters_of
from pipeline.ocr.tesseract import ocr_page
from pipeline.preprocess.pipeline import preprocess_image
from pipeline.raster import rasterize

_EDGES = re.compile(r"^\W+|\W+$")


@dataclass(frozen=True)
class Sample:
    capitals: bool
    base: str  # the vowel's letter as read (the model reads one letter's marks)
    read: int  # index in R.CLASSES of the marks read
    printed: int  # ... and of the marks printed
    patch: np.ndarray  # specks and all: whitened, the capitals model broke 25 right readings of 3,000


def _marks(letter: str) -> tuple[str, tuple[str, str]]:
    marks = letter[1:]
    base = unicodedata.normalize("NFC", letter[0].lower() + (R.HORN if R.HORN in marks else ""))
    hat = next((m for m in (R.CIRCUMFLEX, R.BREVE) if m in marks), "")
    tone = next((m for m in (R.GRAVE, R.ACUTE, R.HOOK, R.TILDE) if m in marks), "")
    return base, (hat, tone)


def _letters(text: str) -> list[str]:
    return [unicodedata.normalize("NFD", c) for c in unicodedata.normalize("NFC", text) if c.isalpha()]


def _aligned(words: list, printed: dict) -> list[tuple[object, str, str]]:
    """(word, its text without edge marks, the printed word) for each run of a line's words whose letters without
    marks are those of a printed value of two words or more."""
    values = []
    for value in printed.values():
        if isinstance(value, str):
            tokens = [t for t in (_EDGES.sub("", t) for t in value.split()) if t]
            if len(tokens) >= 2:
                values.append(tokens)
    lines: dict[tuple[int, int, int], list] = {}
    for word in words:
        lines.setdefault((word.block, word.par, word.line), []).append(word)
    out = []
    for line in lines.values():
        cores = [_EDGES.sub("", w.text) for w in line]
        folds = [fold(c).upper() for c in cores]
        for tokens in values:
            wanted = [fold(t).upper() for t in tokens]
            for start in range(len(line) - len(tokens) + 1):
                if folds[start : start + len(tokens)] == wanted:
                    out += [(line[start + i], cores[start + i], tokens[i]) for i in range(len(tokens))]
    return out


def samples_of_file(path: Path) -> list[Sample]:
    import json

    truth = json.loads(Path(f"{path}.truth.json").read_text())
    out: list[Sample] = []
    try:
        pages = list(rasterize(path, sniff_file(path).media_type))
    except Exception:  # a file the generator made unreadable on purpose
        return out
    for page in pages:
        doc = next((d for d in truth["documents"] if page.page_no in d["pages"]), None)
        if doc is None:
            continue
        gray = preprocess_image(page.image, page.dpi).image
        for word, core, printed in _aligned(ocr_page(gray, dpi=page.dpi), doc["printed"]):
            read, true = _letters(core), _letters(printed)
            if len(read) < 2 or len(read) != len(true) or not core.isalpha():
                continue
            capitals = all(c[0].isupper() for c in read)
            if not (capitals or (read[0][0].isupper() and all(c[0].islower() for c in read[1:]))):
                continue
            vowels = R.vowels_of(read, capitals=capitals)
            letters = letters_of(gray, word, len(read)) if vowels else None
            if letters is None or not letters.columns:
                continue
            paper, ink = R.word_tone_range(gray, word.box.left, word.box.right, letters.top, letters.baseline)
            for vowel in vowels:
                base, marks_read = _marks(read[vowel.index])
                true_base, marks_printed = _marks(true[vowel.index])
                if true_base != base or not R.allowed(base)[R.CLASSES.index(marks_printed)]:
                    continue  # another letter read (u for ư): not the marks' model's to learn
                column = letters.columns[vowel.index]
                patch = R.patch(gray, column, letters.top, letters.height, paper, ink)
                if patch is None:
                    continue
                classes = R.CLASSES.index(marks_read), R.CLASSES.index(marks_printed)
                out.append(Sample(capitals, base, *classes, patch.astype(np.float16)))
    return out


def scans_of(workdir: Path, seed: int, documents: int) -> Path:
    """The scans of a mixed set of `documents` with `seed` in `workdir`, generated when missing."""
    from pipeline.population.loader import load_rows
    from pipeline.store.db import open_database
    from pipeline.synth.population import PopulationGenerator, citizen_rows
    from pipeline.synth.scans import generate_scans

    folder = workdir / f"s{seed}"
    scans = folder / "scans"
    if not (scans / "truth.jsonl").exists():
        folder.mkdir(parents=True, exist_ok=True)
        population = open_database(f"sqlite:///{folder / 'population.db'}")
        as_of = date(2026, 11, 25)
        load_rows(population, citizen_rows(PopulationGenerator(seed, as_of).people(5000), as_of), source_name="bench")
        generate_scans(population, scans, count=documents, quality="mixed", seed=seed)
        population.dispose()
    return scans


def collect(workdir: Path, sets: list[tuple[int, int]], workers: int) -> list[Sample]:
    files = []
    for seed, documents in sets:
        scans = scans_of(workdir, seed, documents)
        files += sorted(p for p in scans.iterdir() if p.name.startswith("scan_") and not p.name.endswith(".json"))
    samples: list[Sample] = []
    with ProcessPoolExecutor(workers) as pool:
        for found in pool.map(samples_of_file, files, chunksize=2):
            samples += found
    return samples


def _arrays(samples: list[Sample], capitals: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    chosen = [s for s in samples if s.capitals == capitals]
    x = np.array([R.features(s.patch.astype(np.float32), s.base) for s in chosen], dtype=np.float32)
    x = x.reshape(len(chosen), R.FEATURES)
    return x, np.array([s.printed for s in chosen], dtype=int), np.array([s.read for s in chosen], dtype=int)


def measure(model: R.MarkModel, x: np.ndarray, printed: np.ndarray, read: np.ndarray, capitals: bool) -> None:
    bases = [R.BASES[i] for i in np.argmax(x[:, -len(R.BASES) :], axis=1)]
    probs = model.probabilities(x) * np.array([R.allowed(b) for b in bases])
    probs /= probs.sum(axis=1, keepdims=True)
    best = probs.argmax(axis=1)
    of_read = probs[np.arange(len(read)), read]
    right = read == printed
    print(
        f"  {len(read)} vowels: read right {right.mean():.2%} ({(~right).sum()} wrong); "
        f"the model right {(best == printed).mean():.2%}"
    )
    if capitals:
        for sure in (0.99, R.SURE_TO_OVERRULE, 0.9999):
            change = (best != read) & (probs.max(axis=1) >= sure) & (of_read <= R.READ_AT_MOST)
            print(
                f"  overruled at {sure}: {change.sum()} readings, {(change & (best == printed)).sum()} mended, "
                f"{(change & right).sum()} right ones broken"
            )
    for sure in (0.95, R.SURE_OF_READING, 0.999):
        kept = of_read >= sure
        print(
            f"  confirmed at {sure}: {(kept & right).sum()} of {right.sum()} right readings, "
            f"{(kept & ~right).sum()} of {(~right).sum()} wrong ones"
        )


def _sets(text: str) -> list[tuple[int, int]]:
    return [(int(seed), int(count)) for seed, count in (part.split(":") for part in text.split(","))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, required=True, help="where the sets are generated (or reused)")
    parser.add_argument("--train", type=_sets, default=_sets("9761:400,9762:400,10900:1000"))
    parser.add_argument("--eval", type=_sets, default=_sets("11000:1000"))
    parser.add_argument("--rendered", type=int, default=60_000, help="rendered vowels added (capitals: 2/3)")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=18)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out-dir", type=Path, default=R.PAGE_MODEL_PATH.parent)
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    workers = max(1, len(os.sched_getaffinity(0)))
    started = time.perf_counter()
    train = collect(args.workdir, args.train, workers)
    held_out = collect(args.workdir, args.eval, workers)
    print(
        f"collected {len(train)} training and {len(held_out)} held-out vowels in {time.perf_counter() - started:.0f} s"
    )
    fonts = [p for p in map(rendered.find_font, rendered.TRAIN_FONTS + rendered.GENERATOR_FONTS) if p]
    for capitals, name in ((False, "mark_reader_pages.npz"), (True, "mark_reader_pages_capitals.npz")):
        x, y, _ = _arrays(train, capitals)
        count = args.rendered * 2 // 3 if capitals else args.rendered
        xr, yr = rendered.make_set(fonts, count, random.Random(args.seed), capitals, specks=capitals)
        model = rendered.train(
            np.vstack([x, xr]), np.concatenate([y, yr]), hidden=args.hidden, epochs=args.epochs, seed=args.seed
        )
        model.save(args.out_dir / name)
        print(f"{name}: {len(y)} page vowels and {len(yr)} rendered; on the held-out pages:")
        xe, ye, re_ = _arrays(held_out, capitals)
        measure(model, xe, ye, re_, capitals)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
