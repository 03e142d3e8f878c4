"""What the services of initiatives share."""


def clean_text(value: str) -> str:
    return (value or "").strip()
