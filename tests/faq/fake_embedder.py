"""A sentence model stand-in for tests: a bag of the marked syllables, hashed and normalised.

Like e5, it sees "giay phep" and "giấy phép" as different words, so it only helps a question
typed without marks once the marks are restored.
"""

import threading
import unicodedata
import zlib

import numpy as np

DIM = 512


class FakeEmbedder:
    """Counts how many texts it embedded, so tests can see what a cache saved."""

    name = "fake-bag-of-syllables"

    def __init__(self) -> None:
        self.passages_embedded = 0
        self.queries: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(DIM, dtype=np.float32)
        for word in unicodedata.normalize("NFC", text.lower()).split():
            v[zlib.crc32(word.strip("?,.!").encode()) % DIM] += 1.0
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v

    def passage(self, texts: list[str]) -> np.ndarray:
        self.passages_embedded += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, DIM))

    def query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return self._vector(text)


class CloseEmbedder(FakeEmbedder):
    """Like e5 on administrative Vietnamese: any two texts are close (cosine 0.8 or more), so
    a question sharing a few common words with an entry looks near it in meaning."""

    name = "fake-close-bag-of-syllables"

    def _vector(self, text: str) -> np.ndarray:
        v = np.append(0.45 * super()._vector(text), np.float32(0.89))
        return (v / np.linalg.norm(v)).astype(np.float32)


class GatedEmbedder(FakeEmbedder):
    """Embeds only once let through: a call waits at the gate, as a real model computes, and
    blocks whatever thread it runs on. `gate_queries`, `gate_passages` choose which calls wait;
    `waiting` is set while one does; `opened` says whether the gate opened (else it timed out)."""

    def __init__(self, timeout: float = 3.0) -> None:
        super().__init__()
        self.timeout = timeout
        self.gate_queries = self.gate_passages = False
        self.waiting = threading.Event()
        self.gate = threading.Event()
        self.opened: list[bool] = []

    def _wait(self) -> None:
        self.waiting.set()
        self.opened.append(self.gate.wait(self.timeout))

    def passage(self, texts: list[str]) -> np.ndarray:
        if self.gate_passages:
            self._wait()
        return super().passage(texts)

    def query(self, text: str) -> np.ndarray:
        if self.gate_queries:
            self._wait()
        return super().query(text)
