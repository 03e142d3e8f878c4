"""core.submissions: the token a form carries, and the record of a form already sent."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import Submission
from core.submissions import KEPT_DAYS, SubmissionField, submitted_once
from participants.privacy import apply_retention


class Form(forms.Form):
    name = forms.CharField()
    submission = SubmissionField()


def rendered_token(form) -> str:
    return form["submission"].value()


def test_each_form_shown_gets_a_token_of_its_own():
    first, second = rendered_token(Form()), rendered_token(Form())
    assert first != second and len(first) >= 20


def test_a_refused_form_keeps_its_token_and_a_garbled_one_gets_a_new_one():
    token = rendered_token(Form())
    refused = Form({"submission": token})
    assert not refused.is_valid() and rendered_token(refused) == token
    garbled = Form({"name": "Anja", "submission": "'><script>"})
    assert garbled.is_valid() and garbled.cleaned_data["submission"] == ""
    assert rendered_token(garbled) not in ("", "'><script>")
    assert not Form({"submission": token}).has_changed()  # a token alone is no input


calls = []


def _record(value):
    if value == "refused":
        raise ValidationError("refused")
    calls.append(value)
    return value


record = submitted_once("test", remember=lambda value: {"value": value},
                        recall=lambda result: result.get("value"))(_record)


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


@pytest.mark.django_db
def test_the_same_token_runs_once_and_answers_with_the_first_result():
    assert record("first", submission="a" * 24) == "first"
    assert record("second", submission="a" * 24) == "first"
    assert calls == ["first"]
    assert record.answered("a" * 24) == "first"
    assert record.answered("b" * 24) is None
    # Another form's token with the same value is another sending.
    assert record("other", submission="b" * 24) == "other"
    # Without a usable token, every sending runs.
    record("plain")
    record("plain", submission="<>")
    assert calls == ["first", "other", "plain", "plain"]


@pytest.mark.django_db
def test_a_refused_sending_leaves_its_token_free_for_the_corrected_one():
    with pytest.raises(ValidationError), transaction.atomic():
        record("refused", submission="c" * 24)
    assert not Submission.objects.exists()
    assert record("corrected", submission="c" * 24) == "corrected"


@pytest.mark.django_db
def test_retention_forgets_the_sent_forms_after_a_week():
    now = timezone.now()
    old = Submission.objects.create(purpose="test", token="o" * 24,
                                    created_at=now - datetime.timedelta(days=KEPT_DAYS, seconds=1))
    recent = Submission.objects.create(purpose="test", token="r" * 24,
                                       created_at=now - datetime.timedelta(days=KEPT_DAYS - 1))
    assert apply_retention(now=now)["records of sent forms removed"] == 1
    assert list(Submission.objects.all()) == [recent]
    assert old.pk not in Submission.objects.values_list("pk", flat=True)
