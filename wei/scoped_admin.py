"""`ScopedAdmin`, the base of every app's admin, and its inlines and forms.

`ScopedAdmin` lets wei.access decide, for every row the admin shows or offers:
lists, counts, search results, filter choices, the choices of a foreign key or
many-to-many field (and so the autocomplete and lookup pop-ups, which list through
the related model's own admin) and whether a row may be changed. A row this user
may not see answers as one that does not exist. `RecordThroughServiceForm` and
`HistoryAdmin` record history rows through a service and never edit them.
"""


from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from wei import access
from wei.choices import choice_label


class VisibleValuesFilter(admin.AllValuesFieldListFilter):
    """The values of a field across a relation, taken only from the rows this user sees."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request).distinct().order_by(field_path)
            .values_list(field_path, flat=True)
        )


def _scoped_list_filter(model, entry):
    """A filter whose choices come from the visible rows, not from the whole table."""
    if not isinstance(entry, str):
        return entry
    field = get_fields_from_path(model, entry)[-1]
    if field.is_relation:
        return (entry, admin.RelatedOnlyFieldListFilter)
    if "__" in entry and not field.choices and not isinstance(
            field, (models.BooleanField, models.DateField)):
        return (entry, VisibleValuesFilter)
    return entry


class _LabelledChoice(forms.ModelChoiceField):
    label_function = str

    def label_from_instance(self, obj):
        return type(self).label_function(obj)


class _LabelledMultipleChoice(forms.ModelMultipleChoiceField):
    label_function = str

    def label_from_instance(self, obj):
        return type(self).label_function(obj)


def _labelled(base, label):
    return type(base.__name__, (base,), {"label_function": staticmethod(label)})


class ScopedRawIdWidget(admin.widgets.ForeignKeyRawIdWidget):
    """A raw-id field names the row whose id it holds, which may come from the address
    (`add/?process=7`): only a row this user may see is named, else nothing is."""

    def __init__(self, rel, admin_site, *, user, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.user = user

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        rows = self.rel.model._default_manager.using(self.db)
        try:
            seen = access.visible(self.user, rows.filter(**{key: value})).exists()
        except (ValueError, ValidationError):
            seen = False
        return super().label_and_url_for_value(value) if seen else ("", "")


class _VisibleChoices:
    """The choices of foreign-key and many-to-many fields: only rows this user sees,
    named so that namesakes differ (CHOICE_LABELS)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._visible_choices(db_field, request, kwargs.get("queryset"))
        self._label(db_field, kwargs, _LabelledChoice)
        if db_field.name in self.raw_id_fields and "widget" not in kwargs:
            kwargs["widget"] = ScopedRawIdWidget(db_field.remote_field, self.admin_site,
                                                 user=request.user, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._visible_choices(db_field, request, kwargs.get("queryset"))
        self._label(db_field, kwargs, _LabelledMultipleChoice)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _label(self, db_field, kwargs, base):
        labelled = choice_label(db_field.remote_field.model)
        if labelled is not None and "form_class" not in kwargs:
            label, related = labelled
            kwargs["queryset"] = kwargs["queryset"].select_related(*related)
            kwargs["form_class"] = _labelled(base, label)

    def _visible_choices(self, db_field, request, queryset):
        if queryset is None:
            queryset = self.get_field_queryset(None, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.all()
        return access.visible(request.user, queryset)


def _keep_current_choices(form_class):
    """Keep an edited row's current related rows among the choices, even if out of sight.

    Otherwise a select without its current value would silently empty the field on save
    (a person's neighbourhood elsewhere, a co-worker on a route). Only the current value is
    added, which the page shows anyway; nothing else opens up.
    """

    class KeepCurrentChoices(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is None:
                return
            for name, field in self.fields.items():
                if getattr(field, "queryset", None) is None:
                    continue
                try:
                    model_field = self.instance._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                if model_field.many_to_many:
                    current = getattr(self.instance, name).values("pk")
                elif model_field.many_to_one or model_field.one_to_one:
                    current = [getattr(self.instance, model_field.attname)]
                    if current == [None]:
                        continue
                else:
                    continue
                field.queryset = field.queryset | field.queryset.model._default_manager.filter(
                    pk__in=current)

    KeepCurrentChoices.__name__ = form_class.__name__
    return KeepCurrentChoices


class ScopedAdmin(_VisibleChoices, admin.ModelAdmin):
    """A ModelAdmin that shows and changes only what wei.access allows this user."""

    def get_queryset(self, request):
        return access.visible(request.user, super().get_queryset(request))

    def get_list_filter(self, request):
        return [_scoped_list_filter(self.model, entry)
                for entry in super().get_list_filter(request)]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return _keep_current_choices(form) if obj is not None else form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or access.may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or access.may_change(request.user, obj))


class RecordedAdmin(ScopedAdmin):
    """Rows of history that are corrected in the workspace, with a reason
    (core.corrections): here they are read and added, never edited or deleted in place,
    which would change what was counted without a trace."""

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedInline(_VisibleChoices):
    """Mix into an inline: its rows and choices through wei.access too."""

    def get_queryset(self, request):
        return access.visible(request.user, super().get_queryset(request))


class RecordThroughServiceForm(forms.ModelForm):
    """An add form for history rows that a service writes (transitions, flow events).

    `record(cleaned_data)` calls the service during validation, so its refusals show
    on the form; the admin view's transaction still covers everything that follows.
    """

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def record(self, cleaned):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.pk:
            return cleaned
        try:
            self.instance = self.record(cleaned)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return cleaned

    def _post_clean(self):
        """The service has validated and saved the row; nothing to copy back."""


class RequestFormAdmin(ScopedAdmin):
    """An admin whose form calls a service in its validation, as the request's user:
    the form takes `request`."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return RequestForm


class HistoryAdmin(RequestFormAdmin):
    """Rows of history are added through their service and never edited or deleted:
    a correction is a new row."""

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Saved by the service in the form's validation."""

    def save_related(self, request, form, formsets, change):
        """The service saved the related rows too."""
