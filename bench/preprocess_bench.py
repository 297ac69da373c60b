"""What each preprocessing step buys in OCR accuracy, and what it costs.

Runs OCR (through `pipeline.ocr.pool.OcrPool`, one worker per core, exactly as production) over a set of scans
once per preprocessing configuration: raw, each step alone, the chosen default, the default with one step removed
or added, and the expensive reference (enlarging + OpenCV non-local means + deskew). Prints, per configuration,
the character error rate (CER) against the truth, how many key values (names, dates, IDs) are read exactly, the
orientation and skew found, and the cost: preprocessing ms per page and OCR s per page.

Scans come from either or both of:

* `--scans DIR`: the scan generator's output (`scan_0001.png` and `scan_0001.png.truth.json` holding
  {"documents": [{"fields": {...}, "printed": {...}, "rotation": 180, "skew_deg": -2.1, ...}]}). Every string in
  `printed` (the values as printed) is a truth value; its CER is that of the best-matching stretch of the OCR
  text. Only PNG/JPEG/TIFF single-page files are read (`--scans` globs scan_*.png by default, see --pattern).
* `--render N` (the default when no folder is given: 16 pages): Vietnamese civil-registration forms rendered here
  with PIL at 300 dpi (DejaVu, Liberation 2, Noto; labels, names in capitals and title case, dates, 12-digit IDs),
  then degraded like poor scans: skew up to 4 degrees, blur, grain, uneven light, tinted paper, specks, red stamps,
  JPEG quality 40, a third at 200 dpi and about a third upside down. Each rendered line is a truth value, matched
  like the generator's values; "junk" counts the characters read beyond the page's text (specks read as text).

    .venv/bin/python bench/preprocess_bench.py                     # 16 rendered pages, every configuration
    .venv/bin/python bench/preprocess_bench.py --scans data/scans --render 0 --configs raw,default
    .venv/bin/python bench/preprocess_bench.py --psm-sweep         # also compare Tesseract's page modes
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.ocr.model import PageOCR, PageStatus
from pipeline.ocr.pool import OcrPool
from pipeline.ocr.tesseract import DEFAULT_PSM
from pipeline.preprocess import PreprocessConfig

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/noto",
)
FONT_FILES = (
    "DejaVuSerif.ttf",
    "DejaVuSans.ttf",
    "LiberationSerif-Regular.ttf",
    "LiberationSans-Regular.ttf",
    "NotoSerif-Regular.ttf",
    "NotoSans-Regular.ttf",
)


# -- truth and scoring ---------------------------------------------------------------------------------------------


@dataclass
class BenchPage:
    """A page as the raster stage would hand it over, with its truth."""

    page_no: int
    image: np.ndarray
    dpi: int
    dpi_source: str
    name: str = ""
    lines: list[str] = field(default_factory=list)  # whole-page truth (rendered pages)
    values: list[str] = field(default_factory=list)  # key values that extraction needs verbatim
    rotation: int | None = None  # clockwise degrees that make the page upright
    skew: float | None = None  # degrees, counter-clockwise positive


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def substring_distance(needle: str, haystack: str) -> int:
    """Fewest edits turning `needle` into some stretch of `haystack` (semi-global alignment)."""
    if not needle:
        return 0
    hh = np.frombuffer(haystack.encode("utf-32-le"), dtype=np.uint32)
    steps = np.arange(len(haystack) + 1)
    row = np.zeros(len(haystack) + 1, dtype=np.int64)  # the stretch may start anywhere
    for i, ch in enumerate(needle, 1):
        substitute = row[:-1] + (hh != ord(ch))
        candidate = np.empty_like(row)
        candidate[0] = i
        candidate[1:] = np.minimum(row[1:] + 1, substitute)
        row = np.minimum.accumulate(candidate - steps) + steps
    return int(row.min())


@dataclass
class Score:
    errors: int = 0
    chars: int = 0
    values_found: int = 0
    values: int = 0
    extra: int = 0  # characters read beyond the truth (specks and rules read as text), rendered pages only
    truth_chars: int = 0


def score_page(page: BenchPage, ocr: PageOCR) -> Score:
    """Errors of every truth line (rendered pages) or printed value (generated scans) against the stretch of the
    page's text that matches it best: what extraction will find, whatever junk the page also yields."""
    text = _norm(ocr.text)
    score = Score()
    for truth in page.lines or page.values:
        truth = _norm(truth)
        score.errors += substring_distance(truth, text)
        score.chars += len(truth)
    if page.lines:
        whole = _norm(" ".join(page.lines))
        score.extra, score.truth_chars = max(0, len(text) - len(whole)), len(whole)
    for value in page.values:
        score.values += 1
        score.values_found += _norm(value) in text
    return score


