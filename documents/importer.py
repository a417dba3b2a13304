"""A spreadsheet export of documents (CSV) and its files, all checked before anything is written.

One row per document. Headers are matched without diacritics, case or
spacing, so "Số ký hiệu", "so_ky_hieu" and "SO KY HIEU" are one column:

- so_ky_hieu (số và ký hiệu, as printed; may be empty), loai (type: name or
  abbreviation), co_quan (issuer: name or symbol), nhiem_ky (term name,
  optional), ngay_ban_hanh (dd/mm/yyyy or yyyy-mm-dd), trich_yeu;
- optional: dia_danh, nguoi_ky, tham_quyen (T/M, K/T, T/L, T/UQ), chuc_vu,
  linh_vuc (names separated by ";"), ngay_hieu_luc, ngay_het_hieu_luc,
  do_mat (Mật, Tối mật, Tuyệt mật), pham_vi (Công khai, Nội bộ), toan_van,
  tep (file names in the files folder, separated by ";"), xuat_ban (có/không).

Every row is read, looked up and its files checked first; a single error
anywhere stops the import with every error named by its row and nothing is
written. A row whose document exists already (same issuer and number) is
skipped, so an import can be run again.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from core.text import fold

from . import numbering
from .models import (
    Authority,
    Circulation,
    Classification,
    Document,
    DocumentType,
    Field,
    Issuer,
    Signer,
    Term,
)
from .uploads import MAX_BYTES, check_attachments

REQUIRED = ("loai", "co_quan", "ngay_ban_hanh", "trich_yeu")
COLUMNS = REQUIRED + (
    "so_ky_hieu", "nhiem_ky", "dia_danh", "nguoi_ky", "tham_quyen", "chuc_vu", "linh_vuc",
    "ngay_hieu_luc", "ngay_het_hieu_luc", "do_mat", "pham_vi", "toan_van", "tep", "xuat_ban",
)  # fmt: skip
MAX_ROWS = 10_000
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
YES = {"co", "x", "1", "yes", "true", "xuat ban"}
SECRECY = {fold(c.label): c.value for c in Classification if c.value}
SCOPE = {fold(c.label): c.value for c in Circulation}


class ImportError_(Exception):
    """Every problem found, by row; nothing was written."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    line: int
    values: dict
    document: Document = None
    fields: list = field(default_factory=list)
    files: list = field(default_factory=list)
    publish: bool = False


def _header(name):
    return "_".join(fold(name or "").replace("-", " ").split())


