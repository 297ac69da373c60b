"""The 63 province codes used in the first three digits of a personal ID (số định danh cá nhân).

Codes follow Circular 07/2016/TT-BCA and are the pre-2025 provinces: IDs issued before the 2025 merger keep them,
so they stay valid for checking even after the administrative-unit reform.
"""

from __future__ import annotations

# code -> (official name, kind) where kind is "thành phố" (centrally-run city) or "tỉnh" (province)
PROVINCES: dict[str, tuple[str, str]] = {
    "001": ("Hà Nội", "thành phố"),
    "002": ("Hà Giang", "tỉnh"),
    "004": ("Cao Bằng", "tỉnh"),
    "006": ("Bắc Kạn", "tỉnh"),
    "008": ("Tuyên Quang", "tỉnh"),
    "010": ("Lào Cai", "tỉnh"),
    "011": ("Điện Biên", "tỉnh"),
    "012": ("Lai Châu", "tỉnh"),
    "014": ("Sơn La", "tỉnh"),
    "015": ("Yên Bái", "tỉnh"),
    "017": ("Hòa Bình", "tỉnh"),
    "019": ("Thái Nguyên", "tỉnh"),
    "020": ("Lạng Sơn", "tỉnh"),
    "022": ("Quảng Ninh", "tỉnh"),
    "024": ("Bắc Giang", "tỉnh"),
    "025": ("Phú Thọ", "tỉnh"),
    "026": ("Vĩnh Phúc", "tỉnh"),
    "027": ("Bắc Ninh", "tỉnh"),
    "030": ("Hải Dương", "tỉnh"),
    "031": ("Hải Phòng", "thành phố"),
    "033": ("Hưng Yên", "tỉnh"),
    "034": ("Thái Bình", "tỉnh"),
    "035": ("Hà Nam", "tỉnh"),
    "036": ("Nam Định", "tỉnh"),
    "037": ("Ninh Bình", "tỉnh"),
    "038": ("Thanh Hóa", "tỉnh"),
    "040": ("Nghệ An", "tỉnh"),
    "042": ("Hà Tĩnh", "tỉnh"),
    "044": ("Quảng Bình", "tỉnh"),
    "045": ("Quảng Trị", "tỉnh"),
    "046": ("Thừa Thiên Huế", "tỉnh"),
    "048": ("Đà Nẵng", "thành phố"),
    "049": ("Quảng Nam", "tỉnh"),
    "051": ("Quảng Ngãi", "tỉnh"),
    "052": ("Bình Định", "tỉnh"),
    "054": ("Phú Yên", "tỉnh"),
    "056": ("Khánh Hòa", "tỉnh"),
    "058": ("Ninh Thuận", "tỉnh"),
    "060": ("Bình Thuận", "tỉnh"),
    "062": ("Kon Tum", "tỉnh"),
    "064": ("Gia Lai", "tỉnh"),
    "066": ("Đắk Lắk", "tỉnh"),
    "067": ("Đắk Nông", "tỉnh"),
    "068": ("Lâm Đồng", "tỉnh"),
    "070": ("Bình Phước", "tỉnh"),
    "072": ("Tây Ninh", "tỉnh"),
    "074": ("Bình Dương", "tỉnh"),
    "075": ("Đồng Nai", "tỉnh"),
    "077": ("Bà Rịa - Vũng Tàu", "tỉnh"),
    "079": ("Hồ Chí Minh", "thành phố"),
    "080": ("Long An", "tỉnh"),
    "082": ("Tiền Giang", "tỉnh"),
    "083": ("Bến Tre", "tỉnh"),
    "084": ("Trà Vinh", "tỉnh"),
    "086": ("Vĩnh Long", "tỉnh"),
    "087": ("Đồng Tháp", "tỉnh"),
    "089": ("An Giang", "tỉnh"),
    "091": ("Kiên Giang", "tỉnh"),
    "092": ("Cần Thơ", "thành phố"),
    "093": ("Hậu Giang", "tỉnh"),
    "094": ("Sóc Trăng", "tỉnh"),
    "095": ("Bạc Liêu", "tỉnh"),
    "096": ("Cà Mau", "tỉnh"),
}

assert len(PROVINCES) == 63, len(PROVINCES)


def province_name(code: str) -> str | None:
    """The province's name for a three-digit code, or None when the code is not a province."""
    entry = PROVINCES.get(code)
    return entry[0] if entry else None


def province_label(code: str) -> str | None:
    """`Thành phố Hà Nội`, `Tỉnh Nghệ An`: the form used on documents and in addresses."""
    entry = PROVINCES.get(code)
    if entry is None:
        return None
    name, kind = entry
    return f"{kind.capitalize()} {name}"
