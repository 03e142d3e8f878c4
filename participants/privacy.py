"""The privacy statement's version. Raise it whenever templates/participants/privacy.html
changes in substance: every consent records the version the person saw."""

PRIVACY_STATEMENT_VERSION = "2026-11"
PRIVACY_STATEMENT_DATE = "2026-11-22"
