"""Where sohoa keeps its data and which database it talks to.

Precedence, highest first: an explicit argument (the CLI's `--db`), the environment (`SOHOA_DB_URL`,
`SOHOA_DATA_DIR`), then the embedded default: a SQLite file in `./data`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path("data")
DB_FILE_NAME = "sohoa.db"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def load_settings(db_url: str | None = None, data_dir: str | Path | None = None) -> Settings:
    resolved_dir = Path(data_dir or os.environ.get("SOHOA_DATA_DIR") or DEFAULT_DATA_DIR)
    url = db_url or os.environ.get("SOHOA_DB_URL") or sqlite_url(resolved_dir / DB_FILE_NAME)
    return Settings(data_dir=resolved_dir, db_url=url)
