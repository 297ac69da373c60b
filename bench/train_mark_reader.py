"""Train the mark reader (`pipeline.ocr.mark_reader`) and measure it on fonts it was not trained on.

    python bench/train_mark_reader.py                        # small letters: pipeline/ocr/data/mark_reader.npz
    python bench/train_mark_reader.py --capitals --specks    # capitals: mark_reader_capitals.npz

(both with the defaults, `--samples 200000 --seed 1`: the same seed writes the same weights).

Words are rendered in training fonts the scan generator never uses (FreeSerif, FreeSans, Roboto, Linux
Libertine and Biolinum, the Noto Display and DejaVu Condensed and ExtraLight cuts: Debian's fonts-freefont-ttf,
fonts-roboto-unhinted and fonts-linuxlibertine, installed for training only), each vowel marked at random (every
hat and tone equally often, so the model learns the ink and no prior of the language), degraded as scans are
(blur, grain, JPEG, a page scanned at 200 dpi and scaled up, binarised), in lines set close enough that the line
above reaches down, and with `--specks` sown with dust and holes as poor scans are (the capitals model: trained
so, the small-letter model broke two right readings on the bench where it had broken none). The held-out figures
are on the scan generator's own fonts, rendered the same way.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.ocr import mark_reader as R
from pipeline.ocr.marks import letters_of
from pipeline.ocr.model import Box, Word
from pipeline.synth import vocab
from pipeline.synth.scans.fonts import VIETNAMESE_LETTERS, missing_chars

FONT_ROOT = Path("/usr/share/fonts")
TRAIN_FONTS = (
    "FreeSerif.ttf",
    "FreeSans.ttf",
    "FreeSerifBold.ttf",
    "FreeSansBold.ttf",
    "Roboto-Regular.ttf",
    "Roboto-Light.ttf",
    "Roboto-Medium.ttf",
    "Roboto-Bold.ttf",
    "RobotoCondensed-Regular.ttf",
    "LinLibertine_R.otf",
    "LinLibertine_RB.otf",
    "LinBiolinum_R.otf",
    "NotoSansDisplay-Regular.ttf",
    "NotoSerifDisplay-Regular.ttf",
    "NotoSansDisplay-Bold.ttf",
    "NotoSerifDisplay-Bold.ttf",
    "DejaVuSansCondensed.ttf",
    "DejaVuSans-ExtraLight.ttf",
)
# The scan generator's own fonts: trained on too for the shipped model (`--generator-fonts`), since a reader of
# print is trained on the faces it will read, as Tesseract is; the held-out figure without them shows how it does
# on a face it has never seen.
GENERATOR_FONTS = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSerifCondensed.ttf",
    "DejaVuSerifCondensed-Bold.ttf",
    "NotoSerif-Regular.ttf",
    "NotoSerif-Bold.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "LiberationMono-Regular.ttf",
    "DejaVuSansMono.ttf",
)

_SWAPS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "i": "i", "y": "y"}
_TONES = ("", R.GRAVE, R.ACUTE, R.HOOK, R.TILDE, R.DOT_BELOW)


def find_font(name: str) -> Path | None:
    found = sorted(FONT_ROOT.rglob(name))
    if not found or missing_chars(found[0], VIETNAMESE_LETTERS):
        return None
    return found[0]


def word_pool() -> list[str]:
    """Syllables of the generator's names and places (their consonants and vowel clusters are what stands beside
    a vowel on a page; the marks are drawn again at random)."""
    words: set[str] = set()

    def take(value: object) -> None:
        if isinstance(value, str):
            words.update(w for w in value.split() if w.isalpha())
        elif isinstance(value, dict):
            for item in value.values():
                take(item)
        elif isinstance(value, (tuple, list, frozenset, set)):
            for item in value:
                take(item)

    for name in dir(vocab):
        if name.isupper() or (name.startswith("_") and name[1:].isupper()):
            take(getattr(vocab, name))
    return sorted(words)


def remark(word: str, rng: random.Random, capitals: bool = False) -> str:
    """`word` with each vowel's hat and tone drawn at random (one tone per word, on a random vowel)."""
    letters = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(char):
            if char == R.HORN and letters and letters[-1] in "ou":
                letters[-1] += char
            continue
        letters.append(char)
    vowels = [i for i, c in enumerate(letters) if c[0] in _SWAPS]
    out = []
    tone_at = rng.choice(vowels) if vowels else -1
    for i, letter in enumerate(letters):
        if i in vowels:
            letter = unicodedata.normalize("NFD", rng.choice(_SWAPS[letter[0]]))
            if i == tone_at:
                letter += rng.choice(_TONES)
        out.append(unicodedata.normalize("NFC", letter))
    text = "".join(out)
    if capitals:
        return text.upper()
    case = rng.random()
    return text.capitalize() if case < 0.7 else text


