"""The rich-text editor's configuration: what editors can write in an article body.

django-prose-editor derives its nh3 allowlist from the same extensions, so the
server keeps exactly what the editor can produce.
"""

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # The image button opens our media library (images.admin.ImageAdmin.picker_view).
    "Figure": {"pickerUrl": "/admin/images/image/picker/"},
    "Caption": True,
    "Image": True,
}

BODY_EDITOR_CONFIG = {"extensions": BODY_EXTENSIONS}
