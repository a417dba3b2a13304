"""``AddSearchIndex``: the migration operation that gives a model its search index.

Used in the migration of each searchable model, with the same columns the
model registers (``search.register``); migrations keep their own copy of
them, as they keep their own copy of fields. It leaves the migration state
alone: the model declares none of the index.
"""

from django.db.migrations.operations.base import Operation

from . import sql
from .backends.sqlite import fill_index
from .registry import Searchable


class AddSearchIndex(Operation):
    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name, title, lead=(), body=(), html=(), refill=True):
        self.model_name = model_name
        self.title, self.lead, self.body = tuple(title), tuple(lead), tuple(body)
        self.html = tuple(html)
        # False when the index exists already and only its definition moves
        # (rebuilding 100,000 rows would only repeat what is stored).
        self.refill = refill

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "title": list(self.title)}
        for name in ("lead", "body", "html"):
            if getattr(self, name):
                kwargs[name] = list(getattr(self, name))
        if not self.refill:
            kwargs["refill"] = False
        return self.__class__.__name__, [], kwargs

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            for statement in sql.pg_install(
                table, self.title, self.lead, self.body, self.html, self.refill
            ):
                schema_editor.execute(statement)
        elif connection.vendor == "sqlite":
            for statement in sql.sqlite_install(table):
                schema_editor.execute(statement)
            if self.refill:
                entry = Searchable(
                    model=model, title=self.title, lead=self.lead, body=self.body, html=self.html
                )
                fill_index(entry, model._base_manager.using(connection.alias), connection)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        table = from_state.apps.get_model(app_label, self.model_name)._meta.db_table
        vendor = schema_editor.connection.vendor
        statements = {"postgresql": sql.pg_uninstall, "sqlite": sql.sqlite_uninstall}
        for statement in statements.get(vendor, lambda table: [])(table):
            schema_editor.execute(statement)

    def describe(self):
        return f"Add the search index of {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name}_search_index"
