"""What the task pages share: running a service so that its refusal lands on the form,
and the page that shows one form again when it was refused.

The back office's one convention for a posted form: valid and accepted by its service,
a redirect; otherwise the page again, with the refusal on the form, answering REFUSED."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

REFUSED = 400  # a posted form refused, by its own checks or by the service it calls


def apply_service(form, call):
    """Run `call()`; a refusal goes onto the form (its field, or the whole form) and
    nothing is stored. Returns (result, ok)."""
    try:
        return call(), True
    except ValidationError as error:
        add_refusal(form, error)
        return None, False


def accept_posted(request, form, call, *, success, to):
    """A posted form, valid and accepted by `call()`: the message `success` and a
    redirect to `to` (either may be a function of what `call()` returned). Otherwise
    None, the refusal on the form: the caller shows its page again, answering REFUSED."""
    if not form.is_valid():
        return None
    result, ok = apply_service(form, call)
    if not ok:
        return None
    messages.success(request, str(success(result) if callable(success) else success))
    return redirect(to(result) if callable(to) else to)


def add_refusal(form, error: ValidationError) -> None:
    """A service's refusal onto the form it concerns: its field, or the whole form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.error_list)


def render_form_page(request, *, form, title, back, action, intro="", context=None,
                     submit=None, status=None, template="dashboard/form_page.html"):
    """One form on a page of its own: where a refused form is shown again, as typed
    (a bound form is a refused one: REFUSED, unless `status` says otherwise). A page
    with more around its form names a `template` that extends the back office's layout."""
    if status is None:
        status = REFUSED if form.is_bound else 200
    return render(request, template, {
        "form": form, "title": title, "back": back, "action": action, "intro": intro,
        "submit": submit or title, **(context or {}),
    }, status=status)
