"""`generate_scans`: documents about real people of the population, drawn, degraded and filed with their truth.

The run is planned before anything is drawn: first the documents (type, people, discrepancies), then the files
(format, quality, which documents go into a multi-page file), so that a duplicate birth certificate always lands in
another file than its original and the ground truth can point from one to the other. Each document and each file
draws from its own random generator, seeded from the run's seed and its number: a seed and a database give the same
files, byte for byte.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from .content import DOC_TYPES, BuiltDocument, DocumentFactory
from .degrade import MIXED_WEIGHTS, QUALITIES, Degradation, degrade, plan_degradation
from .fonts import discover_families
from .formats import EXTENSIONS, FORMATS, MULTI_PAGE_FORMATS, PageImage, write_pages
from .people import Population
from .render import draw_page, layout_page, spec_text
from .style import choose_style

GENERATOR = "sohoa.synth.scans/1"
TYPE_WEIGHTS = {"birth": 35, "death": 20, "marriage": 20, "land": 25}
FORMAT_WEIGHTS = {"png": 30, "jpeg": 20, "tiff": 20, "pdf": 30}
MULTI_DOCUMENT_SHARE = 1 / 3  # of TIFF and PDF files
CLEAN_MODES = {"bilevel": 80, "grey": 10, "color": 10}  # shares of clean PNG, TIFF and PDF files
CLEAN_JPEG_MODES = {"grey": 50, "color": 50}
TRUTH_INDEX = "truth.jsonl"
_FORMAT_ALIASES = {"jpg": "jpeg", "tif": "tiff"}
_OUR_FILE_RE = re.compile(r"scan_[0-9]{4,}\.(png|jpg|tif|pdf)")


@dataclass
class GenerationSummary:
    out_dir: Path
    documents: int = 0
    files: int = 0
    pages: int = 0
    bytes_written: int = 0
    seconds: float = 0.0
    by_type: dict[str, int] = field(default_factory=dict)
    by_quality: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, int] = field(default_factory=dict)  # files per format
    injected: dict[str, int] = field(default_factory=dict)  # documents per discrepancy code
    file_names: list[str] = field(default_factory=list)

    @property
    def truth_index(self) -> Path:
        return self.out_dir / TRUTH_INDEX


@dataclass
class _PlannedFile:
    name: str
    fmt: str
    quality: str
    documents: list[BuiltDocument]
    color_mode: str | None = None  # decided for clean files, so that a run's size does not swing with the seed


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(["sohoa.synth.scans", str(seed), *map(str, parts)]))


def normalize_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """Lower-case, aliases resolved (jpg, tif), duplicates dropped; raises ValueError on an unknown format."""
    result: list[str] = []
    for fmt in formats:
        name = _FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        if name not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: expected some of {', '.join(FORMATS)}")
        if name not in result:
            result.append(name)
    if not result:
        raise ValueError("no output format given")
    return tuple(result)


def _stratified(rng: random.Random, values: Sequence[str], weights: dict[str, float], count: int) -> list[str]:
    """`count` values in the proportions of `weights` (largest remainders), in random order.

    Every value appears at least once when `count` allows, so a small run still covers all of them; and a run's
    make-up does not swing with the seed, which keeps the size of a sample set predictable.
    """
    total = sum(weights[v] for v in values)
    exact = {v: weights[v] / total * count for v in values}
    counts = {v: int(exact[v]) for v in values}
    if count >= len(values):
        for v in values:
            counts[v] = max(counts[v], 1)
    by_remainder = sorted(values, key=lambda v: (exact[v] - int(exact[v]), weights[v]), reverse=True)
    k = 0
    while sum(counts.values()) < count:
        counts[by_remainder[k % len(values)]] += 1
        k += 1
    while sum(counts.values()) > count:  # the minimum of one pushed the total over
        largest = max(values, key=lambda v: counts[v])
        counts[largest] -= 1
    result = [v for v in values for _ in range(counts[v])]
    rng.shuffle(result)
    return result


def plan_documents(factory: DocumentFactory, count: int, seed: int) -> list[BuiltDocument]:
    """The `count` documents a run of `seed` is about, with their truth, before anything is drawn (the matching
    benchmark types them in instead of scanning them)."""
    types = _stratified(_rng(seed, "types"), DOC_TYPES, TYPE_WEIGHTS, count)
    documents: list[BuiltDocument] = []
    for index, doc_type in enumerate(types):
        rng = _rng(seed, "document", index)
        built: BuiltDocument | None = None
        # A type the database cannot serve (no married couple, say) gives way to the others.
        for kind in [doc_type, *(t for t in DOC_TYPES if t != doc_type)]:
            for _ in range(25):
                built = factory.build(kind, rng, factory.choose_codes(kind, rng))
                if built is not None:
                    break
            if built is not None:
                break
        if built is None:
            raise ValueError("the population database has nobody a document can be generated about")
        built.index = index + 1
        documents.append(built)
    return documents


def _assign_qualities(sizes: list[int], quality: str, rng: random.Random) -> list[str]:
    """A quality per file, so that the documents' qualities come out in the 40/35/25 proportions of `mixed`.

    Files are taken largest first and each goes to the quality furthest below its share of the documents.
    """
    if quality != "mixed":
        return [quality] * len(sizes)
    targets = Counter(_stratified(rng, QUALITIES, MIXED_WEIGHTS, sum(sizes)))
    order = sorted(range(len(sizes)), key=lambda k: (-sizes[k], rng.random()))
    assigned: dict[int, str] = {}
    for k in order:
        best = max(QUALITIES, key=lambda q: (targets[q], MIXED_WEIGHTS[q]))
        assigned[k] = best
        targets[best] -= sizes[k]
    return [assigned[k] for k in range(len(sizes))]


def _plan_files(
    documents: list[BuiltDocument], formats: tuple[str, ...], quality: str, seed: int
) -> list[_PlannedFile]:
    """Group the documents into files, each with a format and a quality (one scanning session per file).

    About a third of TIFF and PDF files take two or three documents; a duplicate never shares a file with its
    original.
    """
    rng = _rng(seed, "files")
    fmt_plan = _stratified(rng, formats, FORMAT_WEIGHTS, len(documents))  # at most one file per document
    groups: list[tuple[str, list[BuiltDocument]]] = []
    i = 0
    while i < len(documents):
        fmt = fmt_plan[len(groups)]
        size = rng.randint(2, 3) if fmt in MULTI_PAGE_FORMATS and rng.random() < MULTI_DOCUMENT_SHARE else 1
        group: list[BuiltDocument] = []
        for doc in documents[i : i + size]:
            if doc.duplicate_of in group:
                break
            group.append(doc)
        groups.append((fmt, group))
        i += len(group)
    qualities = _assign_qualities([len(g) for _, g in groups], quality, rng)
    # Clean pages are mostly black-and-white scans, batches of several documents always; JPEG files cannot be
    # black and white, so they are grey or colour.
    clean = [k for k, q in enumerate(qualities) if q == "clean"]
    modes: dict[int, str] = {}
    for jpeg, choices in ((False, CLEAN_MODES), (True, CLEAN_JPEG_MODES)):
        ks = sorted((k for k in clean if (groups[k][0] == "jpeg") == jpeg), key=lambda k: (len(groups[k][1]), k))
        drawn = sorted(_stratified(rng, list(choices), choices, len(ks)), key=lambda m: m == "bilevel")
        modes.update(zip(ks, drawn, strict=True))
    width = max(4, len(str(len(documents))))
    files: list[_PlannedFile] = []
    for k, ((fmt, group), file_quality) in enumerate(zip(groups, qualities, strict=True)):
        name = f"scan_{k + 1:0{width}d}{EXTENSIONS[fmt]}"
        for page, doc in enumerate(group, start=1):
            doc.file, doc.page = name, page
        files.append(_PlannedFile(name, fmt, file_quality, group, modes.get(k)))
    return files


def _lossless_storage(plan: Degradation) -> Degradation:
    """How a page is kept in a lossless file (PNG, TIFF) without ballooning it.

    A noisy scan is stored in grey, reduced to a few grey levels (after its JPEG artefacts): 8 for scanned pages,
    6 for poor ones. A clean colour page gets a 32-colour palette. Clean grey and black-and-white pages are kept
    as they are.
    """
    if plan.jpeg_quality:
        return replace(plan, color_mode="grey", levels=8 if plan.quality == "scanned" else 6)
    if plan.color_mode == "color":
        return replace(plan, levels=32)
    return plan


def _remove_previous_run(out_dir: Path) -> None:
    """Delete the files a previous run listed in the folder's truth index (and nothing else)."""
    index = out_dir / TRUTH_INDEX
    if not index.is_file():
        return
    names: set[str] = set()
    for line in index.read_text(encoding="utf-8").splitlines():
        try:
            name = json.loads(line).get("file", "")
        except (json.JSONDecodeError, AttributeError):
            continue
        if isinstance(name, str) and _OUR_FILE_RE.fullmatch(name):
            names.add(name)
    for name in names:
        for path in (out_dir / name, out_dir / f"{name}.truth.json"):
            path.unlink(missing_ok=True)
    index.unlink()


