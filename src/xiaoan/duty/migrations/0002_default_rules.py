"""The urgent-report rules and reminder points every installation starts with:
any death, a sensitive venue, 3 or more injured, 3 or more trapped — first report
within 60 minutes of the alarm; reminders 30 and 45 minutes after it."""

from django.db import migrations

RULES = (
    ("有人员死亡", "death", 1),
    ("敏感群体场所（学校、幼儿园、医院、养老机构等）", "sensitive_venue", 1),
    ("受伤 3 人以上", "injured", 3),
    ("被困 3 人以上", "trapped", 3),
)
REMINDERS = (30, 45)


def seed(apps, schema_editor):
    Rule = apps.get_model("duty", "UrgentReportRule")
    Point = apps.get_model("duty", "ReminderPoint")
    if not Rule.objects.filter(area__isnull=True).exists():
        for name, kind, threshold in RULES:
            Rule.objects.create(name=name, kind=kind, threshold=threshold, deadline_minutes=60)
    if not Point.objects.filter(area__isnull=True).exists():
        for minutes in REMINDERS:
            Point.objects.create(minutes_after_alarm=minutes)


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
