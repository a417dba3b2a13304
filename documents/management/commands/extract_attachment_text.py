"""Take out again the text of attachments an upload could only read in part.

An upload stops taking out a file's text after a few seconds of CPU
(documents/uploads.py, TEXT_SECONDS) so that no editor waits; the file is
kept and its text marked partial or missing. This command, run outside the
web workers (by hand or from cron), reads those files again with a budget of
minutes, still in the limited child process, and re-indexes their documents.
"""

from django.core.management.base import BaseCommand

from core import sandbox
from documents.models import Attachment
from documents.uploads import MB, TARGET, refusal_message

LIMITS = sandbox.Limits(cpu=300, memory=1024 * MB, wall=900)


class Command(BaseCommand):
    help = "Lấy lại chữ của các tệp đính kèm mới lấy được một phần (chạy ngoài giờ cao điểm)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seconds",
            type=int,
            default=120,
            help="Thời gian xử lý tối đa cho chữ của mỗi tệp (giây), mặc định 120.",
        )

    def handle(self, *args, seconds=120, **options):
        waiting = Attachment.objects.exclude(text_state=Attachment.TextState.FULL).exclude(
            kind=Attachment.Kind.DOC
        )
        done = 0
        for attachment in waiting.iterator():
            try:
                with attachment.file.open("rb") as handle:
                    data = handle.read()
                found, _blob = sandbox.run(
                    TARGET, data, LIMITS, kind=attachment.kind, text_seconds=seconds
                )
            except FileNotFoundError:
                self.stderr.write(f"Tệp #{attachment.pk}: không còn trên máy chủ.")
                continue
            except sandbox.Refusal as refusal:
                message = refusal_message(refusal, attachment.original_name, attachment.kind)
                self.stderr.write(f"Tệp #{attachment.pk}: {message}")
                continue
            attachment.text = found["text"]
            attachment.text_state, attachment.text_note = found["text_state"], found["text_note"]
            # Saving re-reads the document's files' text for its search index (signals.py).
            attachment.save(update_fields=["text", "text_state", "text_note"])
            done += 1
            state = attachment.text_label or "đầy đủ"
            self.stdout.write(f"Tệp #{attachment.pk} “{attachment.original_name}”: {state}")
        self.stdout.write(f"Đã đọc lại {done} tệp.")
