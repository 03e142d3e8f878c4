"""What the tests of the task pages share: a process manager with a neighbourhood, and
sign-ups made and confirmed the way a resident makes them (through the services, the
confirmation link taken from the e-mail)."""

import re

from django.core import mail

from initiatives import services
from initiatives.models import SignUpKind
from tests.initiatives.factories import InitiativeFactory
from tests.wei.factories import ProcessFactory
from wei.models import Phase

BASE = "http://testserver"
CONFIRM = re.compile(r"/bevestigen/([^/\s]+)/")
WITHDRAW = re.compile(r"/afmelden/([^/\s]+)/")


def token_in_mail(address, pattern=CONFIRM):
    for message in reversed(mail.outbox):
        if address in message.to and (found := pattern.search(message.body)):
            return found.group(1)
    raise AssertionError(f"No link for {address}")


def managed_process(manager, **fields):
    process = ProcessFactory(phase=fields.pop("phase", Phase.EMERGENCE), **fields)
    process.managers.add(manager)
    return process


def confirmed_signup(kind, *, neighbourhood, name, email, initiative=None, **fields):
    services.signup_submit(kind=kind, neighbourhood=neighbourhood, name=name,
                                    email=email, language="nl", base_url=BASE,
                                    initiative=initiative, **fields)
    return services.signup_confirm(token=token_in_mail(email), base_url=BASE)


def an_idea(neighbourhood, *, name="Iris Idee", email="iris@example.nl",
            title="Een bankje bij de vijver"):
    return confirmed_signup(SignUpKind.IDEA, neighbourhood=neighbourhood, name=name,
                            email=email, idea_title=title,
                            message="Dan kunnen ouderen even uitrusten.")


def a_join(process, *, name="Jan Joiner", email="jan@example.nl", initiative=None):
    initiative = initiative or InitiativeFactory(process=process, title="Buurtmoestuin")
    return confirmed_signup(SignUpKind.JOIN, neighbourhood=process.neighbourhood, name=name,
                            email=email, initiative=initiative, postcode="7941 AB")


def withdraw(signup):
    return services.signup_withdraw(token=services.withdraw_token(signup), base_url=BASE)
