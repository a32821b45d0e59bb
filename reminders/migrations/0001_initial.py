# The app's first migration: its tables follow in the next ones.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies: list = []

    operations: list = []
