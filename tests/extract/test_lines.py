"""Visual lines from word boxes recorded on bench pages (pipeline.extract.lines)."""

from __future__ import annotations

from dataclasses import replace

from pipeline.extract.lines import build_lines
from pipeline.ocr.model import Box, Word


def _words(rows: list[tuple[str, int, int, int, int]]) -> list[Word]:
    return [Word(text, 90.0, Box(left, top, width, height)) for text, left, top, width, height in rows]


def _line_of(lines, text: str) -> list[str]:
    return next([w.text for w in line.words] for line in lines if any(w.text == text for w in line.words))


def test_words_boxed_tall_join_their_own_line_not_the_one_above() -> None:
    # a poor scan: "cá nhân: 038194126429" boxed 63 px tall (a speck joined in), lines 48 px apart; grouped by their
    # middles alone they joined the "Quê quán" line above before their own line had started
    lines = build_lines(
        _words(
            [
                ("Quê", 197, 612, 47, 51),
                ("quán:", 261, 612, 77, 51),
                ("xã", 357, 626, 26, 33),
                ("Nghĩa", 419, 628, 40, 27),
                ("Tiến,", 482, 612, 73, 51),
                ("huyện", 567, 612, 77, 51),
                ("Bắc", 656, 612, 47, 51),
                ("Thủy,", 715, 612, 78, 51),
                ("Tỉnh", 805, 612, 60, 51),
                ("Số", 198, 660, 36, 26),
                ("định", 244, 662, 77, 29),
                ("d", 310, 652, 16, 45),
                ("nh", 350, 657, 17, 31),
                ("cá", 393, 635, 27, 63),
                ("nhân:", 435, 635, 74, 63),
                ("038194126429", 519, 635, 200, 63),
            ]
        )
    )
    assert _line_of(lines, "Số") == ["Số", "định", "d", "nh", "cá", "nhân:", "038194126429"]
    assert _line_of(lines, "Quê") == ["Quê", "quán:", "xã", "Nghĩa", "Tiến,", "huyện", "Bắc", "Thủy,", "Tỉnh"]


def test_a_tall_word_stays_beside_its_neighbours_when_the_other_columns_line_is_lower() -> None:
    # a marriage certificate: the wife's name 8 px lower than the husband's, whose "NHẬT" (hat and dot below) is
    # boxed 50 px tall, its middle nearer the wife's line than his own
    lines = build_lines(
        _words(
            [
                ("-", 1502, 667, 10, 9),
                ("-", 1643, 667, 9, 9),
                ("TRẤN", 368, 670, 119, 42),
                ("NHẬT", 509, 670, 122, 50),
                ("TÂN", 644, 670, 88, 43),
                ("MAI", 1219, 679, 74, 34),
                ("NGỌC", 1316, 678, 128, 43),
                ("BẢO", 1464, 678, 90, 35),
                ("THẢO", 1571, 678, 124, 35),
            ]
        )
    )
    assert _line_of(lines, "TRẤN")[:3] == ["TRẤN", "NHẬT", "TÂN"]


def test_a_word_boxed_low_stays_on_the_line_tesseract_read_it_in() -> None:
    # "Võ Văn Thạch" with "Thạch" boxed 14 px low under a stamp (set 11100, poor), and the stamp's marks read as
    # words on a line of their own through it: Tesseract's line holds Thạch right after Văn
    def word(text: str, left: int, top: int, width: int, height: int, line: int, index: int) -> Word:
        return Word(text, 90.0, Box(left, top, width, height), 1, 1, line, index)

    name = [
        word("Họ,", 189, 408, 46, 29, 8, 1),
        word("chữ", 247, 407, 53, 26, 8, 2),
        word("đệm,", 308, 406, 67, 31, 8, 3),
        word("tên:", 387, 406, 52, 27, 8, 4),
        word("Võ", 452, 407, 35, 25, 8, 5),
        word("Văn", 498, 407, 48, 25, 8, 6),
        word("Thạch", 578, 421, 81, 27, 8, 7),
    ]
    stamp = [word("+", 713, 421, 79, 24, 9, 1), word("liêng", 946, 425, 60, 21, 9, 2)]
    lines = build_lines([*name, *stamp])
    assert _line_of(lines, "Văn")[-1] == "Thạch"
    # a word as low that Tesseract read on another line goes with the marks, as before
    apart = [*name[:-1], replace(name[-1], line=9, word=3), *stamp]
    assert "Thạch" not in _line_of(build_lines(apart), "Văn")


def test_marks_read_as_a_line_of_their_own_do_not_take_a_name_from_its_label() -> None:
    # "Họ, chữ đệm, tên người cha: NGUYỄN VĂN NAM" in capitals (clean, set 11900): the tilde of NGUYỄN and the
    # breve of VĂN read as "-" on a Tesseract line of their own, above. Placed first, they started a line that
    # took NGUYỄN and VĂN, and the label's line kept only NAM.
    def word(text: str, left: int, top: int, width: int, height: int, line: int, index: int) -> Word:
        return Word(text, 90.0, Box(left, top, width, height), 1, 1, line, index)

    marks = [word("-", 1061, 1158, 13, 12, 17, 1), word("-", 1179, 1164, 14, 6, 17, 2)]
    label = [
        word(text, left, top, width, height, 18, index)
        for index, (text, left, top, width, height) in enumerate(
            [
                ("Họ,", 253, 1173, 73, 41),
                ("chữ", 348, 1171, 82, 35),
                ("đệm,", 445, 1170, 105, 44),
                ("tên", 570, 1170, 72, 36),
                ("người", 658, 1170, 126, 45),
                ("cha:", 802, 1171, 88, 35),
                ("NGUYỄN", 911, 1162, 210, 44),
                ("VĂN", 1138, 1164, 100, 42),
                ("NAM", 1258, 1173, 112, 33),
            ],
            start=1,
        )
    ]
    lines = build_lines([*marks, *label])
    assert [w for w in _line_of(lines, "cha:") if w != "-"] == [w.text for w in label]
    # a line of marks alone (leaders under no words) is still a line of its own
    leaders = [word("......", 300, 1300, 400, 8, 19, 1)]
    assert _line_of(build_lines([*marks, *label, *leaders]), "......") == ["......"]
