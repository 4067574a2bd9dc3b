"""Load the default classification dictionary shipped with xiaoan."""

import json
from pathlib import Path

from django.db import migrations

DEFAULT_FILE = (
    Path(__file__).resolve().parent.parent / "classification" / "default_keywords.json"
)


def load(apps, schema_editor):
    keyword = apps.get_model("complaints", "ClassificationKeyword")
    existing = set(keyword.objects.values_list("word", flat=True))
    entries = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    keyword.objects.bulk_create(
        keyword(word=e["word"], hazard_category=e["hazard_category"], weight=e["weight"])
        for e in entries
        if e["word"] not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_keywords_placing_duplicates")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
