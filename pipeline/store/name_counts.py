"""The register's name-spelling counts (`pipeline.normalize.name_lexicon`), read from the citizens table.

Three GROUP BY queries (surnames, middle names, given names by sex): they return a few thousand rows however
large the population (one full scan each, about a second for a million citizens in SQLite), so they run once per
batch, not per page.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from pipeline.normalize.name_lexicon import NameLexicon, Position
from pipeline.store.models import Citizen


def load_name_lexicon(engine: Engine) -> NameLexicon:
    """Counts of every surname, middle-name and given-name syllable in the population, and of given-name
    syllables per sex (empty without a population)."""
    columns: dict[Position, object] = {"surname": Citizen.surname, "middle": Citizen.middle_name}
    with engine.connect() as connection:
        parts: dict[str, list[tuple[str, int]]] = {
            position: [tuple(row) for row in connection.execute(select(column, func.count()).group_by(column))]
            for position, column in columns.items()
        }
        # given names by sex (Dung is a woman's name, Dũng a man's); everyone's are the two added up
        by_sex = select(Citizen.given_name, Citizen.sex, func.count()).group_by(Citizen.given_name, Citizen.sex)
        for given, sex, people in connection.execute(by_sex):
            parts.setdefault(f"given:{sex}", []).append((given, people))
            parts.setdefault("given", []).append((given, people))
    return NameLexicon.from_parts(parts)
