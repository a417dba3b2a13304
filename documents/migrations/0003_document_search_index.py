from django.db import migrations

from search.operations import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_vocabularies"),
        ("search", "0001_fold_functions"),
    ]

    operations = [
        AddSearchIndex(
            model_name="document",
            title=["heading", "search_keys"],
            lead=["summary"],
            body=["body", "attachments_text"],
            html=["body"],
        ),
    ]
