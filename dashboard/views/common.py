"""What the task pages share: running a service so that its refusal lands on the form,
and the page that shows one form again when it was refused."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


def apply_service(form, call):
    """Run `call()`; a refusal goes onto the form (its field, or the whole form) and
    nothing is stored. Returns (result, ok)."""
    try:
        return call(), True
    except ValidationError as error:
        add_refusal(form, error)
        return None, False


def add_refusal(form, error: ValidationError) -> None:
    """A service's refusal onto the form it concerns: its field, or the whole form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.error_list)


def render_form_page(request, *, form, title, back, action, intro="", context=None,
                     submit=None, status=200):
    """One form on a page of its own: where a refused form is shown again, as typed."""
    return render(request, "dashboard/form_page.html", {
        "form": form, "title": title, "back": back, "action": action, "intro": intro,
        "submit": submit or title, **(context or {}),
    }, status=status)