# -- scans from the generator --------------------------------------------------------------------------------------


def _strings(node: object) -> Iterable[str]:
    if isinstance(node, str):
        if node.strip():
            yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _strings(value)


def load_scans(folder: Path, limit: int | None, pattern: str = "scan_*.png") -> list[BenchPage]:
    pages: list[BenchPage] = []
    for path in sorted(folder.glob(pattern))[:limit]:
        truth_path = path.with_name(path.name + ".truth.json")
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        documents = truth.get("documents", [])
        # the values as printed on the page ("fields" holds them normalised: ISO dates, which are not on the page)
        values = [v for doc in documents for v in _strings(doc.get("printed") or doc.get("fields", {}))]
        image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        if image is None:
            continue
        if image.ndim == 3 and image.shape[2] == 4:
            image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
        with Image.open(path) as pil:
            dpi_info = pil.info.get("dpi")
        dpi = round(float(dpi_info[0])) if dpi_info else int(truth.get("dpi", 300))
        first = documents[0] if documents else {}
        rotation = first.get("rotation")
        pages.append(
            BenchPage(
                page_no=len(pages) + 1,
                image=image,
                dpi=dpi,
                dpi_source="file" if dpi_info else "default",
                name=path.name,
                values=values,
                # the generator records how far the stored image must turn clockwise to be upright, as PageOCR does
                rotation=None if rotation is None else int(rotation) % 360,
                skew=None if first.get("skew_deg") is None else float(first["skew_deg"]),
            )
        )
    return pages


# -- rendered pages ------------------------------------------------------------------------------------------------

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
SURNAMES += ("Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mạc", "Quách", "Tôn Thất", "Âu Dương")
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Thanh", "Ngọc", "Minh", "Thu", "Quang", "Xuân", "Thế", "Kim", "Hồng", "Bảo")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hùng", "Hương", "Lan", "Mai", "Nga", "Thắng", "Thủy", "Thúy", "Hằng", "Hiền")
GIVEN += ("Huyền", "Tuấn", "Sơn", "Yến", "Phượng", "Khánh", "Quỳnh", "Việt", "Đạt", "Tiến", "Nhung", "Nghĩa", "Tấn")
GIVEN += ("Thiện", "Diệp", "Khuê", "Lễ", "Triều", "Ấn", "Bẩy", "Mến", "Nguyệt", "Ẩn", "Hiếu", "Kiều", "Trường")
PLACES = (
    "Bệnh viện Đa khoa tỉnh Nam Định",
    "Trạm y tế xã Hải Phương, huyện Hải Hậu, tỉnh Nam Định",
    "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
    "Xã Yên Lạc, huyện Như Thanh, tỉnh Thanh Hóa",
    "Thị trấn Phố Châu, huyện Hương Sơn, tỉnh Hà Tĩnh",
    "Xã Ea Tiêu, huyện Cư Kuin, tỉnh Đắk Lắk",
    "Phường Điện Biên, quận Ba Đình, Thành phố Hà Nội",
    "Xã Tịnh Khê, huyện Sơn Tịnh, tỉnh Quảng Ngãi",
)
ETHNIC = ("Kinh", "Kinh", "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Ê Đê")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _date(rng: random.Random, first: int = 1940, last: int = 2024) -> str:
    return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(first, last)}"


def _pid(rng: random.Random) -> str:
    return f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{rng.randint(0, 99):02d}{rng.randint(0, 999999):06d}"


