"""`pakn faq match|eval|import|export|variants`: try and measure the matcher, load entries,
export, review the variants learnt from use."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.app.commands import CommandError, faq_variants, opened_app
from bot.app.settings import Settings
from faq.loader import FaqFormatError, load_faq, write_faq

if TYPE_CHECKING:
    from collections.abc import Iterable

    from faq.entries import FaqEntry
    from faq.matcher import FaqMatcher


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("faq", help="the FAQ: match questions, import, export")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    match = actions.add_parser("match", help="questions on stdin, one JSON line each on stdout")
    match.add_argument("--faq", metavar="PATH",
                       help="match against this FAQ file or folder instead of the database")
    evaluating = actions.add_parser(
        "eval", help="figures of the matcher on questions with their expected entries (CSV)")
    evaluating.add_argument("path", metavar="FILE.csv",
                            help="columns query,expected_id (empty id: out of scope)")
    evaluating.add_argument("--faq", metavar="PATH",
                            help="evaluate this FAQ file or folder instead of the database")
    importing = actions.add_parser("import", help="add or update entries from a CSV or YAML file")
    importing.add_argument("path", metavar="PATH")
    exporting = actions.add_parser("export", help="write the FAQ to a CSV or YAML file")
    exporting.add_argument("path", metavar="PATH")
    faq_variants.register(actions)
    parser.set_defaults(execute=execute)


def _read(path: str) -> list:
    try:
        return load_faq(path)
    except (FaqFormatError, OSError) as error:
        raise CommandError(str(error)) from None


def _matcher(entries: list, settings: Settings) -> FaqMatcher:
    # The matcher is imported here, for these commands only: it takes a while to load.
    from faq.embedding_cache import EmbeddingCache
    from faq.matcher import FaqMatcher

    cache = EmbeddingCache(settings.faq_embeddings_dir) if settings.faq_semantic else None
    return FaqMatcher(entries, semantic=settings.faq_semantic, cache=cache)


def _cases(path: str, entries: Iterable[FaqEntry]) -> list:
    """The questions of an evaluation file, checked against the FAQ's ids before any matcher
    is built (a bad file is refused at once)."""
    from faq.evaluation import EvalFormatError, read_cases

    try:
        return read_cases(path, known=(e.id for e in entries))
    except (EvalFormatError, OSError) as error:
        raise CommandError(str(error)) from None


def _print_figures(matcher: FaqMatcher, cases: list) -> None:
    from faq.evaluation import figures, format_figures

    print(format_figures(figures(matcher, cases)))


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "variants":
        return await faq_variants.execute(args, settings)
    from faq.commands import match_lines

    if args.action in ("match", "eval") and args.faq:
        entries = _read(args.faq)
        if args.action == "eval":
            cases = _cases(args.path, entries)
            _print_figures(_matcher(entries, settings), cases)
        else:
            match_lines(_matcher(entries, settings), sys.stdin, sys.stdout)
        return 0
    async with opened_app(settings, args.clock) as app:
        if args.action == "match":  # the bot's own index, its vectors read from the database
            match_lines(app.faq.matcher, sys.stdin, sys.stdout)
        elif args.action == "eval":
            _print_figures(app.faq.matcher, _cases(args.path, app.faq.matcher.entries))
        elif args.action == "import":
            entries = _read(args.path)
            async with app.uow() as work:
                written = await work.faq.upsert(entries)
                await work.commit()
                stored = await work.faq.all()
            print(f"{len(entries)} entries read, {written} added or updated")
            if settings.faq_semantic:  # embedded now, not at the bot's next start
                await app.faq.areplace(stored)
                print(f"{await app.faq.keep_vectors(app.uow)} new texts embedded and stored")
        else:
            async with app.uow.reader() as work:
                entries = await work.faq.all()
            try:
                write_faq(entries, args.path)
            except (FaqFormatError, OSError, ValueError) as error:
                raise CommandError(str(error)) from None
            print(f"{len(entries)} entries written to {args.path}")
    return 0
