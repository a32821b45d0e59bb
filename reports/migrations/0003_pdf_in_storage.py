"""The report PDF moves from the database into the default storage (reports.storage).

Each stored PDF is copied into the storage, checked against the report's SHA-256 on the way,
under the name the application gives it; then the column that held the bytes is dropped.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import migrations, models

import reports.models


def copy_into_storage(apps, schema_editor):
    MonthlyReport = apps.get_model("reports", "MonthlyReport")
    field = MonthlyReport._meta.get_field("pdf_file")
    rows = MonthlyReport.objects.exclude(pdf=None).only(
        "pk", "system_id", "month", "version", "status", "sha256", "pdf"
    )
    for report in rows.iterator(chunk_size=20):
        data = bytes(report.pdf)
        digest = hashlib.sha256(data).hexdigest()
        if report.sha256 and digest != report.sha256:
            raise RuntimeError(f"Report {report.pk}: its PDF does not match its SHA-256")
        kind = "final" if report.status in ("published", "superseded") else "draft"
        name = field.generate_filename(report, f"{kind}-{digest}.pdf")
        name = field.storage.save(name, ContentFile(data))
        # The historical model has no history manager: a plain update records nothing twice.
        MonthlyReport.objects.filter(pk=report.pk).update(pdf_file=name)


def copy_back(apps, schema_editor):
    MonthlyReport = apps.get_model("reports", "MonthlyReport")
    field = MonthlyReport._meta.get_field("pdf_file")
    for report in MonthlyReport.objects.exclude(pdf_file="").only("pk", "pdf_file").iterator():
        with field.storage.open(report.pdf_file.name, "rb") as stored:
            MonthlyReport.objects.filter(pk=report.pk).update(pdf=stored.read())


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_plausible_dates"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="monthlyreport",
            name="report_built_has_pdf",
        ),
        migrations.AddField(
            model_name="monthlyreport",
            name="pdf_file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=255,
                upload_to=reports.models.report_pdf_path,
            ),
        ),
        migrations.RunPython(copy_into_storage, copy_back, elidable=False),
        migrations.RemoveField(
            model_name="monthlyreport",
            name="pdf",
        ),
        migrations.RenameField(
            model_name="monthlyreport",
            old_name="pdf_file",
            new_name="pdf",
        ),
        migrations.AddConstraint(
            model_name="monthlyreport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status__in", ["draft", "published", "superseded"]), _negated=True),
                    models.Q(
                        models.Q(("pdf", ""), _negated=True),
                        ("snapshot__isnull", False),
                        models.Q(("sha256", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="report_built_has_pdf",
                violation_error_message="A built report has its snapshot, PDF and hash.",
            ),
        ),
    ]
