"""Place syllables ending in p, t, c or ch carry sắc or nặng: a toneless one is a tone OCR lost."""

from __future__ import annotations

import pytest

from pipeline.normalize.names import restore_stop_tone


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Âp", "Ấp"),
        ("ÂP", "ẤP"),
        ("Băc", "Bắc"),
        ("Viêt", "Việt"),  # nặng, not sắc: the word decides, not a rule
        ("VIÊT", "VIỆT"),
        ("Lâp", "Lập"),
        ("Tiêp", "Tiếp"),
        ("Quôc", "Quốc"),
        ("Ich", "Ích"),
        ("Ấp", None),  # already toned
        ("Lạc", None),
        ("Tân", None),  # not a stop final
        ("Nam", None),
        ("Thanh", None),  # a word of its own (Thanh Hóa), not a Thạnh that lost its dot
        ("Xuât", "Xuất"),
        ("Thâp", None),  # not listed (tháp? thấp? thập?): left as read rather than guessed
        ("Kpă", None),  # not a Vietnamese syllable
        ("HCM", None),
        ("", None),
    ],
)
def test_restore_stop_tone(word: str, expected: str | None) -> None:
    assert restore_stop_tone(word) == expected
