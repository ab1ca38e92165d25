"""Numbers written the Indonesian way: ``2.872.149.185``, ``99,87``, ``75 %``, ``Rp 951.454.520``.

Staff type numbers as text in both the report files and the workbooks. Reading them exactly (Decimal,
never float) is what keeps sums of Rupiah from drifting. A dot is a thousands separator when the
digits around it are grouped by three (``40.577`` is forty thousand); a comma is the decimal mark.
A single dot that does not group thousands (``77.44``) can only be a decimal point, and is read so.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from lkjip_xl.errors import NumberFormatError

_PREFIX = re.compile(r"^(?:rp\.?)\s*", re.IGNORECASE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_POINT_DECIMAL = re.compile(r"^\d*\.\d+$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_number(text: str) -> Decimal:
    """Read ``text`` as an Indonesian-formatted number; raise NumberFormatError if it is not one."""
    if not isinstance(text, str):
        raise NumberFormatError(text)
    s = _SPACES.sub(" ", text).strip()
    s = _PREFIX.sub("", s)
    if s.endswith("%"):
        s = s[:-1].rstrip()
    s = s.replace(" ", "")
    sign = ""
    if s[:1] in "-+" and len(s) > 1:
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if "," in s:
        whole, _, frac = s.partition(",")
        if not frac.isdigit() or not ascii_digits(frac) or not _is_whole(whole):
            raise NumberFormatError(text)
        digits = whole.replace(".", "") or "0"
        return _decimal(f"{sign}{digits}.{frac}", text)
    if _PLAIN.match(s) and ascii_digits(s):
        return _decimal(sign + s, text)
    if _THOUSANDS.match(s) and ascii_digits(s.replace(".", "")):
        return _decimal(sign + s.replace(".", ""), text)
    if _POINT_DECIMAL.match(s) and ascii_digits(s.replace(".", "")):
        return _decimal(sign + s, text)
    raise NumberFormatError(text)


def ascii_digits(s: str) -> bool:
    """``str.isdigit`` accepts other scripts' digits and superscripts; a number here is 0-9 only."""
    return all("0" <= ch <= "9" for ch in s)


def _is_whole(whole: str) -> bool:
    if whole == "":
        return True
    if _PLAIN.match(whole):
        return ascii_digits(whole)
    return bool(_THOUSANDS.match(whole)) and ascii_digits(whole.replace(".", ""))


def _decimal(s: str, original: str) -> Decimal:
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above admit only digits
        raise NumberFormatError(original) from exc
