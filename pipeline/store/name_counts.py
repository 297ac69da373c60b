"""The register's name-spelling counts (`pipeline.normalize.name_lexicon`), read from the citizens table.

Three GROUP BY queries, one per place in a name: they return a few thousand rows however large the population
(one full scan each, about a second for a million citizens in SQLite), so they run once per batch, not per page.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from pipeline.normalize.name_lexicon import NameLexicon, Position
from pipeline.store.models import Citizen


def load_name_lexicon(engine: Engine) -> NameLexicon:
    """Counts of every surname, middle-name and given-name syllable in the population (empty without one)."""
    columns: dict[Position, object] = {
        "surname": Citizen.surname,
        "middle": Citizen.middle_name,
        "given": Citizen.given_name,
    }
    with engine.connect() as connection:
        parts = {
            position: [tuple(row) for row in connection.execute(select(column, func.count()).group_by(column))]
            for position, column in columns.items()
        }
    return NameLexicon.from_parts(parts)
