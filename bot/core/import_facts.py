"""The facts of the Thanh tra forms as staff write them in an import spreadsheet (Vietnamese
with or without tone marks, or the codes): signers, đủ điều kiện, thẩm quyền, the content
category, what was done with a đơn outside the agency's competence, the outcome, the reply to
a forwarded đơn, and the unit handling it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo

from bot.core.facts import Handling, Outcome, Signers, category_names
from bot.core.import_values import fold, parse_moment

COLUMNS = ("unit", "signers", "eligible", "competence", "category", "handling", "outcome",
           "reply_document", "reply_received_at")
_SIGNERS = {"one": Signers.ONE, "mot_nguoi": Signers.ONE, "1": Signers.ONE,
            "several": Signers.SEVERAL, "nhieu_nguoi": Signers.SEVERAL,
            "anonymous": Signers.ANONYMOUS, "khac": Signers.ANONYMOUS,
            "nac_danh": Signers.ANONYMOUS, "khong_ro": Signers.ANONYMOUS}
_ELIGIBLE = {"du": True, "du_dieu_kien": True, "yes": True, "1": True, "co": True,
             "khong_du": False, "khong_du_dieu_kien": False, "no": False, "0": False}
_COMPETENT = {"thuoc": True, "thuoc_tham_quyen": True, "yes": True, "1": True,
              "khong_thuoc": False, "khong_thuoc_tham_quyen": False, "no": False, "0": False}
_HANDLING = {"guided": Handling.GUIDED, "huong_dan": Handling.GUIDED,
             "forwarded": Handling.FORWARDED, "chuyen_don": Handling.FORWARDED,
             "chuyen": Handling.FORWARDED, "chased": Handling.CHASED,
             "don_doc": Handling.CHASED, "don_doc_giai_quyet": Handling.CHASED}
_OUTCOMES = {"dung": Outcome.RIGHT, "sai": Outcome.WRONG, "dung_mot_phan": Outcome.PARTLY,
             "co_dung_co_sai": Outcome.PARTLY, "rut": Outcome.WITHDRAWN,
             "rut_don": Outcome.WITHDRAWN, "dinh_chi": Outcome.DISMISSED}


def _pick(table: Mapping[str, object], text: str, what: str) -> object:
    found = table.get(fold(text.replace(",", "")))
    if found is None:
        raise ValueError(f"unknown {what} {text!r}")
    return found


def parse_facts(value: Mapping[str, str], units: set[str], tz: tzinfo,
                now: datetime) -> dict[str, object]:
    """The ticket columns to set; ValueError names the first bad value."""
    facts: dict[str, object] = {}
    if value.get("unit"):
        if value["unit"] not in units:
            raise ValueError(f"unknown unit {value['unit']!r} (see ORG_FILE)")
        facts["unit"] = value["unit"]
    for key, column, table in (("signers", "signers", _SIGNERS),
                               ("eligible", "eligible", _ELIGIBLE),
                               ("competence", "competent", _COMPETENT),
                               ("handling", "handling", _HANDLING),
                               ("outcome", "outcome", _OUTCOMES)):
        if value.get(key):
            chosen = _pick(table, value[key], key)
            facts[column] = str(chosen) if not isinstance(chosen, bool) else chosen
    if value.get("category"):
        plain = {k: n.replace(",", "") for k, n in category_names().items()}
        names = {fold(n): k for k, n in plain.items()} | {
            fold(n.partition(":")[2] or n): k for k, n in plain.items()} | {
            k: k for k in category_names()} | {"dat_dai": "hc_dat_dai",
                                               "che_do_chinh_sach": "hc_chinh_sach",
                                               "cong_chuc_cong_vu": "hc_cong_chuc",
                                               "hanh_chinh": "hc_khac"}
        facts["content_category"] = _pick(names, value["category"], "category")
    if value.get("reply_document"):
        facts["reply_document"] = value["reply_document"][:200]
    if value.get("reply_received_at"):
        moment = parse_moment(value["reply_received_at"], tz, "reply_received_at")
        if moment > now:
            raise ValueError("reply_received_at is in the future")
        facts["reply_received_at"] = moment
    if "handling" in facts and "competent" not in facts:
        facts["competent"] = False  # guided or forwarded: another body's matter
    return facts
