"""Records built from citizens for the matching and cleaning tests: what a birth certificate about them prints."""

from __future__ import annotations

from typing import Any


def birth_values(child: Any, mother: Any, father: Any, *, registered: str, number: str) -> dict[str, str]:
    """A birth certificate's field values for `child` of `mother` and `father` (citizens' rows), as printed."""
    return {
        "register_number": number,
        "full_name": child.full_name,
        "date_of_birth": child.date_of_birth,
        "sex": child.sex,
        "place_of_birth": child.place_of_birth,
        "personal_id": child.personal_id,
        "mother_name": mother.full_name,
        "mother_birth_year": str(mother.birth_year),
        "mother_residence": mother.address,
        "father_name": father.full_name,
        "father_birth_year": str(father.birth_year),
        "father_residence": father.address,
        "registration_date": registered,
    }