def degrade(image: np.ndarray, rng: random.Random, specks: bool = False) -> np.ndarray:
    page = image.astype(np.float32)
    if rng.random() < 0.25:  # ink spread or worn thin
        kernel = np.ones((2, 2), np.uint8)
        page = cv2.erode(page, kernel) if rng.random() < 0.5 else cv2.dilate(page, kernel)
    if rng.random() < 0.4:  # a page scanned at 200 dpi and scaled to 300
        factor = rng.uniform(0.55, 0.9)
        small = cv2.resize(page, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        page = cv2.resize(small, (page.shape[1], page.shape[0]), interpolation=cv2.INTER_CUBIC)
    sigma = rng.uniform(0.0, 1.3)
    if sigma > 0.2:
        page = cv2.GaussianBlur(page, (0, 0), sigma)
    paper, ink = rng.uniform(190, 255), rng.uniform(0, 90)
    page = ink + (paper - ink) * page / 255.0
    page += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 14), page.shape)
    page = np.clip(page, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        _ok, data = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, rng.randrange(25, 95)])
        page = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    if rng.random() < 0.15:
        page = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    if specks and rng.random() < 0.3:
        page = _specked(page, rng)
    return page


def _specked(page: np.ndarray, rng: random.Random) -> np.ndarray:
    """Dust and holes as a poor scan has them (a share of pixels up to 0.3%, some 2x2 and 3x3): a speck beside a
    hat must not pass for a tone."""
    gen = np.random.default_rng(rng.randrange(1 << 30))
    height, width = page.shape
    count = int(rng.uniform(0.0003, 0.003) * height * width)
    ys, xs = gen.integers(0, height - 2, count), gen.integers(0, width - 2, count)
    values = np.where(gen.random(count) < 0.6, rng.uniform(0, 90), 255).astype(np.uint8)
    sizes = gen.choice([1, 2, 3], count, p=[0.6, 0.3, 0.1])
    out = page.copy()
    for dy in range(3):
        for dx in range(3):
            sel = sizes > max(dy, dx)
            out[ys[sel] + dy, xs[sel] + dx] = values[sel]
    return out


def render(font_path: Path, words: list[list[str]], size: int, spacing: float) -> tuple[np.ndarray, list]:
    font = ImageFont.truetype(str(font_path), size)
    line_height = round(size * spacing)
    width = 40 + max(round(sum(font.getlength(w + " ") for w in line)) for line in words)
    image = Image.new("L", (width, 2 * size + line_height * len(words)), 255)
    draw = ImageDraw.Draw(image)
    placed = []
    for row, line in enumerate(words):
        x, y = 20.0, size + row * line_height
        for word in line:
            left, top, right, bottom = draw.textbbox((x, y), word, font=font)
            draw.text((x, y), word, font=font, fill=0)
            placed.append((word, Box(round(left), round(top), round(right - left), round(bottom - top))))
            x += font.getlength(word + " ")
    return np.asarray(image).copy(), placed


def samples_of(gray: np.ndarray, placed: list, capitals: bool = False) -> tuple[list[np.ndarray], list[int]]:
    rows, labels = [], []
    for text, box in placed:
        letters_read = [unicodedata.normalize("NFD", c) for c in text if c.isalpha()]
        letters = letters_of(gray, Word(text, 90.0, box), len(letters_read))
        if letters is None or not letters.columns:
            continue
        paper, ink = R.word_tone_range(gray, box.left, box.right, letters.top, letters.baseline)
        for vowel in R.vowels_of(letters_read, capitals=capitals):
            # unwhitened, specks and all (the pipeline whitens speck-sized pieces in capitals before it reads):
            # trained on whitened patches the capitals model did worse on the bench (PHÓ read PHỐ, a HÀNG missed)
            p = R.patch(gray, letters.columns[vowel.index], letters.top, letters.height, paper, ink)
            if p is None:
                continue
            rows.append(R.features(p, vowel.base))
            labels.append(R.CLASSES.index((vowel.hat, vowel.tone)))
    return rows, labels


