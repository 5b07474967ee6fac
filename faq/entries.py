"""The FAQ entry value shared by the loader, the matcher and the rest of pakn."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FaqEntry:
    """One question-answer pair with its alternative phrasings."""

    id: str
    question: str
    variants: tuple[str, ...] = ()
    answer: str = ""
    category: str = ""

    def texts(self) -> tuple[str, ...]:
        """The question followed by its variants: everything a citizen might type."""
        return (self.question, *self.variants)
