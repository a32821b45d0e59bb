"""Entries of minutes already approved (or since superseded) get their item as it stood when the
minutes were approved: from the item's history at that moment where it is kept, else from the
item as it stands now (the best record there is)."""

from django.db import migrations

FROZEN = ("approved", "superseded")


def _presenter(Person, pk):
    if pk is None:
        return ""
    person = Person.objects.select_related("organisation").filter(pk=pk).first()
    if person is None:
        return ""
    # As partners.models.Person.__str__ words it (a migration's models have no methods).
    label = person.name or person.title
    if person.organisation_id:
        label = f"{label} ({person.organisation.short_name})"
    return label[:300]


def copy_items(apps, schema_editor):
    Minutes = apps.get_model("governance", "Minutes")
    HistoricalMinutes = apps.get_model("governance", "HistoricalMinutes")
    MinuteEntry = apps.get_model("governance", "MinuteEntry")
    AgendaItem = apps.get_model("governance", "AgendaItem")
    HistoricalAgendaItem = apps.get_model("governance", "HistoricalAgendaItem")
    Person = apps.get_model("partners", "Person")
    for minutes in Minutes.objects.filter(status__in=FROZEN).only("pk"):
        approval = (
            HistoricalMinutes.objects.filter(id=minutes.pk, status="approved")
            .order_by("history_date", "history_id")
            .values_list("history_date", flat=True)
            .first()
        )
        entries = MinuteEntry.objects.filter(minutes=minutes, item_number__isnull=True)
        for entry in entries:
            item = None
            if approval is not None:
                item = (
                    HistoricalAgendaItem.objects.filter(
                        id=entry.item_id, history_date__lte=approval
                    )
                    .order_by("-history_date", "-history_id")
                    .first()
                )
            if item is None:
                item = AgendaItem.objects.get(pk=entry.item_id)
            entry.item_number = item.number
            entry.item_title = item.title
            entry.item_purpose = item.purpose
            entry.item_presenter = _presenter(Person, item.presenter_id)
            entry.item_confidential = item.confidential
            entry.item_withdrawn = item.withdrawn_on is not None
            entry.save(
                update_fields=[
                    "item_number",
                    "item_title",
                    "item_purpose",
                    "item_presenter",
                    "item_confidential",
                    "item_withdrawn",
                ]
            )


class Migration(migrations.Migration):
    dependencies = [("governance", "0011_minute_entry_item_as_approved")]

    operations = [migrations.RunPython(copy_items, migrations.RunPython.noop)]
