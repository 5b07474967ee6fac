"""`pakn faq variants list|review|digest`: questions the FAQ learnt from use, waiting for an
admin; their digest to the staff group, now."""

from __future__ import annotations

import argparse

from bot.app.commands import CommandError, opened_app
from bot.app.settings import Settings
from bot.core.faq_learning import VariantProposal, VariantStatus

ACTOR = "cli"  # decided_by of a decision taken at the console


def register(actions: argparse._SubParsersAction) -> None:
    variants = actions.add_parser("variants", help="questions proposed as variants of entries")
    steps = variants.add_subparsers(dest="variants_action", required=True, metavar="ACTION")
    listing = steps.add_parser("list", help="every proposal, most asked first")
    listing.add_argument("--status", choices=[s.value for s in VariantStatus])
    review = steps.add_parser("review", help="the proposals waiting; approve or reject one")
    decision = review.add_mutually_exclusive_group()
    decision.add_argument("--approve", type=int, metavar="ID",
                          help="add the question to its entry's variants")
    decision.add_argument("--reject", type=int, metavar="ID",
                          help="skip it (the same question is not proposed again)")
    steps.add_parser("digest", help="queue the admins' digest to the staff group now (working "
                     "days; what the scheduler does at FAQ_VARIANT_DIGEST_AT)")


def line(proposal: VariantProposal, entry_question: str | None = None) -> str:
    """One proposal on one line (tab-separated), the entry's question after it if given."""
    cells = [str(proposal.id), proposal.status.value, str(proposal.count), proposal.source.value,
             proposal.entry_id, proposal.question.replace("\n", " ")]
    if entry_question is not None:
        cells.append(f"→ {entry_question}")
    return "\t".join(cells)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    if args.variants_action == "digest":
        return await _digest(args, settings)
    # Imported here: it loads the FAQ matcher (SciPy), which every other command's start skips.
    from bot.core import variant_review

    async with opened_app(settings, args.clock) as app, app.uow() as work:
        catalog, now = app.conversation.deps.catalog, app.clock.now()
        if args.variants_action == "list":
            status = VariantStatus(args.status) if args.status else None
            for proposal in await work.variants.listed(status):
                print(line(proposal))
            return 0
        if args.approve is not None or args.reject is not None:
            if args.approve is not None:
                decided = await variant_review.approve(work, catalog, args.approve, ACTOR, now)
            else:
                decided = await variant_review.reject(work, args.reject, ACTOR, now)
            if decided is None:
                raise CommandError(f"proposal {args.approve or args.reject} is not waiting "
                                   f"(see `pakn faq variants list`)")
            await work.commit()
            print(f"{decided.status.value}: {line(decided)}")
            if decided.status is VariantStatus.APPROVED:
                print("the running bot answers from it after its next restart or FAQ change")
            return 0
        waiting = await work.variants.listed(VariantStatus.PROPOSED)
        for proposal in waiting:
            entry = await work.faq.get(proposal.entry_id)
            print(line(proposal, entry.question if entry else "?"))
        print(f"{len(waiting)} waiting; `--approve ID` or `--reject ID`")
    return 0


async def _digest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.scheduler import run_variant_digest  # with the application: when run

    if settings.telegram_staff_chat_id is None:
        raise CommandError("TELEGRAM_STAFF_CHAT_ID is not set: review at the console instead")
    async with opened_app(settings, args.clock) as app:
        shown = await run_variant_digest(app, app.clock)
    if shown is None:
        raise CommandError("another instance is running the digest")
    print(f"{shown} proposal(s) in the digest queued for the staff group (0: none waiting past "
          f"the objection window, or a day off)")
    return 0
