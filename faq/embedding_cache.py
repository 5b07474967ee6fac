"""Entry embeddings kept, keyed by model and text, so start-up does not re-embed.

Embedding a text costs ~25 ms on one core: 10,000 entries with variants would take 10-20
minutes at every start. The bot keeps the vectors in its database: it `seed`s the cache with
them before building the index and stores what `take_unsaved` returns afterwards (bot.app),
so a restart or a second instance embeds only texts no one has embedded yet. Commands that
match against a file without a database (`pakn faq eval --faq`) keep them in a folder
instead: one .npz file per model, read back instead of embedded again.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

import numpy as np


class _Model(Protocol):
    name: str

    def passage(self, texts: list[str]) -> np.ndarray: ...


def text_key(model: str, text: str) -> str:
    """The cache key of one passage text under one model."""
    return hashlib.sha1(f"{model}\n{text}".encode()).hexdigest()


class EmbeddingCache:
    """Passage vectors by (model, text), in memory and optionally in `folder`."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.vectors: dict[str, dict[str, np.ndarray]] = {}
        self._unsaved: dict[str, set[str]] = {}

    def seed(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Vectors stored elsewhere (the database), by `text_key`, known without embedding."""
        self._load(model).update(vectors)

    def take_unsaved(self) -> dict[str, dict[str, np.ndarray]]:
        """The vectors embedded since the last call, by model and key, to be stored."""
        taken = {model: {key: self.vectors[model][key] for key in keys}
                 for model, keys in self._unsaved.items() if keys}
        self._unsaved = {}
        return taken

    def embed(self, model: _Model, texts: list[str]) -> np.ndarray:
        """Vectors of `texts` (rows in order), embedding only those never seen."""
        vectors = self._load(model.name)
        keys = [text_key(model.name, t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in vectors))
        if missing:
            by_key = dict(zip(keys, texts, strict=True))
            fresh = model.passage([by_key[k] for k in missing])
            vectors.update(zip(missing, np.asarray(fresh, dtype=np.float32), strict=True))
            self._unsaved.setdefault(model.name, set()).update(missing)
            self._save(model.name, vectors)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([vectors[k] for k in keys])

    def _file(self, model: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / f"embeddings-{hashlib.sha1(model.encode()).hexdigest()[:12]}.npz"

    def _load(self, model: str) -> dict[str, np.ndarray]:
        if model in self.vectors:
            return self.vectors[model]
        vectors = self.vectors[model] = {}
        path = self._file(model)
        if path is not None and path.exists():
            with np.load(path) as stored:
                keys, matrix = stored["keys"], stored["vectors"]
            vectors.update(zip(keys.tolist(), matrix, strict=True))
        return vectors

    def _save(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        path = self._file(model)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(vectors)
        # Written aside and renamed: a second instance never reads a half-written file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as out:
            np.savez(out, keys=np.array(keys), vectors=np.stack([vectors[k] for k in keys]))
        os.replace(tmp, path)
