from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents.importer import ImportError_, check_rows, read_rows
from documents.models import Attachment, Document
from editorial import workflow
from editorial.permissions import can_publish


class Command(BaseCommand):
    help = (
        "Nhập văn bản từ tệp CSV (mỗi dòng một văn bản, cột “tep” ghi tên các tệp trong "
        "thư mục --files). Kiểm tra hết trước khi ghi; có lỗi thì không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")
        parser.add_argument("--files", metavar="DIR", help="Thư mục chứa các tệp văn bản.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Đăng mọi văn bản (không mật, công khai); mặc định theo cột xuat_ban.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Người nhập; phải có quyền xuất bản văn bản nếu có văn bản được đăng.",
        )

    def handle(self, *args, file, files, publish, user, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"Không có người dùng “{user}”.")
        try:
            rows = check_rows(read_rows(file), files, publish_all=publish)
        except ImportError_ as exc:
            raise CommandError(
                "Không nhập văn bản nào vì có lỗi:\n" + "\n".join(f"  {e}" for e in exc.errors)
            ) from None
        if any(row.publish for row in rows) and not can_publish(author, Document):
            raise CommandError(
                "Có văn bản được đăng: hãy ghi --user là một biên tập viên có quyền xuất bản."
            )
        created = skipped = 0
        with transaction.atomic():
            for row in rows:
                document = row.document
                if (
                    document.number_symbol
                    and Document.objects.filter(
                        issuer=document.issuer, number_symbol=document.number_symbol
                    ).exists()
                ):
                    self.stdout.write(f"Bỏ qua dòng {row.line} (đã có): {document.number_symbol}")
                    skipped += 1
                    continue
                if document.signer and not document.signer.pk:
                    document.signer.save()  # a signer first named by this import
                    document.signer_id = document.signer.pk
                document.author = author
                document.save()
                document.fields.set(row.fields)
                for order, checked in enumerate(row.files):
                    Attachment(document=document, file=checked, order=order).save()
                if row.publish:
                    # The workflow, as in the admin: it refuses what must stay internal.
                    workflow.transition(document, Document.Status.PUBLISHED, author)
                created += 1
                self.stdout.write(f"Đã nhập dòng {row.line}: {document}")
        self.stdout.write(
            self.style.SUCCESS(f"Đã nhập {created} văn bản, bỏ qua {skipped} văn bản đã có.")
        )
