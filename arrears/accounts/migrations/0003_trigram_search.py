"""On PostgreSQL, serve name search (LIKE '%word%') from trigram indexes."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "CREATE INDEX IF NOT EXISTS party_search_name_trgm ON accounts_party "
    "USING gin (search_name gin_trgm_ops);",
    "CREATE INDEX IF NOT EXISTS alias_search_name_trgm ON accounts_partyalias "
    "USING gin (search_name gin_trgm_ops);",
]
BACKWARD = [
    "DROP INDEX IF EXISTS party_search_name_trgm;",
    "DROP INDEX IF EXISTS alias_search_name_trgm;",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(forward, backward)]
