"""One demo user per role; every demo user has the same password (see README)."""

from accounts.models import User
from accounts.roles import Role
from areas.models import Area, AreaLevel

DEMO_PASSWORD = "AnNinh@2026"

# username → (full name, role, scope: "country", "province" or a commune code)
DEMO_USERS = {
    "quantri": ("Quản trị hệ thống", Role.ADMINISTRATOR, "country"),
    "tinh": ("Nguyễn Văn Tỉnh", Role.PROVINCE_STAFF, "province"),
    "thuky": ("Trần Thị Thư", Role.SECRETARY, "province"),
    "hiepthanh": ("Lê Văn Hiệp", Role.COMMUNE_OFFICER, "24967"),
    "ductrong": ("Phạm Văn Trọng", Role.COMMUNE_OFFICER, "24958"),
    "bacgianghia": ("K'Bình", Role.COMMUNE_OFFICER, "24611"),
}


def load_demo_users(province: Area) -> int:
    country = Area.objects.get(level=AreaLevel.COUNTRY)
    created = 0
    for username, (full_name, role, scope) in DEMO_USERS.items():
        if User.objects.filter(username=username).exists():
            continue  # keep whatever the user changed (password, name) on a second run
        if scope == "country":
            unit = country
        elif scope == "province":
            unit = province
        else:
            unit = Area.objects.current().get(code=scope, level=AreaLevel.COMMUNE)
        last, _sep, first = full_name.rpartition(" ")
        user = User(username=username, first_name=first, last_name=last, role=role, scope_unit=unit)
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        created += 1
    return created
