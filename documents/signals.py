"""What follows a change of documents, their files and their vocabularies.

The search index reads one row (search/registry.py), so a document keeps the
text of its files (``attachments_text``) and its heading; both follow here.
Saving any document bumps the content version already (editorial/signals.py).
"""

from django.db.models.signals import post_delete, post_save

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


def file_deleted(sender, instance, **kwargs):
    # The stored file goes with its row (a replaced file is a new row).
    instance.file.delete(save=False)
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
    post_save.connect(files_changed, sender=Attachment, dispatch_uid="documents_files_saved")
    post_delete.connect(file_deleted, sender=Attachment, dispatch_uid="documents_file_deleted")
    post_save.connect(type_renamed, sender=DocumentType, dispatch_uid="documents_type_saved")
    for model in (DocumentType, Issuer, Signer, Field, DocumentRelation):
        uid = f"documents_{model.__name__}"
        post_save.connect(vocabulary_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(vocabulary_changed, sender=model, dispatch_uid=f"{uid}_deleted")
