"""People choose, per kind of reminder, straight away, a daily or a weekly digest, or none at
all for what is not essential; the unsubscribe link in each e-mail stops one kind, no sign-in."""

from datetime import date

import pytest

from core import due
from core.scoping import unscoped
from reminders import mail, services
from reminders.models import Frequency, Preference, Reminder, Status
from reminders.tests.conftest import text_of

pytestmark = pytest.mark.django_db
AS_AT = date(2019, 7, 10)  # a Wednesday


@pytest.fixture
def essential_kind(monkeypatch, scene):
    """A kind of deadline that cannot be switched off (as an escalation response is): Ann's
    written explanation, due on the 12th."""

    def find(as_at, system_ids):
        ann = scene.people["Ann"].user_id
        return [
            due.Due(
                kind="explanation",
                system_id=scene.system.pk,
                key="escalation.escalationcase:1",
                title="Written explanation due",
                due_on=date(2019, 7, 12),
                url="/s/norfolk/escalations/1/",
                user_ids=frozenset({ann}),
            )
        ]

    kind = due.Kind(
        "explanation", "Written explanations due", essential=True, find=find, roles=None
    )
    monkeypatch.setitem(due._KINDS, "explanation", kind)
    return kind


def queued_for(user) -> list[Reminder]:
    with unscoped():
        return list(Reminder.objects.filter(user=user).order_by("kind"))


def test_a_daily_digest_sends_one_email_for_several(smtp, scene, essential_kind):
    ann = scene.people["Ann"].user
    services.preference_set(actor=ann, user=ann, kind="action", frequency=Frequency.DAILY)
    services.preference_set(actor=ann, user=ann, kind="explanation", frequency=Frequency.DAILY)
    services.reminders_queue(as_at=AS_AT)
    ann_batches = [b for b in services.ready_batches(AS_AT) if len(b) == 2]
    assert len(ann_batches) == 1
    services.reminders_deliver(reminder_ids=ann_batches[0], today=AS_AT)
    (digest,) = smtp.to("ann@example.nhs.uk")
    assert digest["Subject"] == "2 things due: your governance tracker reminders"
    body = text_of(digest)
    assert "Written explanation due" in body and "Ann to circulate the draft" in body
    # Only the kind that may be stopped offers a link to stop it.
    assert body.count("/notifications/unsubscribe/") == 1
    assert {r.status for r in queued_for(ann)} == {Status.SENT}


def test_a_weekly_digest_waits_for_monday_but_not_past_the_deadline():
    wednesday = date(2019, 7, 10)
    assert services.send_on(Frequency.WEEKLY, wednesday, date(2019, 7, 24)) == date(2019, 7, 15)
    assert services.send_on(Frequency.WEEKLY, wednesday, date(2019, 7, 12)) == date(2019, 7, 12)
    assert services.send_on(Frequency.WEEKLY, wednesday, date(2019, 7, 1)) == wednesday
    assert services.send_on(Frequency.WEEKLY, date(2019, 7, 15), date(2019, 7, 24)) == date(
        2019, 7, 15
    )
    assert services.send_on(Frequency.DAILY, wednesday, date(2019, 7, 24)) == wednesday


def test_off_queues_nothing_of_that_kind_but_essential_ones_cannot_be_off(scene, essential_kind):
    ann = scene.people["Ann"].user
    services.preference_set(actor=ann, user=ann, kind="action", frequency=Frequency.OFF)
    with pytest.raises(Exception, match="cannot be switched off"):
        services.preference_set(actor=ann, user=ann, kind="explanation", frequency=Frequency.OFF)
    services.reminders_queue(as_at=AS_AT)
    assert [r.kind for r in queued_for(ann)] == ["explanation"]


def test_the_unsubscribe_link_asks_then_stops_the_kind_without_signing_in(client, scene):
    ann = scene.people["Ann"].user
    services.reminders_queue(as_at=AS_AT)
    link = f"/notifications/unsubscribe/{mail.unsubscribe_token(ann.pk, 'action')}/"

    response = client.get(link)
    assert response.status_code == 200
    assert b"Stop these e-mails" in response.content
    assert not Preference.objects.filter(user=ann).exists()  # a GET changes nothing

    response = client.post(link)
    assert b"You will get no more e-mails about actions due" in response.content
    assert Preference.objects.get(user=ann, kind="action").frequency == Frequency.OFF
    # What was still queued of that kind is stopped, not sent.
    assert [r.status for r in queued_for(ann)] == [Status.STOPPED]
    assert Preference.history.get().history_user == ann


def test_an_unsubscribe_link_for_an_essential_kind_or_a_forged_one_stops_nothing(
    client, scene, essential_kind
):
    ann = scene.people["Ann"].user
    link = f"/notifications/unsubscribe/{mail.unsubscribe_token(ann.pk, 'explanation')}/"
    response = client.post(link)
    assert b"cannot be switched off" in response.content
    assert not Preference.objects.exists()

    forged = mail.unsubscribe_token(ann.pk, "action")[:-2] + "xx"
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 404
    assert not Preference.objects.exists()


def test_the_settings_page_saves_each_kind_and_offers_no_off_for_essential_ones(
    client, scene, essential_kind
):
    ann = scene.people["Ann"].user
    client.force_login(ann)
    page = client.get("/notifications/")
    assert b"ann@example.nhs.uk" in page.content
    form = page.context["form"]
    assert Frequency.OFF not in dict(form.fields["explanation"].choices)
    assert Frequency.OFF in dict(form.fields["action"].choices)

    # The form asks about every registered kind, each straight away until chosen otherwise.
    every_kind = {name: Frequency.IMMEDIATE for name in form.fields}
    chosen = {**every_kind, "action": "weekly", "explanation": "daily"}
    response = client.post("/notifications/", chosen)
    assert response.status_code == 302
    assert services.frequencies_of(ann) == chosen

    response = client.post("/notifications/", {**chosen, "action": "off", "explanation": "off"})
    assert response.status_code == 200
    assert "explanation" in response.context["form"].errors
    assert services.frequencies_of(ann) == chosen


def test_someone_without_an_address_is_told_on_their_settings_page(client, scene):
    client.force_login(scene.people["Cat"].user)
    assert b"Your account has no e-mail address" in client.get("/notifications/").content
