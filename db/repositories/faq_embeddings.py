"""FAQ texts' vectors by sentence model (faq.embedding_cache): read once at start, added when
a text is embedded for the first time. Two instances adding the same text keep one row."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from db.models import FaqEmbeddingRow
from db.repositories.base import SqlRepository

BATCH = 500  # rows per INSERT: well under SQLite's and asyncpg's bound-parameter limits


class SqlFaqEmbeddingRepository(SqlRepository):
    async def load(self) -> dict[str, dict[str, np.ndarray]]:
        """Every stored vector, by model and text key."""
        found: dict[str, dict[str, np.ndarray]] = {}
        rows = await self.session.execute(
            select(FaqEmbeddingRow.model, FaqEmbeddingRow.key, FaqEmbeddingRow.vector))
        for model, key, vector in rows:
            found.setdefault(model, {})[key] = np.frombuffer(vector, dtype="<f4")
        return found

    async def add(self, vectors: dict[str, dict[str, np.ndarray]]) -> int:
        """Stores vectors by model and text key, keeping rows already there; how many."""
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        rows = [{"key": key, "model": model,
                 "vector": np.asarray(vector, dtype="<f4").tobytes()}
                for model, by_key in vectors.items() for key, vector in by_key.items()]
        for start in range(0, len(rows), BATCH):
            await self.session.execute(
                insert(FaqEmbeddingRow).values(rows[start:start + BATCH])
                .on_conflict_do_nothing(index_elements=["key"]))
        return len(rows)
