"""Evaluation sets for the FAQ bench, built at bench time from the public material in ../shared.

Nothing here is shipped or copied into the repository: every set is read from ../shared and
skipped when it is absent. Each set is an FAQ (entries), in-scope queries with their expected
ids and out-of-scope queries (expected ids empty), like the sets pakn is judged on.

- dev: shared/faq-eval as written (four styles, 35 out-of-scope questions).
- dvc-rasa, ntu-admissions: each intent's first example indexed, its other examples asked; out
  of scope are examples of intents left out of the FAQ (15 and 5) and questions of other
  agencies' FAQs.
- police: the provincial police FAQ. Two categories are left out of the FAQ and their questions
  asked as out-of-scope questions made of the agency's own vocabulary; in-scope questions are
  the entries' questions rewritten by rule in four styles (see `rewrite`).
- moh (SEALED): the health ministry's portal Q&A, built the same way; reported only at the end.
  Every set whose name ends in "(sealed)" is sealed (`is_sealed`): built only by
  `all_sets(sealed=True)`, never fitted or tuned on, its questions never used elsewhere.

The rule rewrites are no paraphrases: they test spelling, missing tone marks, chat style,
typos and dropped words, not synonymy; the Rasa sets and the dev set carry the paraphrases.
"""

import csv
import json
import os
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from faq.entries import FaqEntry
from faq.loader import load_faq

# ../shared beside the checkout (a worktree one level deeper finds it further up), or $FAQ_SHARED.
SHARED = Path(
    os.environ.get("FAQ_SHARED")
    or next(
        (p / "shared" for p in Path(__file__).resolve().parents[1:] if (p / "shared").is_dir()),
        Path(__file__).resolve().parents[2] / "shared",
    )
)
DATA = SHARED / "data"
SEALED = "moh (sealed)"
NTU = DATA / "ntu-admissions-rasa/faq_eval.json"
DVC = DATA / "dvc-rasa-faq/faq_eval.json"
N_OOS = 35

Query = tuple[str, frozenset[str], str]


@dataclass
class EvalSet:
    """An FAQ with its in-scope and out-of-scope queries."""

    name: str
    entries: list[FaqEntry]
    queries: list[Query]
    kind: str  # "ours" (a department like ours) or "other"


def is_sealed(name: str) -> bool:
    """A sealed set (its name ends in "(sealed)") is never fitted on; reported only at the end."""
    return name.endswith("(sealed)")


def fold(text: str) -> str:
    """Tone marks stripped, đ -> d, lower case."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


# --- rule rewrites -------------------------------------------------------------------------

_OPENERS = ("", "cho em hỏi", "ad ơi", "chào ad, cho mình hỏi chút", "mn ơi", "xin hỏi")
_CLOSERS = ("", "ạ", "vậy ạ", "với ạ", "ak", "nhé")
_TELEX = {"̀": "f", "́": "s", "̉": "r", "̃": "x", "̣": "j"}


def _chat_map() -> dict[str, list[str]]:
    """Normalised word -> chat spellings seen at least 3 times in ViLexNorm's train split."""
    path = DATA / "vilexnorm/train.csv"
    if not path.exists():
        return {}
    pairs: Counter = Counter()
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            orig, norm = row["original"].lower().split(), row["normalized"].lower().split()
            if len(orig) == len(norm):
                pairs.update((n, o) for o, n in zip(orig, norm, strict=True) if o != n)
    out: dict[str, list[str]] = {}
    for (norm, orig), count in pairs.items():
        if count >= 3 and re.fullmatch(r"\w+", orig) and re.fullmatch(r"\w+", norm):
            out.setdefault(norm, []).append(orig)
    return out


