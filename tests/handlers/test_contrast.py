"""The colours of pakn.css, read from the file, in the pairs a citizen sees, with the contrast
WCAG 2.1 defines: at least 4.5:1 for text (1.4.3), 3:1 for focus rings and the borders of
fields (1.4.11). A pair whose first rule is missing falls back to what applies without it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "handlers" / "static" / "pakn.css"
SAFARI_PLACEHOLDER = "#a9a9a9"  # darkGray: a placeholder's colour where the page sets none
COLOUR = re.compile(r"#[0-9a-fA-F]{3,6}\b|var\(--[\w-]+\)")

# (what is read, foreground rule(s) and property, background rule and property)
TEXT = [
    ("text on the page", ["body"], "color", "body"),
    ("text in a card", ["body"], "color", ".card"),
    ("links on the page", ["a"], "color", "body"),
    ("links in a card", ["a"], "color", ".card"),
    ("the banner", [".pakn-header"], "color", ".pakn-header"),
    ("the footer", [".pakn-footer"], "color", ".pakn-footer"),
    ("the citizen's own message", [".msg.me"], "color", ".msg.me"),
    ("a bot's button", [".choices button"], "color", ".choices button"),
    ("the send button", [".composer button.send"], "color", ".composer button.send"),
    ("a message not sent", [".msg .note"], "color", ".msg.failed"),
    ("the hint under the box", [".composer .hint"], "color", ".composer"),
    ("«typing…»", [".typing"], "color", "body"),
    ("the box's placeholder", ["::placeholder", SAFARI_PLACEHOLDER], "color",
     ".composer textarea"),
    ("an error on the follow page", [".error-text"], "color", ".card"),
    ("a column item's date", [".qa .meta"], "color", ".card"),
    ("the column's count", [".column-count"], "color", "body"),
    ("the column's notice", ["body"], "color", ".column .notice"),
    ("the answer's heading", [".qa-full .answer h2"], "color", ".card"),
]
RINGS = [
    ("focus on the page", [":focus-visible"], "outline", "body"),
    ("focus in a card", [":focus-visible"], "outline", ".card"),
    ("focus in the banner", [".pakn-header :focus-visible", ":focus-visible"], "outline",
     ".pakn-header"),
    ("focus on a link in the citizen's message", [".msg.me a:focus-visible", ":focus-visible"],
     "outline", ".msg.me"),
    ("the text box's border", [".composer textarea"], "border", ".composer textarea"),
]


@cache
def rules() -> dict[str, dict[str, str]]:
    """Declarations by selector, later ones winning (media queries included)."""
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = dict(
            (name.strip(), value.strip()) for name, _, value in
            (part.partition(":") for part in body.split(";") if ":" in part))
        for selector in selectors.split(","):
            found.setdefault(" ".join(selector.split()), {}).update(declarations)
    return found


def colour(candidates: list[str], prop: str) -> str:
    """The first candidate rule's colour for `prop` (`outline` also reads `outline-color`),
    or a candidate that is a colour itself; var() resolved from :root."""
    css = rules()
    for candidate in candidates:
        if candidate.startswith("#"):
            return candidate
        declared = css.get(candidate, {})
        value = declared.get(f"{prop}-color") or declared.get(prop)
        if value and (match := COLOUR.search(value)):
            token = match.group(0)
            if token.startswith("var("):
                token = css[":root"][token[4:-1]]
            return token
    raise AssertionError(f"no {prop} colour in {candidates}")


def luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_gives_the_known_extremes():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777", "#fff") == pytest.approx(4.48, abs=0.01)  # just short of AA


@pytest.mark.parametrize(("what", "front", "prop", "back"), TEXT, ids=[t[0] for t in TEXT])
def test_text_reads_at_4_5_to_1(what, front, prop, back):
    ratio = contrast(colour(front, prop), colour([back], "background"))
    assert ratio >= 4.5, f"{what}: {ratio:.2f}:1"


@pytest.mark.parametrize(("what", "front", "prop", "back"), RINGS, ids=[r[0] for r in RINGS])
def test_focus_rings_and_field_borders_stand_out_at_3_to_1(what, front, prop, back):
    ratio = contrast(colour(front, prop), colour([back], "background"))
    assert ratio >= 3, f"{what}: {ratio:.2f}:1"
