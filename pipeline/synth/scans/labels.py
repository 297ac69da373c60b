"""The exact printed texts (NFC) of the four document types, so extraction schemas can list the same labels.

Every label the generator prints comes from this module. Variants are listed where offices differ; the renderer
never rewrites a label (no abbreviations, no changed punctuation), only its position, font and leaders.
"""

from __future__ import annotations

# The national motto, on every civil-registration document and land certificate.
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
NUMBER = "Số:"
BOOK = "Quyển số:"
NATIONALITY_VN = "Việt Nam"
SEX_WORDS = {"M": "Nam", "F": "Nữ"}

# --- shared person labels ------------------------------------------------------------------------------------------
FULL_NAME = "Họ, chữ đệm, tên:"
DATE_OF_BIRTH = "Ngày, tháng, năm sinh:"
IN_WORDS = "ghi bằng chữ:"
SEX = "Giới tính:"
ETHNICITY = "Dân tộc:"
NATIONALITY = "Quốc tịch:"
PERSONAL_ID = "Số định danh cá nhân:"
YEAR_OF_BIRTH = "Năm sinh:"
RESIDENCE = "Nơi cư trú:"
REGISTRATION_DATE = "Ngày, tháng, năm đăng ký:"

# --- birth certificate ---------------------------------------------------------------------------------------------
BIRTH_TITLE = "GIẤY KHAI SINH"
PLACE_OF_BIRTH = "Nơi sinh:"
HOME_TOWN = "Quê quán:"
MOTHER_NAME = "Họ, chữ đệm, tên người mẹ:"
FATHER_NAME = "Họ, chữ đệm, tên người cha:"
BIRTH_OFFICE = "Nơi đăng ký khai sinh:"
BIRTH_SIGNER = "NGƯỜI KÝ GIẤY KHAI SINH"

# --- death extract -------------------------------------------------------------------------------------------------
DEATH_TITLE = "TRÍCH LỤC KHAI TỬ"
DEATH_COPY_NOTES = ("(Bản chính)", "(Bản sao)")  # printed under the title on some extracts
DIED_AT = "Đã chết vào lúc:"  # value: "14 giờ 30 phút, ngày 05/06/2019"
PLACE_OF_DEATH = "Nơi chết:"
CAUSE_OF_DEATH = "Nguyên nhân chết:"
DEATH_OFFICE = "Nơi đăng ký khai tử:"
DEATH_SIGNER = "NGƯỜI KÝ TRÍCH LỤC"

# --- marriage certificate ------------------------------------------------------------------------------------------
MARRIAGE_TITLE = "GIẤY CHỨNG NHẬN KẾT HÔN"
HUSBAND_NAME = "Họ, chữ đệm, tên chồng:"  # column variant "labelled"
WIFE_NAME = "Họ, chữ đệm, tên vợ:"
HUSBAND_HEADING = "Thông tin người chồng"  # column variant "headed": these headings, then FULL_NAME in each column
WIFE_HEADING = "Thông tin người vợ"
MARRIAGE_OFFICE = "Nơi đăng ký kết hôn:"
HUSBAND_SIGNS = "Chồng"
WIFE_SIGNS = "Vợ"
PARTY_SIGN_NOTE = "(Ký, ghi rõ họ, chữ đệm, tên)"
MARRIAGE_SIGNER = "NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN"

# --- land-use-right certificate ------------------------------------------------------------------------------------
LAND_TITLE = "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"
LAND_SUBTITLE = "QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"  # second title line, from 2009 on
LAND_OWNER_SECTION = "I. Người sử dụng đất:"
OWNER_MALE = "Ông:"
OWNER_FEMALE = "Bà:"
OLD_ID_CARD = "CMND số:"  # older certificates: a 9-digit identity card instead of PERSONAL_ID
PERMANENT_ADDRESS = "Địa chỉ thường trú:"
LAND_PARCEL_SECTION = "II. Thửa đất:"
PARCEL_NUMBER = "Thửa đất số:"
MAP_SHEET = "Tờ bản đồ số:"
PARCEL_ADDRESS = "Địa chỉ:"
AREA = "Diện tích:"  # value "125,5 m²", "1.250 m²": dot for thousands, comma for decimals
USE_FORM = "Hình thức sử dụng:"
USE_PURPOSE = "Mục đích sử dụng:"
USE_TERM = "Thời hạn sử dụng:"
USE_ORIGIN = "Nguồn gốc sử dụng:"
SERIAL_LABEL = "Số phát hành:"  # serial variant "bottom"; variant "under_title" prints the serial alone
BOOK_ENTRY = "Số vào sổ cấp GCN:"  # a register entry such as "CH01234": not the serial
# Item letters some offices print before the parcel labels ("a) Thửa đất số: 12;").
PARCEL_ITEM_LETTERS = ("a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)")

