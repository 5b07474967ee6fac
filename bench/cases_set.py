"""The labelled set of similar requests (issue 17): requests citizens would send about the same
problem in their own words, with and without diacritics, chat abbreviations and typos, beside
the same problem on another street and another problem on the same street. Deterministic;
`python bench/cases_set.py` rewrites bench/data/cases_requests.csv.

Problems are split in two halves: `dev` (the threshold is fitted there) and `test` (held out,
reported). A label (`case`) is one problem at one place; placeless problems (a scam website,
a spam number) are one problem per named website or number.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "data" / "cases_requests.csv"
SEED = 17


@dataclass(frozen=True)
class Location:
    key: str
    street: str  # "đường Lê Lợi", "ngõ 12 Trần Phú", "thôn Đông"
    area: str  # "phường 3", "xã Tân Phú"
    landmark: str  # "trước chợ Lê Lợi"


LOCATIONS = (
    Location("leloi", "đường Lê Lợi", "phường 3", "gần chợ phường 3"),
    Location("nguyentrai", "đường Nguyễn Trãi", "phường 3", "đoạn trước trường tiểu học"),
    Location("tranphu", "ngõ 12 Trần Phú", "phường Tân Mai", "cuối ngõ"),
    Location("hungvuong", "đường Hùng Vương", "phường Tân Mai", "ngã tư Hùng Vương"),
    Location("thondong", "thôn Đông", "xã Tân Phú", "cạnh nhà văn hóa"),
    Location("thontay", "thôn Tây", "xã Tân Phú", "đầu làng"),
    Location("xomchua", "xóm Chùa", "xã Hòa Bình", "gần cổng chùa"),
    Location("lythuongkiet", "phố Lý Thường Kiệt", "phường Trung tâm", "trước số 45"),
)

# Problems at a place: field, then wordings with {place} (the street or hamlet, sometimes with
# its ward or commune) and {landmark}.
PLACED = {
    "cap_dut": ("vien_thong", (
        "Dây cáp viễn thông bị đứt rơi xuống lòng {place}, rất nguy hiểm cho người đi xe máy.",
        "Cáp mạng đứt lủng lẳng trên {place} {landmark}, xe đi qua suýt vướng vào cổ.",
        "Ở {place} có dây cáp internet bị đứt, võng sát mặt đường từ tối qua đến giờ chưa ai xử lý.",
        "Đề nghị nhà mạng thu gom dây cáp bị đứt đang nằm dưới đất tại {place}.",
        "Tôi thấy dây cáp quang đứt rơi xuống đường {landmark}, {place}, trẻ con đi học rất nguy hiểm.",
    )),
    "mat_song": ("vien_thong", (
        "Khu vực {place} mất sóng điện thoại di động mấy ngày nay, không gọi được cho ai.",
        "Điện thoại không có sóng ở {place}, gọi đi toàn báo không liên lạc được.",
        "Sóng di động ở {place} rất yếu, nghe gọi chập chờn, mất liên lạc liên tục.",
        "Từ hôm bão đến nay {place} không có sóng Viettel, nhờ Sở kiểm tra giúp.",
        "Cả xóm ở {place} bị mất sóng điện thoại, có việc gấp cũng không gọi được.",
    )),
    "tram_on": ("vien_thong", (
        "Trạm BTS đặt trên nóc nhà dân ở {place} chạy máy phát điện ồn suốt đêm, không ngủ được.",
        "Trạm phát sóng {landmark} {place} gây tiếng ồn rất lớn vào ban đêm.",
        "Máy phát của trạm viễn thông ở {place} kêu ầm ĩ cả ngày lẫn đêm, đề nghị kiểm tra.",
        "Tiếng ồn từ trạm BTS tại {place} ảnh hưởng sức khỏe người già và trẻ nhỏ.",
    )),
    "dao_duong": ("vien_thong", (
        "Đơn vị thi công kéo cáp ngầm đào vỉa hè {place} rồi bỏ đó, không hoàn trả mặt bằng.",
        "Nhà mạng đào rãnh đi cáp quang ở {place} {landmark} xong để đất đá ngổn ngang cả tuần.",
        "Hố đào lắp cáp viễn thông trên {place} không rào chắn, tối qua có người ngã xe.",
        "Đề nghị buộc đơn vị thi công cáp ngầm ở {place} hoàn trả vỉa hè đã đào.",
    )),
    "day_chang": ("vien_thong", (
        "Dây cáp điện thoại, internet chằng chịt như mạng nhện trên các cột ở {place}, mất mỹ quan.",
        "Các bó dây cáp treo lộn xộn, buông thõng xuống vỉa hè {place}, đề nghị chỉnh trang.",
        "Ở {place} dây viễn thông giăng chằng chịt, nhiều sợi bỏ không mà không ai thu hồi.",
        "Đề nghị ngầm hóa hoặc bó gọn dây cáp viễn thông rối tung trên {place} {landmark}.",
    )),
    "cot_nghieng": ("vien_thong", (
        "Cột treo cáp viễn thông ở {place} bị nghiêng hẳn sang một bên, có nguy cơ đổ vào nhà dân.",
        "Cột viễn thông {landmark} {place} nghiêng gần đổ, mưa gió là rung lắc.",
        "Tại {place} có cây cột cáp bị nghiêng, chân cột nứt, rất nguy hiểm.",
        "Đề nghị dựng lại cột cáp bị nghiêng sắp đổ ở {place}.",
    )),
    "mat_mang": ("vien_thong", (
        "Internet cáp quang ở {place} mất kết nối từ sáng, cả khu không vào mạng được.",
        "Mạng wifi gia đình ở {place} rớt liên tục, tổng đài hẹn mãi không thấy kỹ thuật xuống.",
        "Cả khu {place} mất mạng internet hai ngày nay, học sinh không học trực tuyến được.",
        "Đường truyền internet ở {place} chập chờn, tối nào cũng mất kết nối.",
    )),
    "buu_dien": ("buu_chinh", (
        "Điểm bưu điện văn hóa ở {place} thường xuyên đóng cửa trong giờ hành chính.",
        "Bưu điện {place} không mở cửa đúng giờ, người dân đến gửi hồ sơ phải chờ rất lâu.",
        "Nhân viên bưu điện ở {place} đóng cửa sớm, không nhận hồ sơ dịch vụ công gửi qua bưu chính.",
        "Đề nghị chấn chỉnh điểm bưu điện {place} hay nghỉ không báo trước.",
    )),
    "loa_to": ("bao_chi_xuat_ban", (
        "Loa phát thanh của {place} phát quá to từ 5 giờ sáng, ảnh hưởng giấc ngủ.",
        "Loa truyền thanh cơ sở ở {place} bật âm lượng lớn cả buổi trưa, đề nghị giảm âm lượng.",
        "Cụm loa {landmark} {place} phát rè, to và sớm quá, người già không ngủ được.",
        "Đề nghị điều chỉnh giờ phát và âm lượng loa phát thanh ở {place}.",
    )),
    "wifi_congcong": ("chuyen_doi_so", (
        "Wifi công cộng miễn phí ở {place} không truy cập được từ tuần trước.",
        "Điểm wifi công cộng {landmark} {place} có sóng nhưng không vào được mạng.",
        "Mạng wifi miễn phí của {place} hỏng lâu rồi mà chưa thấy sửa.",
        "Đề nghị kiểm tra hệ thống wifi công cộng tại {place}, kết nối xong không dùng được.",
    )),
}

# Problems without a place, one case per named thing.
PLACELESS = {
    "web_gia": ("an_toan_thong_tin", ("dichvucong-gov.com", "congdichvu-vn.net", "bhxh-online.top"), (
        "Trang web {thing} giả mạo Cổng dịch vụ công, lừa người dân nhập số tài khoản ngân hàng.",
        "Tôi nhận được đường link {thing} mạo danh cơ quan nhà nước, đề nghị chặn trang này.",
        "Website {thing} giả giao diện dịch vụ công để chiếm đoạt tiền, nhiều người bị lừa.",
        "Có trang {thing} giả mạo cơ quan nhà nước yêu cầu cài ứng dụng lạ, đề nghị xử lý.",
    )),
    "tin_rac": ("an_toan_thong_tin", ("0876 555 123", "0589 222 888", "8079"), (
        "Số {thing} nhắn tin rác quảng cáo cờ bạc trực tuyến liên tục, đề nghị xử lý.",
        "Ngày nào cũng nhận tin nhắn quảng cáo vay tiền từ số {thing}, rất phiền.",
        "Thuê bao {thing} gọi điện quấy rối, chào mời đầu tư tiền ảo nhiều lần trong ngày.",
        "Đề nghị khóa số {thing} chuyên gửi tin nhắn lừa đảo trúng thưởng.",
    )),
    "cong_dvc": ("thu_tuc", ("cổng dịch vụ công của tỉnh", "ứng dụng VNeID"), (
        "Không đăng nhập được {thing} từ sáng nay, nộp hồ sơ trực tuyến bị lỗi.",
        "{thing} báo lỗi hệ thống khi thanh toán lệ phí, đã thử nhiều lần không được.",
        "Tôi nộp hồ sơ trên {thing} thì bị treo, không tải được giấy tờ đính kèm.",
        "Đề nghị kiểm tra {thing}, cả ngày hôm nay không truy cập được.",
    )),
    "bao_sai": ("bao_chi_xuat_ban", ("trang tin Tin Nhanh 24h", "tài khoản Facebook Tin Nóng Tỉnh Mẫu"), (
        "{thing} đăng tin sai sự thật về việc sáp nhập trường học của tỉnh, gây hoang mang.",
        "Đề nghị xử lý {thing} vì đưa tin bịa đặt, xúc phạm cán bộ xã.",
        "{thing} đăng bài giật tít câu view, thông tin không đúng sự thật, đề nghị Sở xem xét.",
    )),
}

ABBREVIATIONS = (("không", "ko"), ("được", "đc"), ("đường", "đg"), ("phường", "p"),
                 ("người", "ng"), ("điện thoại", "đt"), ("internet", "net"), ("quá", "wá"),
                 ("rất", "rất là"), ("bây giờ", "bh"), ("gì", "j"))
OPENINGS = ("", "", "", "Chào ad, ", "Kính gửi Sở, ", "Cho em phản ánh: ", "Xin chào, ",
            "Em chào anh chị, ")
CLOSINGS = ("", "", "", " Mong cơ quan chức năng sớm xử lý.", " Đề nghị xử lý gấp.",
            " Cảm ơn ạ.", " Mong được phản hồi.")


def _fold(text: str) -> str:
    import unicodedata
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1:] if rng.random() < 0.5 else w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _chat(text: str, rng: random.Random) -> str:
    for long, short in ABBREVIATIONS:
        if rng.random() < 0.7:
            text = re.sub(rf"\b{long}\b", short, text, flags=re.IGNORECASE)
    return text.lower().rstrip(".")


def noisy(text: str, rng: random.Random) -> str:
    """A citizen's way of writing `text`: openings, chat style, no diacritics, a typo."""
    text = rng.choice(OPENINGS) + text + rng.choice(CLOSINGS)
    if rng.random() < 0.35:
        text = _chat(text, rng)
    if rng.random() < 0.4:
        text = _fold(text)
    if rng.random() < 0.25:
        text = _typo(text, rng)
    return text


