import datetime

from django.views.generic import TemplateView

from participants.privacy import PRIVACY_STATEMENT_DATE, PRIVACY_STATEMENT_VERSION


class PrivacyView(TemplateView):
    template_name = "participants/privacy.html"
    extra_context = {
        "version": PRIVACY_STATEMENT_VERSION,
        "version_date": datetime.date.fromisoformat(PRIVACY_STATEMENT_DATE),
    }
