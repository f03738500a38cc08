"""On PostgreSQL, refuse UPDATE and DELETE of posted entries and allocations."""

from django.db import migrations

TABLES = ["ledger_entry", "ledger_allocation"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_permanent BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION arrears_refuse_change();"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_permanent ON {table};")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_initial"), ("audit", "0003_audit_rows_are_permanent")]
    operations = [migrations.RunPython(forward, backward)]
