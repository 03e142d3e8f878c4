"""Money amounts as people in the Netherlands type them, for every form that takes one
(the admin's money flows and the back office's): "2.500", "2.500,50", "€ 2.500",
"2500", "12,5" are all understood; the dot groups thousands, the comma marks cents."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Digits with dots between groups of three, or plain digits; then optional cents.
DUTCH = re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d*))?$")
# A pasted English amount ("1,234.50", "12.5"): a dot with one or two digits at the end.
ENGLISH = re.compile(r"^(?P<whole>\d{1,3}(?:,\d{3})+|\d+)\.(?P<cents>\d{1,2})$")
EURO = re.compile(r"^(?:€|eur|euro)\s*|\s*(?:€|eur|euro|,-|,--)$", re.IGNORECASE)


def parse_euro_amount(text: str) -> Decimal:
    """The amount in `text`, or a ValidationError in the reader's language."""
    value = "".join(str(text or "").split())  # spaces, also between € and the digits
    previous = None
    while previous != value:  # "€ 2.500,-"
        previous, value = value, EURO.sub("", value)
    match = DUTCH.match(value)
    if match:
        whole, cents = match["whole"].replace(".", ""), match["cents"] or ""
    elif match := ENGLISH.match(value):
        whole, cents = match["whole"].replace(",", ""), match["cents"]
    else:
        raise ValidationError(
            _("Enter an amount in euros, such as 2.500 or 2.500,50."), code="invalid")
    if len(cents) > 2:
        raise ValidationError(
            _("An amount has at most two digits for the cents, such as 2.500,50."),
            code="cents")
    try:
        return Decimal(f"{whole}.{cents or '0'}")
    except InvalidOperation:
        raise ValidationError(
            _("Enter an amount in euros, such as 2.500 or 2.500,50."), code="invalid"
        ) from None


def format_euro_amount(amount) -> str:
    """2500 -> '2.500,00': how the field shows a stored amount again."""
    whole, _dot, cents = f"{Decimal(amount):.2f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    return ".".join([whole, *groups]) + "," + cents


class EuroAmountInput(forms.TextInput):
    """A text field (a number field would refuse the dots) with the decimal keypad."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_euro_amount(value)
        return super().format_value(value)


class EuroAmountField(forms.DecimalField):
    """A DecimalField that reads amounts the Dutch way and refuses nothing it could read.

    Takes the model field's max_digits and decimal_places, so an admin can use it
    through `formfield_overrides`.
    """

    widget = EuroAmountInput
    default_error_messages = {
        "invalid": _("Enter an amount in euros, such as 2.500 or 2.500,50."),
    }

    def __init__(self, *, max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                 **kwargs):
        kwargs.setdefault("help_text", _("In euros, for example 2.500 or 2.500,50."))
        super().__init__(max_digits=max_digits, decimal_places=decimal_places,
                         min_value=min_value, **kwargs)
        for validator in self.validators:
            if getattr(validator, "code", "") == "min_value":
                validator.message = _("Enter an amount of more than € 0.")

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        return parse_euro_amount(value)

    def widget_attrs(self, widget):
        # Not the number field's step/min/max: the browser would refuse "2.500".
        return forms.Field.widget_attrs(self, widget)
