"""What follows a change of documents, their files and their vocabularies.

The search index reads one row (search/registry.py), so a document keeps the
text of its files (``attachments_text``) and its heading; both follow here.
Saving any document bumps the content version already (editorial/signals.py).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from core import versioning

from .models import Attachment, Document, DocumentRelation, DocumentType, Field, Issuer, Signer


def files_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    document = Document.objects.filter(pk=instance.document_id).first()
    if document is None:
        return  # the document itself is being deleted
    # Its save reads the files' text again (Document.save) and re-indexes it.
    document.save(update_fields=["attachments_text", "updated_at"])


logger = logging.getLogger(__name__)


def _remove_after_commit(storage, name):
    """Delete a stored file once the change that dropped it commits (not if it rolls back).

    A replaced or deleted attachment is a document someone decided to take
    back (a wrong draft, a wrong version): it must not stay on disk, and so in
    every backup. Revisions keep the row's fields, not its old files: a
    restored revision whose file is gone says so on its page.
    """

    def remove():
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not remove replaced attachment file %s", name, exc_info=True)

    if name:
        transaction.on_commit(remove)


def remember_stored_file(sender, instance, raw=False, **kwargs):
    """The file the row holds now, to remove it if this save replaces it."""
    if raw or not instance.pk:
        instance._stored_name = None
        return
    instance._stored_name = (
        Attachment.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    )


def replaced_file_removed(sender, instance, raw=False, **kwargs):
    stored = getattr(instance, "_stored_name", None)
    if not raw and stored and stored != instance.file.name:
        _remove_after_commit(instance.file.storage, stored)
    instance._stored_name = instance.file.name


def file_deleted(sender, instance, **kwargs):
    # The stored file goes with its row, once the deletion commits.
    _remove_after_commit(instance.file.storage, instance.file.name)
    files_changed(sender, instance)


def type_renamed(sender, instance, raw=False, **kwargs):
    """A document's heading names its type: rename, and every heading follows."""
    if raw:
        return
    for document in Document.objects.filter(doc_type=instance).select_related("doc_type"):
        if document.build_heading() != document.heading:
            document.save(update_fields=["heading", "updated_at"])


def vocabulary_changed(sender, **kwargs):
    """Issuers, signers and fields are named on document pages and filters."""
    versioning.changed(presentation=True)


def connect():
    pre_save.connect(remember_stored_file, sender=Attachment, dispatch_uid="documents_file_stored")
    post_save.connect(
        replaced_file_removed, sender=Attachment, dispatch_uid="documents_file_replaced"
    )
    post_save.connect(files_changed, sender=Attachment, dispatch_uid="documents_files_saved")
    post_delete.connect(file_deleted, sender=Attachment, dispatch_uid="documents_file_deleted")
    post_save.connect(type_renamed, sender=DocumentType, dispatch_uid="documents_type_saved")
    for model in (DocumentType, Issuer, Signer, Field, DocumentRelation):
        uid = f"documents_{model.__name__}"
        post_save.connect(vocabulary_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(vocabulary_changed, sender=model, dispatch_uid=f"{uid}_deleted")
