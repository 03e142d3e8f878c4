import datetime

from django.conf import settings
from django.views.generic import TemplateView

from participants.privacy import PRIVACY_STATEMENT_DATE, PRIVACY_STATEMENT_VERSION


class PrivacyView(TemplateView):
    template_name = "participants/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=PRIVACY_STATEMENT_VERSION,
            version_date=datetime.date.fromisoformat(PRIVACY_STATEMENT_DATE),
            # The periods the statement promises are the ones apply_retention applies.
            unconfirmed_days=settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS,
            outflow_months=settings.RETENTION_OUTFLOW_MONTHS,
            mail_days=settings.RETENTION_MAIL_DAYS,
            **kwargs,
        )


class AccessibilityView(TemplateView):
    """The accessibility statement: what was tested and how (tests/e2e holds the tests)."""

    template_name = "participants/accessibility.html"
    extra_context = {"checked_on": datetime.date(2026, 11, 22)}