def form_lines(rng: random.Random) -> tuple[list[tuple[str, float, str]], list[str]]:
    """(lines as (text, size factor, 'c'entred or 'l'eft), key values) of a birth, marriage or death record."""
    header = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1.0, "c"),
        ("Độc lập - Tự do - Hạnh phúc", 1.0, "c"),
    ]
    kind = rng.choice(("birth", "marriage", "death"))
    person, pid, born = _name(rng), _pid(rng), _date(rng)
    place = rng.choice(PLACES)
    if kind == "birth":
        mother, father = _name(rng), _name(rng)
        body = [
            ("GIẤY KHAI SINH", 1.4, "c"),
            (f"Họ, chữ đệm, tên: {person.upper()}", 1.0, "l"),
            (f"Ngày, tháng, năm sinh: {born}", 1.0, "l"),
            (
                f"Giới tính: {rng.choice(('Nam', 'Nữ'))}    Dân tộc: {rng.choice(ETHNIC)}    Quốc tịch: Việt Nam",
                1.0,
                "l",
            ),
            (f"Nơi sinh: {place}", 1.0, "l"),
            (f"Số định danh cá nhân: {pid}", 1.0, "l"),
            (f"Họ, chữ đệm, tên người mẹ: {mother}", 1.0, "l"),
            (f"Năm sinh: {rng.randint(1940, 2004)}    Dân tộc: {rng.choice(ETHNIC)}", 1.0, "l"),
            (f"Nơi cư trú: {rng.choice(PLACES)}", 1.0, "l"),
            (f"Họ, chữ đệm, tên người cha: {father}", 1.0, "l"),
            (f"Nơi đăng ký khai sinh: Ủy ban nhân dân xã {rng.choice(GIVEN)} {rng.choice(GIVEN)}", 1.0, "l"),
            (f"Ngày đăng ký: {_date(rng)}    Quyển số: {rng.randint(1, 30)}    Số: {rng.randint(1, 999)}", 1.0, "l"),
        ]
        values = [person.upper(), born, pid, mother, father]
    elif kind == "marriage":
        wife, wife_id, wife_born = _name(rng), _pid(rng), _date(rng)
        body = [
            ("GIẤY CHỨNG NHẬN KẾT HÔN", 1.4, "c"),
            (f"Họ, chữ đệm, tên chồng: {person.upper()}", 1.0, "l"),
            (f"Ngày, tháng, năm sinh: {born}    Dân tộc: {rng.choice(ETHNIC)}", 1.0, "l"),
            (f"Nơi cư trú: {place}", 1.0, "l"),
            (f"Số định danh cá nhân: {pid}", 1.0, "l"),
            (f"Họ, chữ đệm, tên vợ: {wife.upper()}", 1.0, "l"),
            (f"Ngày, tháng, năm sinh: {wife_born}    Dân tộc: {rng.choice(ETHNIC)}", 1.0, "l"),
            (f"Nơi cư trú: {rng.choice(PLACES)}", 1.0, "l"),
            (f"Số định danh cá nhân: {wife_id}", 1.0, "l"),
            (f"Ngày đăng ký kết hôn: {_date(rng, 1960)}    Số: {rng.randint(1, 999)}", 1.0, "l"),
        ]
        values = [person.upper(), born, pid, wife.upper(), wife_born, wife_id]
    else:
        died = _date(rng, 1990)
        body = [
            ("TRÍCH LỤC KHAI TỬ", 1.4, "c"),
            (f"Họ, chữ đệm, tên: {person.upper()}", 1.0, "l"),
            (f"Ngày, tháng, năm sinh: {born}    Giới tính: {rng.choice(('Nam', 'Nữ'))}", 1.0, "l"),
            (f"Dân tộc: {rng.choice(ETHNIC)}    Quốc tịch: Việt Nam", 1.0, "l"),
            (f"Số định danh cá nhân: {pid}", 1.0, "l"),
            (f"Nơi cư trú cuối cùng: {place}", 1.0, "l"),
            (f"Đã chết vào lúc: {rng.randint(0, 23)} giờ {rng.randint(0, 59)} phút, ngày {died}", 1.0, "l"),
            (f"Nơi chết: {rng.choice(PLACES)}", 1.0, "l"),
            (f"Nguyên nhân chết: {rng.choice(('bệnh', 'tuổi già', 'tai nạn giao thông'))}", 1.0, "l"),
            (f"Người đi khai tử: {_name(rng)}    Quan hệ: con đẻ", 1.0, "l"),
        ]
        values = [person.upper(), born, pid, died]
    return header + body, values


