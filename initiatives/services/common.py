"""What the services of initiatives share."""

from django.utils.text import slugify

from initiatives.models import Initiative


def clean_text(value: str) -> str:
    return (value or "").strip()


def unique_slug(title: str, *, fallback: str = "initiatief") -> str:
    """The initiative's address on the public pages: its title, numbered when taken
    ('moestuin', 'moestuin-2'). Call it inside the transaction that saves the initiative."""
    base = slugify(title)[:200] or fallback
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
