from django import forms
from django.utils.translation import gettext_lazy as _


class NeighbourhoodChoiceForm(forms.Form):
    """Narrow the overview to one neighbourhood (of those the user may see)."""

    wijk = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=None, required=False, to_field_name="slug",
        empty_label=_("All my neighbourhoods"),
    )

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = neighbourhoods