def _place(location: Location, rng: random.Random) -> str:
    """The street, sometimes with its ward or commune, sometimes the ward alone."""
    roll = rng.random()
    if roll < 0.45:
        return location.street
    if roll < 0.85:
        return f"{location.street}, {location.area}"
    return f"{location.street} {location.area}".replace(",", "")


def rows() -> list[dict[str, str]]:
    """The labelled requests, in filing order (shuffled within the month)."""
    rng = random.Random(SEED)
    out: list[dict[str, str]] = []
    problems = sorted(PLACED) + sorted(PLACELESS)
    test = set(problems[1::2])  # every other problem is held out
    for problem, (field, wordings) in sorted(PLACED.items()):
        for location in rng.sample(LOCATIONS, 5 + (problem < "m")):
            for _ in range(rng.choice((1, 2, 3, 4, 5, 6, 8, 10))):
                text = rng.choice(wordings).format(place=_place(location, rng),
                                                   landmark=location.landmark)
                out.append({"case": f"{problem}@{location.key}", "field": field,
                            "split": "test" if problem in test else "dev",
                            "content": noisy(text, rng)})
    for problem, (field, things, wordings) in sorted(PLACELESS.items()):
        for thing in things:
            for _ in range(rng.choice((3, 5, 7, 9))):
                text = rng.choice(wordings).format(thing=thing)
                out.append({"case": f"{problem}@{thing}", "field": field,
                            "split": "test" if problem in test else "dev",
                            "content": noisy(text[0].upper() + text[1:], rng)})
    rng.shuffle(out)
    return [{"id": str(n), **row} for n, row in enumerate(out, 1)]


def write(path: Path = OUT) -> int:
    data = rows()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "case", "split", "field", "content"])
        writer.writeheader()
        writer.writerows(data)
    return len(data)


if __name__ == "__main__":
    print(f"{write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)} requests")