def render_form(rng: random.Random, dpi: int = 300) -> tuple[np.ndarray, list[str], list[str]]:
    """A white A4 page with a form in one font, its lines (the truth) and its key values."""
    font_file = next(
        Path(folder, name) for name in [rng.choice(FONT_FILES)] for folder in FONT_DIRS if Path(folder, name).exists()
    )
    points = rng.uniform(11.0, 13.0)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    lines, values = form_lines(rng)
    y = round(0.8 * dpi)
    for text, size, align in lines:
        font = ImageFont.truetype(str(font_file), round(points * size * dpi / 72))
        x = (width - draw.textlength(text, font=font)) / 2 if align == "c" else round(0.9 * dpi)
        draw.text((x, y), text, font=font, fill=rng.randint(0, 40))
        y += round(points * size * dpi / 72 * rng.uniform(1.8, 2.2))
    return np.asarray(page), [text for text, _, _ in lines], values


def degrade(gray: np.ndarray, rng: random.Random) -> tuple[np.ndarray, int, int, float]:
    """A poor scan of a clean page: (BGR image, dpi, clockwise rotation that makes it upright, skew degrees)."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    height, width = gray.shape
    page = cv2.GaussianBlur(gray.astype(np.float32), (0, 0), rng.uniform(0.6, 1.3))
    tint = np.array([rng.uniform(195, 235), rng.uniform(210, 245), rng.uniform(225, 252)], np.float32)  # B, G, R
    bgr = page[:, :, None] / 255.0 * tint
    if rng.random() < 0.6:  # a red stamp over the text
        mark = np.zeros((height, width), np.uint8)
        cx, cy = rng.randint(width // 3, 2 * width // 3), rng.randint(height // 6, 2 * height // 5)
        radius = rng.randint(170, 260)
        cv2.circle(mark, (cx, cy), radius, 255, 14)
        cv2.circle(mark, (cx, cy), radius - 40, 255, 6)
        cv2.putText(mark, "UBND XA", (cx - 150, cy + 20), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 255, 8)
        alpha = cv2.GaussianBlur(mark, (0, 0), 1.5).astype(np.float32) / 255 * 0.85
        red = np.array([50, 40, 200], np.float32)
        bgr = bgr * (1 - alpha[..., None]) + np.minimum(bgr, red) * alpha[..., None]
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    gx, gy, depth = rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(0.2, 0.45)
    light = 1 - depth * np.clip((xx / width * gx + yy / height * gy + 1) / 2, 0, 1)
    sx, sy = rng.uniform(0, width), rng.uniform(0, height)
    light *= 1 - 0.2 * np.exp(-((xx - sx) ** 2 + (yy - sy) ** 2) / (2 * (0.3 * width) ** 2))
    bgr *= light[..., None]
    del yy, xx, light
    bgr += nrng.normal(0, rng.uniform(6, 16), bgr.shape).astype(np.float32)
    for _ in range(rng.randint(800, 4000)):  # specks of dirt
        cv2.circle(bgr, (rng.randrange(width), rng.randrange(height)), rng.randint(1, 3), (30, 30, 30), -1)
    bgr8 = np.clip(bgr, 0, 255).astype(np.uint8)
    del bgr
    skew = rng.uniform(-4, 4)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), skew, 1.0)
    bgr8 = cv2.warpAffine(bgr8, matrix, (width, height), borderMode=cv2.BORDER_CONSTANT, borderValue=(200, 205, 210))
    dpi = 300
    if rng.random() < 0.35:
        bgr8 = cv2.resize(bgr8, (width * 2 // 3, height * 2 // 3), interpolation=cv2.INTER_AREA)
        dpi = 200
    rotation = 0
    if rng.random() < 0.35:
        bgr8 = cv2.rotate(bgr8, cv2.ROTATE_180)
        rotation = 180
    ok, encoded = cv2.imencode(".jpg", bgr8, [cv2.IMWRITE_JPEG_QUALITY, 40])
    assert ok
    return cv2.imdecode(encoded, cv2.IMREAD_COLOR), dpi, rotation, skew


def render_pages(count: int, seed: int) -> list[BenchPage]:
    pages = []
    for i in range(count):
        rng = random.Random(seed * 1000 + i)
        clean, lines, values = render_form(rng)
        image, dpi, rotation, skew = degrade(clean, rng)
        pages.append(BenchPage(i + 1, image, dpi, "file", f"rendered_{i + 1:03d}", lines, values, rotation, skew))
    return pages


# -- configurations ------------------------------------------------------------------------------------------------


def configurations() -> dict[str, PreprocessConfig]:
    raw = PreprocessConfig.raw()
    default = PreprocessConfig()
    return {
        "raw": raw,
        # each step alone
        "colour=red": replace(raw, colour="red"),
        "orientation": replace(raw, orientation=True, osd_fallback=True),
        "deskew": replace(raw, deskew=True),
        "illumination": replace(raw, illumination=True),
        "despeckle": replace(raw, despeckle=True),
        "median": replace(raw, median=True),
        "enlarge": replace(raw, enlarge=True),
        "binarize=otsu": replace(raw, binarize="otsu"),
        "binarize=sauvola": replace(raw, binarize="sauvola"),
        "nl_means": replace(raw, nl_means=True),
        # the default, then without each of its steps, then with what it leaves out
        "default": default,
        "default colour=luma": replace(default, colour="luma"),
        "default -orientation": replace(default, orientation=False, osd_fallback=False),
        "default -deskew": replace(default, deskew=False),
        "default -illumination": replace(default, illumination=False),
        "default -despeckle": replace(default, despeckle=False),
        "default -median": replace(default, median=False),
        "default +enlarge": replace(default, enlarge=True),
        "default +otsu": replace(default, binarize="otsu"),
        "default +sauvola": replace(default, binarize="sauvola"),
        "default +enlarge cubic": replace(default, enlarge=True, interpolation="cubic"),
        "reference (nl_means)": PreprocessConfig.reference(),
    }


def variants() -> dict[str, PreprocessConfig]:
    """Settings tried while choosing the default (run them with --configs NAME,...)."""
    default = PreprocessConfig()
    return {
        "default speck reach 1.0/0.6": replace(default, speck_reach_x_mm=1.0),
        "default speck reach 2.0/0.8": replace(default, speck_reach_x_mm=2.0, speck_reach_y_mm=0.8),
        "default speck 0.4mm": replace(default, speck_mm=0.4),
        "default +enlarge 400 dpi": replace(default, enlarge=True, target_dpi=400),
        "default no OSD": replace(default, osd_fallback=False),
        "default +nl_means": replace(default, nl_means=True),
        "default -despeckle +enlarge": replace(default, despeckle=False, enlarge=True),
    }


@dataclass
class Row:
    name: str
    cer: float
    cer_upright: float
    values: float
    extra: float | None  # junk characters read per truth character (rendered pages only)
    orientation_ok: float | None
    skew_error: float | None
    pre_ms: float
    ocr_s: float
    failed: int
    osd: int  # pages whose orientation Tesseract's OSD decided
    steps: dict[str, float]
    peak_mb: float


def run(name: str, config: PreprocessConfig, pages: Sequence[BenchPage], workers: int | None, psm: int) -> Row:
    total, upright = Score(), Score()
    pre, ocr, orient_ok, skew_err, peaks = [], [], [], [], []
    steps: dict[str, list[float]] = {}
    failed = osd = 0
    with OcrPool(workers, preprocess=config, timeout_s=300, psm=psm) as pool:
        for page, result in zip(pages, pool.map(pages), strict=True):
            if result.status is not PageStatus.OK:
                failed += 1
            score = score_page(page, result)
            for target in (total, upright) if not page.rotation else (total,):
                target.errors += score.errors
                target.chars += score.chars
                target.values += score.values
                target.values_found += score.values_found
                target.extra += score.extra
                target.truth_chars += score.truth_chars
            osd += int(result.extra.get("orientation_osd", 0.0))
            pre.append(result.extra.get("preprocess_s", 0.0))
            ocr.append(result.extra.get("ocr_s", 0.0))
            peaks.append(result.extra.get("worker_peak_mb", 0.0))
            for key, value in result.extra.items():
                if key.endswith("_s") and key not in ("preprocess_s", "ocr_s"):
                    steps.setdefault(key[:-2], []).append(value)
            if config.orientation and page.rotation is not None:
                orient_ok.append(result.rotation == page.rotation)
            if config.deskew and page.skew is not None and result.rotation == (page.rotation or 0):
                skew_err.append(abs(result.skew - page.skew))
    return Row(
        name=name,
        cer=total.errors / max(1, total.chars),
        cer_upright=upright.errors / max(1, upright.chars),
        values=total.values_found / max(1, total.values),
        extra=total.extra / total.truth_chars if total.truth_chars else None,
        orientation_ok=statistics.mean(orient_ok) if orient_ok else None,
        skew_error=statistics.mean(skew_err) if skew_err else None,
        pre_ms=1000 * statistics.mean(pre),
        ocr_s=statistics.mean(ocr),
        failed=failed,
        osd=osd,
        steps={key: 1000 * sum(values) / len(pages) for key, values in steps.items()},
        peak_mb=max(peaks) if peaks else 0.0,
    )


def print_table(rows: Sequence[Row], title: str) -> None:
    print(f"\n{title}")
    header = f"{'configuration':<22} {'CER':>7} {'CER up':>7} {'values':>7} {'junk':>6} {'orient':>7} {'skew err':>8}"
    header += f" {'OSD':>4} {'pre ms':>8} {'OCR s':>6} {'fail':>4}"
    print(header)
    print("-" * len(header))
    for row in rows:
        orient = "-" if row.orientation_ok is None else f"{100 * row.orientation_ok:.0f}%"
        skew = "-" if row.skew_error is None else f"{row.skew_error:.2f}"
        junk = "-" if row.extra is None else f"{100 * row.extra:.0f}%"
        print(
            f"{row.name:<22} {100 * row.cer:6.2f}% {100 * row.cer_upright:6.2f}% {100 * row.values:6.1f}% {junk:>6}"
            f" {orient:>7}"
            f" {skew:>8} {row.osd:>4} {row.pre_ms:8.0f} {row.ocr_s:6.2f} {row.failed:>4}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scans", type=Path, help="folder of scan_*.png with .truth.json from the scan generator")
    parser.add_argument("--limit", type=int, help="at most this many scans from --scans")
    parser.add_argument("--pattern", default="scan_*.png", help="file names to read in --scans (default scan_*.png)")
    parser.add_argument("--render", type=int, help="render and degrade this many pages (default 16 without --scans)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, help="OCR worker processes (default: one per core)")
    parser.add_argument("--configs", help="comma-separated configuration names (default: all)")
    parser.add_argument("--psm", type=int, default=DEFAULT_PSM, help=f"Tesseract page mode (default {DEFAULT_PSM})")
    parser.add_argument("--psm-sweep", action="store_true", help="also run the default with psm 3, 4, 6 and 11")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)

    pages: list[BenchPage] = []
    if args.scans:
        pages += load_scans(args.scans, args.limit, args.pattern)
        print(f"{len(pages)} scans with truth from {args.scans}")
    render = args.render if args.render is not None else (0 if args.scans else 16)
    if render:
        started = time.perf_counter()
        rendered = render_pages(render, args.seed)
        for page in rendered:
            page.page_no = len(pages) + 1
            pages.append(page)
        upside_down = sum(1 for p in rendered if p.rotation)
        low = sum(1 for p in rendered if p.dpi < 300)
        print(
            f"rendered {render} degraded pages in {time.perf_counter() - started:.1f} s "
            f"({upside_down} upside down, {low} at 200 dpi)"
        )
    if not pages:
        parser.error("no pages: give --scans with scan_*.png and their .truth.json, or --render N")

    main_configs = configurations()
    available = main_configs | variants()
    chosen = args.configs.split(",") if args.configs else list(main_configs)
    unknown = [name for name in chosen if name not in available]
    if unknown:
        parser.error(f"unknown configurations {unknown}; known: {', '.join(available)}")

    rows: list[Row] = []
    for name in chosen:
        started = time.perf_counter()
        rows.append(run(name, available[name], pages, args.workers, args.psm))
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    load = os.getloadavg()[0]
    print_table(
        rows,
        f"{len(pages)} pages, psm {args.psm}: CER of the truth (all pages / upright ones), key values read exactly, "
        "junk read beyond the truth; "
        f"load average {load:.1f} on {os.cpu_count()} cores",
    )
    default = next((row for row in rows if row.name == "default"), None)
    if default:
        print("\ndefault, ms per page and step: " + ", ".join(f"{k} {v:.0f}" for k, v in default.steps.items()))
        print(f"peak memory of a worker process (without its tesseract): {default.peak_mb:.0f} MB")

    psm_rows: list[Row] = []
    if args.psm_sweep:
        for psm in (3, 4, 6, 11):
            psm_rows.append(run(f"default psm {psm}", PreprocessConfig(), pages, args.workers, psm))
        print_table(psm_rows, "Tesseract page segmentation modes, default preprocessing")

    if args.json:
        args.json.write_text(json.dumps([row.__dict__ for row in rows + psm_rows], indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