def _document_truth(doc: BuiltDocument, plan: Degradation, style_record: dict[str, Any], fallbacks: set[str]) -> dict:
    truth = doc.truth()
    injected = []
    for entry in truth["injected"]:
        entry = dict(entry)
        if entry["code"] == "DUPLICATE_RECORD" and doc.duplicate_of is not None:
            entry["duplicate_of"] = {"file": doc.duplicate_of.file, "page": doc.duplicate_of.page}
        injected.append(entry)
    return {
        "index": doc.index,
        "doc_type": doc.doc_type,
        "pages": [doc.page],
        "quality": plan.quality,
        "dpi": plan.dpi,
        "rotation": plan.rotation,
        "skew_deg": plan.skew_deg,
        "font": style_record["font"],
        "layout": style_record["layout"],
        "style": {**style_record, **doc.text_style, "font_fallbacks": sorted(fallbacks)},
        "degradation": plan.record(),
        "fields": truth["fields"],
        "printed": truth["printed"],
        "persons": truth["persons"],
        "injected": injected,
    }


def generate_scans(
    engine: Engine,
    out_dir: Path,
    *,
    count: int,
    quality: str = "mixed",
    seed: int = 1,
    formats: tuple[str, ...] = FORMATS,
    on_progress: Callable[[int], None] | None = None,
) -> GenerationSummary:
    """Render `count` documents about citizens of the database into `out_dir`, each file with its ground truth.

    `quality` is clean, scanned, poor or mixed (each document gets one, in the proportions 40/35/25; a multi-page
    file holds documents of one quality). `formats` limits the file formats
    (png, jpeg, tiff, pdf). `on_progress` is called with the number of documents just written. Files of a previous
    run listed in the folder's truth.jsonl are replaced; other files are left alone. Raises ValueError for a bad
    argument or a database with nobody to write about.
    """
    started = time.perf_counter()
    if count < 0:
        raise ValueError("count must be 0 or more")
    if quality not in (*QUALITIES, "mixed"):
        raise ValueError(f"unknown quality {quality!r}: expected clean, scanned, poor or mixed")
    formats = normalize_formats(formats)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_previous_run(out_dir)
    summary = GenerationSummary(out_dir=out_dir)
    if count == 0:
        (out_dir / TRUTH_INDEX).write_text("", encoding="utf-8")
        return summary

    families = discover_families()
    population = Population(engine)
    documents = plan_documents(DocumentFactory(population), count, seed)
    files = _plan_files(documents, formats, quality, seed)

    index_lines: list[str] = []
    for planned in files:
        pages: list[PageImage] = []
        doc_truths: list[dict[str, Any]] = []
        session: Degradation | None = None  # one scanning session per file: same dpi, colour mode, JPEG quality
        for doc in planned.documents:
            rng = _rng(seed, "render", doc.index)
            plan = plan_degradation(planned.quality, rng, bilevel_ok=planned.fmt != "jpeg")
            if planned.color_mode:
                plan = replace(plan, color_mode=planned.color_mode)
            if planned.fmt in ("png", "tiff"):
                plan = _lossless_storage(plan)
            if session is None:
                session = plan
            else:
                plan = replace(
                    plan, color_mode=session.color_mode, jpeg_quality=session.jpeg_quality, levels=session.levels
                )
            style = choose_style(rng, families, spec_text(doc.spec), tinted=planned.quality != "clean")
            layout, style = layout_page(doc.spec, style, plan.dpi, families, rng)
            page = draw_page(layout, style, rng)
            pages.append(PageImage(degrade(page, plan, (seed & 0xFFFFFFFF, doc.index)), plan))
            doc_truths.append(_document_truth(doc, plan, style.record(), layout.fallbacks))
        path = out_dir / planned.name
        size = write_pages(path, planned.fmt, pages, population.today)
        file_truth = {
            "file": planned.name,
            "format": planned.fmt,
            "quality": planned.quality,
            "seed": seed,
            "generator": GENERATOR,
            "dpi": pages[0].plan.dpi,
            "page_count": len(pages),
            "documents": doc_truths,
        }
        truth_path = out_dir / f"{planned.name}.truth.json"
        truth_path.write_text(json.dumps(file_truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        for truth in doc_truths:
            line = {"file": planned.name, "format": planned.fmt, "page": truth["pages"][0], **truth}
            index_lines.append(json.dumps(line, ensure_ascii=False))
        summary.files += 1
        summary.pages += len(pages)
        summary.documents += len(planned.documents)
        summary.bytes_written += size + truth_path.stat().st_size
        summary.file_names.append(planned.name)
        if on_progress is not None:
            on_progress(len(planned.documents))

    (out_dir / TRUTH_INDEX).write_text("\n".join(index_lines) + "\n", encoding="utf-8")
    summary.by_type = dict(Counter(d.doc_type for d in documents))
    summary.by_quality = dict(Counter(f.quality for f in files for _ in f.documents))
    summary.by_format = dict(Counter(f.fmt for f in files))
    summary.injected = dict(
        Counter(entry["code"] for d in documents for entry in {e["code"]: e for e in d.injected}.values())
    )
    summary.seconds = time.perf_counter() - started
    return summary
