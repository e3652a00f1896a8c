"""Fill locale/vi/LC_MESSAGES/django.po from the glossary below (run after `make messages`).

Keeps existing translations; prints any msgid still untranslated so it can be added here.
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/vi/LC_MESSAGES/django.po"

VI = {
    "Role and scope": "Vai trò và phạm vi",
    "Accounts": "Tài khoản",
    "Deleted.": "Đã xóa.",
    "role": "vai trò",
    "scope": "phạm vi",
    "The unit whose data this user sees: a commune, a province or the country.": "Đơn vị mà người dùng được xem dữ liệu: một xã, một tỉnh hoặc toàn quốc.",
    "phone": "số điện thoại",
    "user": "người dùng",
    "users": "người dùng",
    "Choose the unit this user works for.": "Hãy chọn đơn vị công tác của người dùng.",
    "This role cannot be scoped to a unit of this level.": "Vai trò này không thể gắn với đơn vị ở cấp này.",
    "Commune police officer": "Cán bộ Công an xã",
    "Province police staff": "Cán bộ Công an tỉnh",
    "Steering committee secretary": "Thường trực / thư ký Ban Chỉ đạo",
    "Administrator": "Quản trị viên",
    "A new API token was issued; the old one no longer works.": "Đã cấp mã API mới; mã cũ không còn dùng được.",
    "Commune": "Xã, phường",
    "Enter a name.": "Hãy nhập tên.",
    "Villages can only be added to communes currently in force.": "Chỉ thêm được thôn, tổ dân phố vào xã, phường đang còn hiệu lực.",
    "This commune already has a village with this name.": "Xã, phường này đã có thôn, tổ dân phố trùng tên.",
    "Administrative units": "Đơn vị hành chính",
    "Search": "Tìm kiếm",
    "Level": "Cấp",
    "Kind": "Loại",
    "Parent unit": "Đơn vị cấp trên",
    "In force today": "Đang có hiệu lực",
    "Name": "Tên",
    "e.g. Thôn 1": "ví dụ: Thôn 1",
    "created": "tạo mới",
    "changed": "sửa",
    "deleted": "đã xóa",
    "created at": "thời điểm tạo",
    "updated at": "thời điểm cập nhật",
    "deleted at": "thời điểm xóa",
    "Country": "Toàn quốc",
    "Province": "Tỉnh",
    "District (before 1 July 2025)": "Huyện (trước 01/7/2025)",
    "Village": "Thôn, tổ dân phố",
    "Centrally-run city": "Thành phố trực thuộc trung ương",
    "Rural district": "Huyện",
    "Urban district": "Quận",
    "District-level town": "Thị xã",
    "Provincial city": "Thành phố thuộc tỉnh",
    "Ward": "Phường",
    "Township": "Thị trấn",
    "Special zone": "Đặc khu",
    "Village (thôn)": "Thôn",
    "Hamlet (ấp)": "Ấp",
    "Mountain village (bản)": "Bản",
    "Residential group (tổ dân phố)": "Tổ dân phố",
    "code": "mã",
    "name": "tên",
    "short name": "tên ngắn",
    "kind": "loại",
    "level": "cấp",
    "parent unit": "đơn vị cấp trên",
    "valid from": "hiệu lực từ",
    "valid to": "hiệu lực đến",
    "successors": "đơn vị kế thừa",
    "latitude": "vĩ độ",
    "longitude": "kinh độ",
    "area (km²)": "diện tích (km²)",
    "created by": "người tạo",
    "administrative unit": "đơn vị hành chính",
    "administrative units": "đơn vị hành chính",
    "The end of validity must not be before its start.": "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.",
    "A village must belong to a commune.": "Thôn, tổ dân phố phải thuộc một xã, phường.",
    "Added %(name)s.": "Đã thêm %(name)s.",
    "Saved.": "Đã lưu.",
    "Commendations": "Khen thưởng",
    "Vietnamese": "Tiếng Việt",
    "English": "Tiếng Anh",
    "Grassroots security models": "Mô hình an ninh cơ sở",
    "Patrol logs": "Nhật ký tuần tra",
    "Statistics and review reports": "Thống kê và báo cáo sơ kết, tổng kết",
    "Administrative units (module)": "Đơn vị hành chính",
    "Not allowed": "Không được phép",
    "Your role does not allow this action.": "Vai trò của bạn không được phép thực hiện thao tác này.",
    "Not found": "Không tìm thấy",
    "The page or record was not found, or it is outside your area.": "Không tìm thấy trang hoặc bản ghi, hoặc bản ghi nằm ngoài địa bàn của bạn.",
    "Back to the overview": "Về trang tổng quan",
    "My account": "Tài khoản của tôi",
    "User name": "Tên đăng nhập",
    "Role": "Vai trò",
    "Area": "Địa bàn",
    "Change password": "Đổi mật khẩu",
    "API token": "Mã truy cập API",
    "No token yet.": "Chưa có mã.",
    "Issue a new token": "Cấp mã mới",
    "Send it as the header “Authorization: Token …”.": "Gửi kèm tiêu đề “Authorization: Token …”.",
    "Villages and residential groups": "Thôn, tổ dân phố",
    "No villages recorded yet.": "Chưa có thôn, tổ dân phố nào.",
    "Add a village": "Thêm thôn, tổ dân phố",
    "Add": "Thêm",
    "Code": "Mã",
    "In force": "Hiệu lực",
    "now": "nay",
    "Formed from": "Hình thành từ",
    "Succeeded by": "Được kế thừa bởi",
    "Edit": "Sửa",
    "Delete": "Xóa",
    "See all": "Xem tất cả",
    "Name or code": "Tên hoặc mã",
    "All levels": "Mọi cấp",
    "Before 1 July 2025": "Trước ngày 01/7/2025",
    "All periods": "Mọi thời kỳ",
    "Filter": "Lọc",
    "Nothing matches.": "Không có kết quả phù hợp.",
    "Delete village": "Xóa thôn, tổ dân phố",
    "Delete “%(name)s”? It disappears from lists but stays in the records with its history.": "Xóa “%(name)s”? Bản ghi sẽ không hiện trong danh sách nhưng vẫn được lưu cùng lịch sử thay đổi.",
    "Cancel": "Hủy",
    "Edit village": "Sửa thôn, tổ dân phố",
    "Save": "Lưu",
    "Grassroots security": "An ninh cơ sở",
    "Steering Committee": "Ban Chỉ đạo",
    "Menu": "Trình đơn",
    "Overview": "Tổng quan",
    "Units": "Đơn vị",
    "Villages": "Thôn, tổ dân phố",
    "Log out": "Đăng xuất",
    "Steering Committee for crime prevention and the movement of all people protecting national security": "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
    "Change history": "Lịch sử thay đổi",
    "system": "hệ thống",
    "No changes recorded.": "Chưa có thay đổi nào.",
    "Pages": "Trang",
    "Previous": "Trước",
    "Page %(n)s of %(total)s": "Trang %(n)s / %(total)s",
    "Next": "Sau",
    "Account locked": "Tài khoản bị tạm khóa",
    "Too many failed login attempts. Try again in %(cooloff_time)s or ask your administrator to unlock the account.": "Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(cooloff_time)s hoặc đề nghị quản trị viên mở khóa tài khoản.",
    "Log in": "Đăng nhập",
    "Password changed": "Đã đổi mật khẩu",
    "Your password was changed.": "Mật khẩu của bạn đã được thay đổi.",
    "Your area": "Địa bàn của bạn",
    "no role": "chưa có vai trò",
    "Communes": "Xã, phường, đặc khu",
    "Your account has no area yet. Ask your administrator to assign one.": "Tài khoản của bạn chưa được gắn địa bàn. Hãy đề nghị quản trị viên gán địa bàn.",
}

# (context, msgid) → Vietnamese, for words whose translation depends on where they stand.
CONTEXT = {
    ("area level", "Country"): "Toàn quốc",
    ("area level", "Province"): "Cấp tỉnh",
    ("area level", "District (before 1 July 2025)"): "Cấp huyện (trước 01/7/2025)",
    ("area level", "Commune"): "Cấp xã",
    ("area level", "Village"): "Thôn, tổ dân phố",
    ("area kind", "Country"): "Quốc gia",
    ("area kind", "Province"): "Tỉnh",
    ("area kind", "Centrally-run city"): "Thành phố trực thuộc trung ương",
    ("area kind", "Rural district"): "Huyện",
    ("area kind", "Urban district"): "Quận",
    ("area kind", "District-level town"): "Thị xã",
    ("area kind", "Provincial city"): "Thành phố thuộc tỉnh",
    ("area kind", "Commune"): "Xã",
    ("area kind", "Ward"): "Phường",
    ("area kind", "Township"): "Thị trấn",
    ("area kind", "Special zone"): "Đặc khu",
    ("area kind", "Village (thôn)"): "Thôn",
    ("area kind", "Hamlet (ấp)"): "Ấp",
    ("area kind", "Mountain village (bản)"): "Bản",
    ("area kind", "Residential group (tổ dân phố)"): "Tổ dân phố",
}

PLURALS = {
    "%(n)s unit below": "%(n)s đơn vị trực thuộc",
    "%(n)s unit": "%(n)s đơn vị",
}


def main() -> int:
    po = polib.pofile(str(PO))
    po.metadata_is_fuzzy = False
    po.metadata["Language"] = "vi"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if entry.msgid in PLURALS:
                entry.msgstr_plural = {0: PLURALS[entry.msgid]}
            elif not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        elif entry.msgctxt and (entry.msgctxt, entry.msgid) in CONTEXT:
            entry.msgstr = CONTEXT[(entry.msgctxt, entry.msgid)]
        elif not entry.msgctxt and entry.msgid in VI:
            entry.msgstr = VI[entry.msgid]
        elif not entry.msgstr:
            missing.append(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