def read_rows(path):
    """The rows of the CSV at ``path`` as dicts keyed by folded header; raises ImportError_."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportError_([f"Không đọc được tệp {path}: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_([f"{path}: tệp không phải UTF-8 (hãy lưu CSV dạng UTF-8)."]) from None
    if not text.strip():
        raise ImportError_([f"{path}: tệp rỗng."])
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {name: _header(name) for name in reader.fieldnames or []}
    missing = [name for name in REQUIRED if name not in headers.values()]
    if missing:
        raise ImportError_([f"{path}: thiếu cột {', '.join(missing)}."])
    rows = []
    for line, record in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            raise ImportError_([f"{path}: quá {MAX_ROWS} dòng; hãy chia nhỏ tệp."])
        values = {headers[k]: (v or "").strip() for k, v in record.items() if k in headers}
        if any(values.values()):
            rows.append(Row(line=line, values=values))
    return rows


def _date(value, label, errors, line):
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    errors.append(f"Dòng {line}: {label} “{value}” không phải ngày (dd/mm/yyyy).")
    return None


class Lookup:
    """The vocabularies, read once, matched by name, abbreviation or symbol without diacritics."""

    def __init__(self):
        self.types = {}
        for doc_type in DocumentType.objects.all():
            self.types[fold(doc_type.name)] = doc_type
            for abbreviation in doc_type.abbreviation.split(","):
                self.types.setdefault(fold(abbreviation), doc_type)
        self.issuers = {}
        for issuer in Issuer.objects.all():
            self.issuers[fold(issuer.name)] = issuer
            self.issuers.setdefault(fold(issuer.symbol), issuer)
        self.terms = {fold(t.name): t for t in Term.objects.all()}
        self.signers = {fold(s.name): s for s in Signer.objects.all()}
        self.fields = {fold(f.name): f for f in Field.objects.all()}


def check_rows(rows, files_dir, publish_all=False):
    """Unsaved documents for ``rows``, their files checked; ImportError_ if anything is wrong."""
    lookup, errors, seen, files = Lookup(), [], {}, []
    for row in rows:
        v, line = row.values, row.line
        for name in REQUIRED:
            if not v.get(name):
                errors.append(f"Dòng {line}: thiếu {name}.")
        doc_type = lookup.types.get(fold(v.get("loai", "")))
        issuer = lookup.issuers.get(fold(v.get("co_quan", "")))
        if v.get("loai") and doc_type is None:
            errors.append(f"Dòng {line}: không có loại văn bản “{v['loai']}”.")
        if v.get("co_quan") and issuer is None:
            errors.append(f"Dòng {line}: không có cơ quan ban hành “{v['co_quan']}”.")
        term = lookup.terms.get(fold(v.get("nhiem_ky", "")))
        if v.get("nhiem_ky") and term is None:
            errors.append(f"Dòng {line}: không có nhiệm kỳ “{v['nhiem_ky']}”.")
        signer = lookup.signers.get(fold(v.get("nguoi_ky", "")))
        if v.get("nguoi_ky") and signer is None:
            # A new signer is added with the import (the list grows with the documents).
            signer = lookup.signers[fold(v["nguoi_ky"])] = Signer(name=v["nguoi_ky"][:200])
        fields = []
        for name in filter(None, (n.strip() for n in v.get("linh_vuc", "").split(";"))):
            if fold(name) not in lookup.fields:
                errors.append(f"Dòng {line}: không có lĩnh vực “{name}”.")
            else:
                fields.append(lookup.fields[fold(name)])
        authority = v.get("tham_quyen", "").upper()
        if authority and authority not in Authority.values:
            errors.append(f"Dòng {line}: thẩm quyền ký “{v['tham_quyen']}” không hợp lệ.")
        secrecy = SECRECY.get(fold(v.get("do_mat", "")), "")
        if v.get("do_mat") and fold(v["do_mat"]) not in {*SECRECY, "khong", "khong mat", "thuong"}:
            errors.append(f"Dòng {line}: độ mật “{v['do_mat']}” không hợp lệ.")
        scope = SCOPE.get(fold(v.get("pham_vi", "")) or "cong khai")
        if scope is None:
            errors.append(f"Dòng {line}: phạm vi “{v['pham_vi']}” không hợp lệ.")
        number_symbol = v.get("so_ky_hieu", "")
        parsed = numbering.parse(number_symbol)
        if number_symbol and parsed is None:
            errors.append(f"Dòng {line}: số ký hiệu “{number_symbol}” không đúng dạng (15-NQ/TU).")
        document = Document(
            doc_type=doc_type,
            number_symbol=parsed.printed if parsed else "",
            issuer=issuer,
            term=term,
            issued_on=_date(v.get("ngay_ban_hanh"), "ngày ban hành", errors, line),
            place=v.get("dia_danh", ""),  # blank: the issuer's (Document.save)
            summary=v.get("trich_yeu", ""),
            signer=signer,
            signing_authority=authority if authority in Authority.values else "",
            signer_position=v.get("chuc_vu", "")[:100],
            effective_on=_date(v.get("ngay_hieu_luc"), "ngày có hiệu lực", errors, line),
            expires_on=_date(v.get("ngay_het_hieu_luc"), "ngày hết hiệu lực", errors, line),
            classification=secrecy,
            circulation=scope or Circulation.PUBLIC,
            body=v.get("toan_van", ""),
        )
        try:
            document.clean()
        except ValidationError as exc:
            errors += [f"Dòng {line}: {m}" for m in exc.messages]
        row.publish = publish_all or fold(v.get("xuat_ban", "")) in YES
        if row.publish and document.publication_refusal():
            errors.append(f"Dòng {line}: {document.publication_refusal()}")
        if issuer and parsed:
            key = (issuer.pk, parsed.printed)
            if key in seen:
                errors.append(f"Dòng {line}: trùng với dòng {seen[key]} ({parsed.printed}).")
            seen[key] = line
        for name in filter(None, (n.strip() for n in v.get("tep", "").split(";"))):
            path = Path(files_dir or ".") / name
            if Path(name).name != name or not path.is_file():
                errors.append(f"Dòng {line}: không có tệp “{name}” trong thư mục tệp.")
                continue
            if path.stat().st_size > MAX_BYTES:
                errors.append(f"Dòng {line}: tệp “{name}”: quá lớn, tối đa 20 MB.")
                continue
            files.append((row, line, name, ContentFile(path.read_bytes(), name=name)))
        row.document, row.fields = document, fields
    # Every file at once, in one child process with limits (core.sandbox).
    verdicts = check_attachments(upload for _row, _line, _name, upload in files)
    for (row, line, name, _upload), verdict in zip(files, verdicts, strict=True):
        if isinstance(verdict, ValidationError):
            errors += [f"Dòng {line}: tệp “{name}”: {m}" for m in verdict.messages]
        else:
            row.files.append(verdict)
    if errors:
        raise ImportError_(errors)
    return rows
