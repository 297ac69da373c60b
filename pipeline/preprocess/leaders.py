"""Dotted leaders whitened out of a crop before it is read again.

Forms print dotted leaders between a label and its value ("Số: ..... 534"). On a whole page extraction needs them
(a value ends where leaders start again), but in a crop read on its own they can make Tesseract return nothing at
all: a poor scan's register line "Số: ..... 534", clear to the eye, came back empty from the page, from its crop at
four scales and binarised, and read "Số. 534" once its dots were white. So crops for a second reading lose their
leaders first; the crop keeps its size, so the words' boxes map back unchanged.

A leader is a run of at least `MIN_RUN` dots: pieces of ink small on both sides against the crop's letters, on the
letters' baseline, one after the other at a dot's spacing. Tone marks are dots too, but one per syllable, over or
under letters and never three in a row on the baseline; a full stop, a decimal comma, "1.234" and "12.05.2020" have
single dots between digits.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.preprocess.analysis import components

MIN_RUN = 3
# of the crop's letter height (its tallest pieces of ink: capitals, ascenders, with their marks)
DOT_SIZE = 0.25  # a dot's width and height at most
DOT_SPACING = 0.7  # from one dot's centre to the next at most (leaders measured 0.3-0.4)
DOT_ROW = 0.12  # the dots' centres within this of one another, up and down
# a dot's bottom within this of the letters' baseline (dots below letters sit lower, tone marks far higher)
ON_BASELINE = 0.2
COLON_REACH = 0.6  # how far over a dot, in letter heights, a colon's upper dot stands
_RIM = np.ones((3, 3), np.uint8)


def erase_leaders(gray: np.ndarray) -> np.ndarray:
    """`gray` (dark ink on light paper) with its dotted leaders painted the paper's colour; itself when it has
    none."""
    if gray.ndim != 2 or gray.dtype != np.uint8 or min(gray.shape) < 8:
        return gray
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats = components(ink)
    if count < MIN_RUN + 1:
        return gray
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    # the letters' height: many dots must not pull it down to theirs, nor one tall stroke up
    letter = float(np.median(heights[heights >= 0.4 * heights.max()]))
    if letter < 6:
        return gray
    tall = [i for i in range(1, count) if stats[i, cv2.CC_STAT_HEIGHT] >= 0.5 * letter]
    if not tall:
        return gray
    baseline = float(np.median([stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in tall]))
    small = [
        i
        for i in range(1, count)
        if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) <= DOT_SIZE * letter
    ]
    dots = sorted(
        (
            i
            for i in small
            if abs(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] - baseline) <= ON_BASELINE * letter
            and not _under_a_dot(i, small, stats, letter)
        ),
        key=lambda i: stats[i, cv2.CC_STAT_LEFT],
    )
    erased = [run for run in _runs(dots, stats, letter) if len(run) >= MIN_RUN]
    if not erased:
        return gray
    out = gray.copy()
    paper = np.uint8(min(255, int(np.median(gray[ink == 0])) if (ink == 0).any() else 255))
    # with the grey rim blur leaves around each dot: rings of it read as letters ("mẹ:" came back "Tae:")
    dots_mask = cv2.dilate(np.isin(labels, [dot for run in erased for dot in run]).astype(np.uint8), _RIM)
    out[dots_mask > 0] = paper
    return out


def _under_a_dot(index: int, small: list[int], stats: np.ndarray, letter: float) -> bool:
    """Whether another small piece stands over this one, as a colon's or semicolon's upper dot over its lower one
    ("Số:.....534": the colon run into the leaders keeps both its dots)."""
    left, top = stats[index, cv2.CC_STAT_LEFT], stats[index, cv2.CC_STAT_TOP]
    right = left + stats[index, cv2.CC_STAT_WIDTH]
    for other in small:
        bottom = stats[other, cv2.CC_STAT_TOP] + stats[other, cv2.CC_STAT_HEIGHT]
        other_left = stats[other, cv2.CC_STAT_LEFT]
        other_right = other_left + stats[other, cv2.CC_STAT_WIDTH]
        if other != index and top - COLON_REACH * letter <= bottom <= top and other_left < right and other_right > left:
            return True
    return False


def _runs(dots: list[int], stats: np.ndarray, letter: float) -> list[list[int]]:
    """The dots in runs, left to right: each dot joins the run whose last dot is near enough before it, on its row."""
    runs: list[list[int]] = []
    for dot in dots:
        x, y = _centre(stats, dot)
        for run in runs:
            last_x, last_y = _centre(stats, run[-1])
            if 0 < x - last_x <= DOT_SPACING * letter and abs(y - last_y) <= DOT_ROW * letter:
                run.append(dot)
                break
        else:
            runs.append([dot])
    return runs


def _centre(stats: np.ndarray, index: int) -> tuple[float, float]:
    return (
        stats[index, cv2.CC_STAT_LEFT] + stats[index, cv2.CC_STAT_WIDTH] / 2,
        stats[index, cv2.CC_STAT_TOP] + stats[index, cv2.CC_STAT_HEIGHT] / 2,
    )