def make_set(
    fonts: list[Path], count: int, rng: random.Random, capitals: bool = False, specks: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    pool = word_pool()
    rows: list[np.ndarray] = []
    labels: list[int] = []
    while len(rows) < count:
        font = rng.choice(fonts)
        size = rng.randrange(24, 70)  # x-heights of about 11 to 33 pixels
        lines = [[remark(rng.choice(pool), rng, capitals) for _ in range(8)] for _ in range(6)]
        image, placed = render(font, lines, size, rng.uniform(1.15, 2.0))
        got, labs = samples_of(degrade(image, rng, specks), placed, capitals)
        rows.extend(got)
        labels.extend(labs)
    return np.array(rows[:count], dtype=np.float32), np.array(labels[:count])


def train(x: np.ndarray, y: np.ndarray, *, hidden: int, epochs: int, seed: int) -> R.MarkModel:
    rng = np.random.default_rng(seed)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 0.05
    xs = (x - mean) / scale
    classes = len(R.CLASSES)
    params = {
        "w1": rng.normal(0, np.sqrt(2 / xs.shape[1]), (xs.shape[1], hidden)).astype(np.float32),
        "b1": np.zeros(hidden, np.float32),
        "w2": rng.normal(0, np.sqrt(1 / hidden), (hidden, classes)).astype(np.float32),
        "b2": np.zeros(classes, np.float32),
    }
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    step, batch, rate, decay = 0, 256, 2e-3, 1e-4
    for epoch in range(epochs):
        order = rng.permutation(len(xs))
        for start in range(0, len(xs), batch):
            idx = order[start : start + batch]
            xb, yb = xs[idx], y[idx]
            h = np.maximum(xb @ params["w1"] + params["b1"], 0)
            logits = h @ params["w2"] + params["b2"]
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(yb)), yb] -= 1
            p /= len(yb)
            grads = {"w2": h.T @ p + decay * params["w2"], "b2": p.sum(axis=0)}
            dh = (p @ params["w2"].T) * (h > 0)
            grads["w1"] = xb.T @ dh + decay * params["w1"]
            grads["b1"] = dh.sum(axis=0)
            step += 1
            lr = rate * (0.5 ** (epoch / 6))
            for k, g in grads.items():
                m, v = moments[k]
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                params[k] -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return R.MarkModel(mean.astype(np.float32), scale.astype(np.float32), **params)


def report(model: R.MarkModel, x: np.ndarray, y: np.ndarray, title: str) -> None:
    probs = model.probabilities(x)
    bases = [R.BASES[i] for i in np.argmax(x[:, -len(R.BASES) :], axis=1)]
    masks = np.array([R.allowed(b) for b in bases])
    probs = np.where(masks, probs, 0)
    guess = probs.argmax(axis=1)
    sure = probs.max(axis=1) / probs.sum(axis=1) >= 0.95
    print(
        f"{title}: {len(y)} vowels, right {np.mean(guess == y):.2%}; sure (p >= 0.95) on {np.mean(sure):.1%}, "
        f"of those right {np.mean(guess[sure] == y[sure]):.2%}"
    )
    for c, (hat, tone) in enumerate(R.CLASSES):
        mask = y == c
        if mask.any():
            name = unicodedata.normalize("NFC", "a" + hat + tone)
            print(f"   {name}  {mask.sum():6d}  right {np.mean(guess[mask] == c):.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200_000)
    parser.add_argument("--held-out", type=int, default=20_000)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=18)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="default: the shipped model of the case trained")
    parser.add_argument("--capitals", action="store_true", help="train the model for words in capitals")
    parser.add_argument("--specks", action="store_true", help="sow specks on a third of the pages too")
    parser.add_argument(
        "--unseen", action="store_true", help="also train without the generator's fonts and measure on them"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    train_fonts = [p for p in map(find_font, TRAIN_FONTS) if p]
    generator_fonts = [p for p in map(find_font, GENERATOR_FONTS) if p]
    if len(train_fonts) < 6:
        print("training fonts missing: apt-get install fonts-freefont-ttf fonts-roboto-unhinted fonts-linuxlibertine")
        return 2
    started = time.perf_counter()
    caps = args.capitals
    x, y = make_set(train_fonts, args.samples // 2, rng, caps, args.specks)
    xg, yg = make_set(generator_fonts, args.samples - args.samples // 2, rng, caps, args.specks)
    xh, yh = make_set(generator_fonts, args.held_out, rng, caps, args.specks)
    print(
        f"rendered {len(y) + len(yg)} training and {len(yh)} held-out vowels in {time.perf_counter() - started:.0f} s"
    )
    if args.unseen:
        unseen = train(x, y, hidden=args.hidden, epochs=args.epochs, seed=args.seed)
        report(unseen, xh, yh, "trained without the generator's fonts, on them")
    started = time.perf_counter()
    model = train(np.vstack([x, xg]), np.concatenate([y, yg]), hidden=args.hidden, epochs=args.epochs, seed=args.seed)
    print(f"trained in {time.perf_counter() - started:.0f} s")
    report(model, xh, yh, "the generator's fonts, words and degradations not trained on")
    out = args.out or (R.CAPITALS_MODEL_PATH if caps else R.MODEL_PATH)
    model.save(out)
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
