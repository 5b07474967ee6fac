"""When the admins' digest of proposed FAQ variants runs and how long a citizen may object
first (bot.core.variant_digest): defaults the settings read without loading the FAQ matcher."""

from __future__ import annotations

from datetime import time, timedelta

DIGEST_AT = time(16, 30)  # local time, working days: decided before the day's end
# A tapped proposal waits this long for «Không đúng câu hỏi của tôi» before admins see it.
OBJECTION_WINDOW = timedelta(minutes=10)
