"""The vocabularies every Party committee portal needs, seeded once.

Types and their abbreviations follow Quy định 399-QĐ/TW and Hướng dẫn
05-HD/VPTW; "Quy định" carries QĐ or QĐi, so the type is chosen, never read
from the symbol. Admins change, add or hide entries afterwards; running this
again (it never does) would add nothing twice.
"""

import datetime as dt

from django.db import migrations

from core.text import slugify

TYPES = [
    ("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Quy định", "QĐ, QĐi"), ("Chỉ thị", "CT"),
    ("Kết luận", "KL"), ("Quy chế", "QC"), ("Hướng dẫn", "HD"), ("Thông báo", "TB"),
    ("Kế hoạch", "KH"), ("Đề án", "ĐA"), ("Công văn", "CV"), ("Báo cáo", "BC"),
    ("Tờ trình", "TTr"), ("Chương trình", "CTr"), ("Thông tri", "TT"), ("Phương án", "PA"),
    ("Quyết định nhân sự", "QĐNS"), ("Thông cáo", "TC"), ("Lời kêu gọi", "LKG"),
    ("Điều lệ", "ĐL"), ("Cương lĩnh", "CL"), ("Luật", "L"), ("Nghị định", "NĐ"),
    ("Thông tư", "TT"),
]
# (name, symbol, level, parent name)
ISSUERS = [
    ("Ban Chấp hành Trung ương Đảng", "TW", "central", None),
    ("Bộ Chính trị", "TW", "central", "Ban Chấp hành Trung ương Đảng"),
    ("Ban Bí thư", "TW", "central", "Ban Chấp hành Trung ương Đảng"),
    ("Văn phòng Trung ương Đảng", "VPTW", "central", "Ban Chấp hành Trung ương Đảng"),
    ("Ban Chấp hành Đảng bộ tỉnh", "TU", "province", None),
    ("Ban Thường vụ Tỉnh ủy", "TU", "province", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Ủy ban Kiểm tra Tỉnh ủy", "UBKTTU", "province", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Ban Tổ chức Tỉnh ủy", "BTCTU", "province", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDVTU", "province", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Văn phòng Tỉnh ủy", "VPTU", "province", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Ban Chỉ đạo", "BCĐ", "province", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Ủy ban nhân dân tỉnh", "UBND", "state", None),
    ("Hội đồng nhân dân tỉnh", "HĐND", "state", None),
]
# (name, level, starts, ends)
TERMS = [
    ("Trung ương khóa XII (2016–2021)", "central", dt.date(2016, 1, 28), dt.date(2021, 1, 31)),
    ("Trung ương khóa XIII (2021–2026)", "central", dt.date(2021, 2, 1), dt.date(2026, 1, 22)),
    ("Trung ương khóa XIV (2026–2031)", "central", dt.date(2026, 1, 23), None),
    ("Tỉnh ủy khóa XVI (2015–2020)", "province", dt.date(2015, 10, 1), dt.date(2020, 9, 30)),
    ("Tỉnh ủy khóa XVII (2020–2025)", "province", dt.date(2020, 10, 1), dt.date(2025, 9, 30)),
    ("Tỉnh ủy khóa XVIII (2025–2030)", "province", dt.date(2025, 10, 1), None),
]
FIELDS = [
    "Xây dựng Đảng", "Tổ chức – cán bộ", "Kiểm tra – giám sát", "Tuyên giáo – dân vận",
    "Nội chính – phòng, chống tham nhũng", "Kinh tế – xã hội", "Quốc phòng – an ninh",
    "Văn hóa – xã hội", "Chuyển đổi số", "Đối ngoại",
]  # fmt: skip


def seed(apps, schema_editor):
    db = schema_editor.connection.alias

    def add(model_name, name, order, **fields):
        model = apps.get_model("documents", model_name)
        found = model.objects.using(db).filter(name=name).first()
        if found is None:
            found = model.objects.using(db).create(
                name=name, slug=slugify(name, max_length=180), order=order, **fields
            )
        return found

    for order, (name, abbreviation) in enumerate(TYPES):
        add("DocumentType", name, order, abbreviation=abbreviation)
    issuers = {}
    for order, (name, symbol, level, parent) in enumerate(ISSUERS):
        issuers[name] = add(
            "Issuer", name, order, symbol=symbol, level=level, parent=issuers.get(parent)
        )
    for order, (name, level, starts, ends) in enumerate(TERMS):
        add("Term", name, order, level=level, starts_on=starts, ends_on=ends)
    for order, name in enumerate(FIELDS):
        add("Field", name, order)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
