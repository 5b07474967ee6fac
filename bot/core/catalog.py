"""The text catalog: every sentence a citizen or officer reads; Vietnamese first, then English."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
_TEXTS_DIR = Path(__file__).with_name("texts")
# libyaml's loader when PyYAML has it: the same texts, read in a tenth of the time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Catalog:
    """Looks up texts by key and language, falling back to Vietnamese."""

    def __init__(self, texts: Mapping[str, Mapping[str, str]], default: str = DEFAULT_LANGUAGE):
        self._texts = texts
        self.default = default

    @classmethod
    def load(cls, directory: Path = _TEXTS_DIR) -> Catalog:
        """Read `<lang>.yaml` for every supported language."""
        texts = {}
        for lang in LANGUAGES:
            with (directory / f"{lang}.yaml").open(encoding="utf-8") as fh:
                texts[lang] = yaml.load(fh, Loader=_LOADER)
        return cls(texts)

    def text(self, key: str, lang: str | None = None, /, **values: object) -> str:
        """The text for `key` in `lang`, with `{placeholders}` filled from `values`."""
        table = self._texts.get(lang or self.default) or self._texts[self.default]
        template = table.get(key) or self._texts[self.default][key]
        return template.format(**values) if values else template

    def has(self, key: str) -> bool:
        """Whether `key` is in the catalog (in the default language, every key's fallback)."""
        return key in self._texts[self.default]

    def language_for(self, hint: str | None) -> str:
        """The supported language closest to a client's hint (e.g. "en-US" → "en")."""
        short = (hint or "").split("-")[0].lower()
        return short if short in self._texts else self.default
