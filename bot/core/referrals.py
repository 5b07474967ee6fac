"""Where to go for what the agency does not handle (ORG_FILE `referrals`): a question the FAQ
declines that names such a matter is answered with the right place instead of a hand-over."""

from __future__ import annotations

from bot.core.organisation import Organisation, Referral
from faq.normalize import fold


def referral_for(text: str, org: Organisation) -> Referral | None:
    """The first referral whose words occur in `text` as whole words (folded), or None."""
    words = f" {fold(text)} "
    for referral in org.referrals:
        if any(f" {fold(word)} " in words for word in referral.words):
            return referral
    return None
