"""A summary of the population database: counts only, so it can be shown anywhere without leaking anyone."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select

from pipeline.normalize.provinces import province_name
from pipeline.store.models import Citizen


@dataclass
class PopulationStats:
    total: int = 0
    by_sex: dict[str, int] = field(default_factory=dict)
    deceased: int = 0
    by_decade: dict[int, int] = field(default_factory=dict)
    by_ethnicity: dict[str, int] = field(default_factory=dict)
    by_province: dict[str, int] = field(default_factory=dict)  # province code -> count
    partial_dates: int = 0
    with_parents: int = 0


SMALL_GROUP = 5
OTHER = f"other (groups of fewer than {SMALL_GROUP})"


def _suppress_small(rows: list[tuple[str, int]]) -> dict[str, int]:
    """Free-text groups with few members are pooled: a tiny group can name a person (or a misplaced name)."""
    result: dict[str, int] = {}
    for label, count in rows:
        key = (label or "(blank)") if count >= SMALL_GROUP else OTHER
        result[key] = result.get(key, 0) + count
    return result


def collect_stats(engine: Engine) -> PopulationStats:
    stats = PopulationStats()
    decade = Citizen.birth_year - Citizen.birth_year % 10
    province = func.substr(Citizen.personal_id, 1, 3)
    with engine.connect() as connection:
        stats.total = connection.execute(select(func.count()).select_from(Citizen)).scalar_one()
        if stats.total == 0:
            return stats
        stats.by_sex = dict(connection.execute(select(Citizen.sex, func.count()).group_by(Citizen.sex)).all())
        stats.deceased = connection.execute(
            select(func.count()).select_from(Citizen).where(Citizen.is_deceased.is_(True))
        ).scalar_one()
        stats.by_decade = dict(connection.execute(select(decade, func.count()).group_by(decade).order_by(decade)).all())
        stats.by_ethnicity = _suppress_small(
            connection.execute(
                select(Citizen.ethnicity, func.count()).group_by(Citizen.ethnicity).order_by(func.count().desc())
            ).all()
        )
        stats.by_province = dict(
            connection.execute(select(province, func.count()).group_by(province).order_by(func.count().desc())).all()
        )
        stats.partial_dates = connection.execute(
            select(func.count()).select_from(Citizen).where(func.length(Citizen.date_of_birth) < 10)
        ).scalar_one()
        stats.with_parents = connection.execute(
            select(func.count()).select_from(Citizen).where(Citizen.father_id.is_not(None))
        ).scalar_one()
    return stats


def _share(part: int, total: int) -> str:
    return f"{100 * part / total:.1f}%" if total else "-"


def format_text(stats: PopulationStats) -> str:
    if stats.total == 0:
        return "the population database is empty: run `sohoa population generate` or `sohoa population import`"
    lines = [
        f"people:        {stats.total}",
        f"men / women:   {stats.by_sex.get('M', 0)} / {stats.by_sex.get('F', 0)}",
        f"deceased:      {stats.deceased} ({_share(stats.deceased, stats.total)})",
        f"partial dates: {stats.partial_dates} (year or month of birth only)",
        f"with parents in the population: {stats.with_parents}",
        "born by decade: " + ", ".join(f"{d}s {n}" for d, n in stats.by_decade.items()),
        "ethnicity:     " + ", ".join(f"{k} {n}" for k, n in list(stats.by_ethnicity.items())[:8]),
        "top provinces: " + ", ".join(f"{province_name(k) or k} {n}" for k, n in list(stats.by_province.items())[:8]),
    ]
    return "\n".join(lines)


def _table(title: str, rows: list[tuple[str, int]], total: int) -> str:
    body = "".join(
        f"<tr><td>{html.escape(label)}</td><td class=n>{count}</td><td class=n>{_share(count, total)}</td></tr>"
        for label, count in rows
    )
    return f"<h2>{html.escape(title)}</h2><table><tr><th></th><th>people</th><th>share</th></tr>{body}</table>"


def render_html(stats: PopulationStats, generated_at: datetime | None = None) -> str:
    generated_at = generated_at or datetime.now()
    total = stats.total
    overview = [
        ("men", stats.by_sex.get("M", 0)),
        ("women", stats.by_sex.get("F", 0)),
        ("deceased", stats.deceased),
        ("year or month of birth only", stats.partial_dates),
        ("parents in the population", stats.with_parents),
    ]
    sections = [
        _table("Overview", overview, total),
        _table("Born by decade", [(f"{d}s", n) for d, n in stats.by_decade.items()], total),
        _table("Ethnicity", list(stats.by_ethnicity.items()), total),
        _table(
            "Province of birth registration",
            [(f"{province_name(k) or k} ({k})", n) for k, n in stats.by_province.items()],
            total,
        ),
    ]
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>sohoa: population summary</title>
<style>
body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em;color:#222}}
table{{border-collapse:collapse;margin-bottom:1.5em}}td,th{{border:1px solid #ccc;padding:.2em .6em}}
td.n{{text-align:right}}h1{{font-size:1.4em}}h2{{font-size:1.1em}}
</style></head><body>
<h1>Population summary: {total} people</h1>
<p>Generated {html.escape(generated_at.strftime("%Y-%m-%d %H:%M"))}. Counts only: no names or personal IDs.</p>
{"".join(sections)}
</body></html>
"""


def write_html(stats: PopulationStats, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(stats), encoding="utf-8")
    return path
