"""core/0002: a settings row that still holds the Thành ủy defaults names the Tỉnh ủy;
a field someone edited is kept."""

import importlib

migration = importlib.import_module(
    "core.migrations.0002_site_settings_name_the_provincial_committee"
)


def test_only_fields_still_holding_the_old_defaults_are_renamed():
    row = {
        **migration.OLD_DEFAULTS,
        "email": "vanphong@tinhuy.langson.vn",  # edited by the installation
        "phone": "0205 3812 345",
    }
    renamed = migration.renamed(row)
    assert renamed["name"] == "Cổng thông tin điện tử Tỉnh ủy Lạng Sơn"
    assert renamed["short_name"] == renamed["organisation"] == "Tỉnh ủy Lạng Sơn"
    assert renamed["responsible_officer"] == "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert renamed["email"] == "vanphong@tinhuy.langson.vn"
    assert renamed["phone"] == "0205 3812 345"
    assert not [v for v in renamed.values() if "Thành ủy" in v]
    assert migration.renamed(renamed) == renamed  # a second run changes nothing
