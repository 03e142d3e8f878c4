"""Core's share of the retention command (participants.privacy.apply_retention): the
claims of forms already sent are needed only while someone might send a form again."""

import datetime

from core.submissions import KEPT_DAYS, expire_before


def expire(*, now: datetime.datetime, batch_size: int) -> dict:
    return {"records of sent forms removed": expire_before(
        now - datetime.timedelta(days=KEPT_DAYS), batch_size=batch_size)}
