"""The admin in Vietnamese: "Sửa" for Django's "Change" (our catalogue had it as the dashboard's
"Tăng/giảm"), the portal's name in its header, and the words Django's Vietnamese lacks or gets
wrong (locale_thirdparty). The dashboard's comparison column keeps "Tăng/giảm" (its own context).
"""

import io
import re

import openpyxl
from django.urls import reverse

from tests.conftest import login


def words(response) -> str:
    """The page's text, one line per element."""
    html = re.sub(r"(?s)<script.*?</script>", "", response.content.decode())
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"<[^>]+>", "\n", html))


def test_the_admin_index_says_sua_not_tang_giam(administrator):
    text = words(login(administrator).get(reverse("admin:index")))
    assert "\nSửa\n" in text
    assert "Tăng/giảm" not in text and "Thay đổi\n" not in text
    assert "Quản trị An ninh cơ sở" in text and "Trang quản trị cho Django" not in text
    # Django's admin chrome that its Vietnamese leaves in English.
    for english in ("Skip to main content", "Toggle theme", "Model name", "Add link"):
        assert english not in text, english
    assert "Chuyển đến nội dung chính" in text and "Tên bảng" in text
    # Third-party tables by their Vietnamese names.
    assert "Tác vụ định kỳ" in text and "Access attempts" not in text


def test_a_change_list_and_a_change_page_in_vietnamese(administrator, model_a):
    client = login(administrator)
    listing = words(client.get(reverse("admin:models_registry_grassrootsmodel_changelist")))
    assert "để sửa" in listing and "Tăng/giảm" not in listing
    change = words(
        client.get(reverse("admin:models_registry_grassrootsmodel_change", args=[model_a.pk]))
    )
    assert "\nLịch sử\n" in change and "Bản ghi nhớ" not in change
    assert "\nSửa mô hình\n" in change and "Tăng/giảm" not in change


def test_the_dashboards_comparison_column_keeps_its_word(client_a, officer_a):
    page = client_a.get(reverse("home")).content.decode()
    assert '<th class="text-end">Tăng/giảm</th>' in page
    export = client_a.get(reverse("home") + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert "Tăng/giảm" in next(sheet.iter_rows(values_only=True))