def _typo(word: str, rng: random.Random) -> str:
    """One realistic slip: a Telex leftover, a dropped tone mark, a doubled or swapped letter."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((c for c in decomposed if c in _TELEX), None)
    kind = rng.choice(("telex", "tone", "double", "swap"))
    if kind in ("telex", "tone") and tone:
        bare = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
        return bare + _TELEX[tone] if kind == "telex" else bare
    if len(word) < 3:
        return word
    i = rng.randrange(len(word) - 1)
    if kind == "double":
        return word[: i + 1] + word[i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _words(question: str) -> list[str]:
    return re.findall(r"\w+", question)


def _drop(words: list[str], rng: random.Random) -> list[str]:
    """Drop one word of a question of five words or more (citizens leave words out)."""
    if len(words) < 5:
        return words
    i = rng.randrange(1, len(words))
    return words[:i] + words[i + 1 :]


def rewrite(question: str, style: str, rng: random.Random, chat: dict[str, list[str]]) -> str:
    """The question typed in `style`: nodiac, teen, typo or trunc."""
    words = _drop(_words(question), rng)
    opener, closer = rng.choice(_OPENERS), rng.choice(_CLOSERS)
    if style == "nodiac":
        body = fold(" ".join(words))
    elif style == "teen":
        out = []
        for w in words:
            low = w.lower()
            if low in chat and rng.random() < 0.7:
                low = rng.choice(chat[low])
            out.append(fold(low) if rng.random() < 0.5 else low)
        body = " ".join(out)
    elif style == "typo":
        picks = set(rng.sample(range(len(words)), min(len(words), rng.randint(1, 3))))
        body = " ".join(_typo(w, rng) if i in picks else w for i, w in enumerate(words))
    else:  # trunc: a list title cut short, as portals show them
        whole = _words(question)
        body = " ".join(whole[: max(4, -(-len(whole) * 7 // 10))])
        opener = closer = ""
    return " ".join(p for p in (opener, body, closer) if p)


# --- sets ----------------------------------------------------------------------------------


def dev_set() -> EvalSet | None:
    path = SHARED / "faq-eval"
    if not (path / "queries.csv").exists():
        return None
    with (path / "queries.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    queries = [(r["query"], frozenset({r["expected_id"]} - {""}), r["style"]) for r in rows]
    return EvalSet("dev (faq-eval)", load_faq(path / "faq.csv"), queries, "ours")


def _police_items() -> list[dict]:
    path = DATA / "capphutho-police-faq/faq_db.json"
    if not path.exists():
        return []
    items, seen = [], set()
    for it in json.loads(path.read_text(encoding="utf-8"))["items"]:
        if it["question"] not in seen:
            seen.add(it["question"])
            items.append(it)
    return items


def _moh_items() -> list[dict]:
    """Cleaned health-ministry Q&A with the portal's topic of each (from the raw scrape)."""
    silver, raw = DATA / "moh-dvc-faq/silver_data.csv", DATA / "moh-dvc-faq/raw_QAPair.csv"
    if not silver.exists():
        return []
    topic = {}
    with raw.open(encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            topic[r["answer"].strip()[:200]] = r["main_topic"]
    items, seen = [], set()
    with silver.open(encoding="utf-8-sig") as f:
        for i, r in enumerate(csv.DictReader(f)):
            q = r["question"].replace("\xa0", " ").strip()
            if len(_words(q)) < 3 or q in seen:
                continue
            seen.add(q)
            t = topic.get(r["answer"].strip()[:200], "?")
            items.append({"id": f"M{i:03d}", "question": q, "answer": r["answer"], "category": t})
    return items


def foreign_questions(sources: tuple[str, ...]) -> list[str]:
    """Questions of other agencies' FAQs whose topics the asking set does not cover.

    dvc-rasa covers nearly every public service (passports, residence, health licences), so it
    only gets admissions questions; complaints are left out wherever the asking FAQ has them.
    The sealed set's questions are never used outside it.
    """
    out = []
    if "police" in sources:
        out += [i["question"] for i in _police_items() if i["category"] != "khieu_nai"]
    for short, path in (("ntu", NTU), ("dvc", DVC)):
        if short in sources and path.exists():
            items = json.loads(path.read_text(encoding="utf-8"))["items"]
            out += [i["question"] for i in items if len(_words(i["question"])) >= 4]
    if "dev" in sources and (SHARED / "faq-eval/faq.csv").exists():
        out += [
            e.question
            for e in load_faq(SHARED / "faq-eval/faq.csv")
            if e.category != "khieu_nai_to_cao"
        ]
    return out


def _oos(pool: list[str], n: int, seed: int) -> list[Query]:
    rng = random.Random(seed)
    return [(q, frozenset(), "oos") for q in rng.sample(pool, min(n, len(pool)))]


def rasa_set(
    name: str, path: Path, foreign: tuple[str, ...], kind: str, held_out: int
) -> EvalSet | None:
    """Index each intent's first example; ask its others; any member of an ambiguous group.

    `held_out` intents (outside the ambiguous groups, chosen at random) are left out of the
    FAQ and one of their examples asked as an out-of-scope question in the set's own words;
    other agencies' questions make up the rest of the N_OOS out-of-scope questions.
    """
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    groups = {i: frozenset(g) for g in data.get("ambiguous_intent_groups", []) for i in g}
    rng = random.Random(11)
    loose = [it["id"] for it in data["items"] if it["id"] not in groups and it["variants"]]
    out = set(rng.sample(loose, held_out))
    items = [it for it in data["items"] if it["id"] not in out]
    entries = [FaqEntry(it["id"], it["question"], (), it.get("answer") or "-") for it in items]
    queries = [
        (v, groups.get(it["id"], frozenset({it["id"]})), "all")
        for it in items
        for v in it["variants"]
    ]
    hard = [
        (rng.choice(it["variants"]), frozenset(), "oos")
        for it in data["items"]
        if it["id"] in out
    ]
    foreign_oos = _oos(foreign_questions(foreign), N_OOS - len(hard), 11)
    return EvalSet(name, entries, queries + hard + foreign_oos, kind)


def rule_set(
    name: str,
    items: list[dict],
    held_out: set[str],
    foreign: tuple[str, ...],
    kind: str,
    seed: int,
) -> EvalSet | None:
    """FAQ of the items outside `held_out` categories; rule-written queries in four styles.

    Out of scope: rewrites of the held-out categories' questions (the agency's own words on
    topics its FAQ leaves out) and other agencies' questions, N_OOS in all.
    """
    if not items:
        return None
    rng = random.Random(seed)
    chat = _chat_map()
    kept = [it for it in items if it["category"] not in held_out]
    out = [it for it in items if it["category"] in held_out]
    entries = [
        FaqEntry(
            it["id"],
            it["question"],
            (),
            _plain(it.get("answer") or it["answer_html"]),
            it["category"],
        )
        for it in kept
    ]
    asked = rng.sample(kept, min(45, len(kept)))
    queries: list[Query] = []
    for it in asked:
        for style in ("nodiac", "teen", "typo", "trunc"):
            queries.append(
                (rewrite(it["question"], style, rng, chat), frozenset({it["id"]}), style)
            )
    hard = [
        rewrite(it["question"], rng.choice(("nodiac", "teen", "typo")), rng, chat) for it in out
    ]
    hard = rng.sample(hard, min(20, len(hard)))
    queries += [(q, frozenset(), "oos") for q in hard]
    queries += _oos(foreign_questions(foreign), N_OOS - len(hard), seed)
    return EvalSet(name, entries, queries, kind)


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def all_sets(sealed: bool = False) -> list[EvalSet]:
    """Every available set; the sealed one only when asked for."""
    sets = [
        dev_set(),
        rasa_set("dvc-rasa", DVC, ("ntu",), "ours", 15),
        rasa_set("ntu-admissions", NTU, ("police", "dvc", "dev"), "other", 5),
        rule_set("police", _police_items(), {"vu_khi", "kinh_doanh"}, ("ntu", "dev"), "other", 5),
    ]
    if sealed:
        moh = _moh_items()
        topics = Counter(it["category"] for it in moh)
        # The three smallest topics with at least 6 questions are left out of the FAQ.
        small = {t for t, _ in sorted(topics.items(), key=lambda kv: kv[1]) if topics[t] >= 6}
        held = set(sorted(small, key=lambda t: (topics[t], t))[:3])
        sets.append(rule_set(SEALED, moh, held, ("police", "ntu", "dev"), "other", 9))
    return [s for s in sets if s is not None]