USE_FORMS = ("Sử dụng riêng", "Sử dụng chung")
RESIDENTIAL_PURPOSES = ("Đất ở tại nông thôn", "Đất ở tại đô thị")
FARM_PURPOSES = ("Đất trồng lúa", "Đất trồng cây lâu năm", "Đất trồng cây hàng năm khác", "Đất nuôi trồng thủy sản")
LAND_USE_PURPOSES = RESIDENTIAL_PURPOSES + FARM_PURPOSES
TERM_FOREVER = "Lâu dài"
TERM_UNTIL = "Đến ngày"  # "Đến ngày 15/10/2063"
USE_ORIGINS = (
    "Nhà nước công nhận quyền sử dụng đất",
    "Nhận chuyển nhượng đất được công nhận quyền sử dụng đất",
    "Nhận thừa kế đất được công nhận quyền sử dụng đất",
    "Nhà nước giao đất không thu tiền sử dụng đất",
)

# --- signatures ----------------------------------------------------------------------------------------------------
SIGN_NOTE = "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)"
OFFICIAL_TITLES = (
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
)
LAND_SIGNER_TITLES = (
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "GIÁM ĐỐC"),
    ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
)
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"
LAND_DEPARTMENT = "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
COMMITTEE_OF = "Ủy ban nhân dân"  # registration offices: "Ủy ban nhân dân xã An Bình, huyện ..., tỉnh ..."

# The labels an extractor meets, per document type (headers, titles and signature lines aside).
DOCUMENT_LABELS: dict[str, tuple[str, ...]] = {
    "birth": (
        NUMBER,
        BOOK,
        FULL_NAME,
        DATE_OF_BIRTH,
        IN_WORDS,
        SEX,
        ETHNICITY,
        NATIONALITY,
        PLACE_OF_BIRTH,
        HOME_TOWN,
        PERSONAL_ID,
        MOTHER_NAME,
        YEAR_OF_BIRTH,
        RESIDENCE,
        FATHER_NAME,
        BIRTH_OFFICE,
        REGISTRATION_DATE,
    ),
    "death": (
        NUMBER,
        BOOK,
        FULL_NAME,
        DATE_OF_BIRTH,
        SEX,
        ETHNICITY,
        NATIONALITY,
        PERSONAL_ID,
        DIED_AT,
        PLACE_OF_DEATH,
        CAUSE_OF_DEATH,
        DEATH_OFFICE,
        REGISTRATION_DATE,
    ),
    "marriage": (
        NUMBER,
        BOOK,
        HUSBAND_NAME,
        WIFE_NAME,
        HUSBAND_HEADING,
        WIFE_HEADING,
        FULL_NAME,
        DATE_OF_BIRTH,
        ETHNICITY,
        NATIONALITY,
        RESIDENCE,
        PERSONAL_ID,
        MARRIAGE_OFFICE,
        REGISTRATION_DATE,
    ),
    "land": (
        LAND_OWNER_SECTION,
        OWNER_MALE,
        OWNER_FEMALE,
        YEAR_OF_BIRTH,
        PERSONAL_ID,
        OLD_ID_CARD,
        PERMANENT_ADDRESS,
        LAND_PARCEL_SECTION,
        PARCEL_NUMBER,
        MAP_SHEET,
        PARCEL_ADDRESS,
        AREA,
        USE_FORM,
        USE_PURPOSE,
        USE_TERM,
        USE_ORIGIN,
        SERIAL_LABEL,
        BOOK_ENTRY,
    ),
}
TITLES: dict[str, str] = {
    "birth": BIRTH_TITLE,
    "death": DEATH_TITLE,
    "marriage": MARRIAGE_TITLE,
    "land": LAND_TITLE,
}
