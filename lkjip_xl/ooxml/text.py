"""The XML text primitives every part of the workbook-file layer shares.

The layer reads and rewrites worksheet XML with regular expressions over the bytes (a DOM of a
sheet of 700,000 cells costs seconds and hundreds of megabytes), so the same small pieces recur:
an optional namespace prefix, attributes in either quote, entity decoding and escaping, column
letters. They live here once so that the reader, the rewriter and the scans agree on them.
"""

from __future__ import annotations

import re
from typing import IO, Iterator
from xml.etree import ElementTree

from lkjip_xl import a1

__all__ = [
    "ATTR", "CHUNK", "COLUMN_NUMBERS", "PREFIX", "PREFIXED_CELL", "PREFIX_TEXT", "attrs", "col_number", "escape_text",
    "insert_before_close", "local", "parse_xml", "quote_attr", "set_attribute", "start_tag", "whole_tokens", "xml_text",
]

#: An optional namespace prefix of an element name (``x:`` in ``<x:c>``), as bytes.
PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"
#: The same for text patterns.
PREFIX_TEXT = r"(?:[A-Za-z_][\w.\-]*:)?"
#: A cell element whose name has a namespace prefix (``<x:c``): no fast path reads such a sheet.
PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.\-]*:c[\s>/]")
#: One attribute, either quote.
ATTR = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
#: Characters XML 1.0 cannot hold, not even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Bytes read from a worksheet part at a time by the streaming passes.
CHUNK = 1 << 20
#: Column letters -> number, filled as addresses are met (a sheet uses few distinct columns).
COLUMN_NUMBERS: dict[bytes, int] = {}


def _entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    return _ENTITIES[name]


def xml_text(raw: bytes) -> str:
    """The character data of an XML element's content (entities resolved; line ends normalised to
    ``\n`` as every XML parser does, before ``&#13;`` may bring a ``\r`` back)."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in text:
        return text
    if "&#" in text:
        return _ENTITY.sub(_entity, text)
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def escape_text(text: str) -> bytes:
    """``text`` as element content: markup escaped, characters XML cannot hold as ``_xHHHH_``
    (Excel's own escape), UTF-8."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    text = _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text.encode("utf-8")


def attrs(raw: bytes) -> dict[bytes, bytes]:
    """The attributes of a start tag's inside, names without their namespace prefix (``xml:``
    names kept whole), values as written (entities not resolved)."""
    out = {}
    for m in ATTR.finditer(raw):
        key = m.group(1)
        out[key.rsplit(b":", 1)[-1] if b":" in key and not key.startswith(b"xml") else key] = (
            m.group(2) if m.group(2) is not None else m.group(3))
    return out


def col_number(letters: bytes) -> int:
    """The column number of the letters of an address read from the XML bytes (``b"AB"`` -> 28)."""
    col = COLUMN_NUMBERS.get(letters)
    if col is None:
        col = COLUMN_NUMBERS[letters] = a1.col_index(letters.decode("ascii").upper())
    return col


def local(tag: str) -> str:
    """An ElementTree tag without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes | str, what: str) -> ElementTree.Element:
    """A small part parsed (workbook, relationships, styles); a part declaring a DTD or entities is
    refused (:class:`ValueError`), as is one that is not well-formed."""
    head = data[:65536] if isinstance(data, bytes) else data[:65536].encode("utf-8", "replace")
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ValueError(f"{what} declares a DTD or entities; refused")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ValueError(f"{what} is not well-formed XML ({exc})") from exc


def quote_attr(value: str) -> str:
    """``value`` as a quoted attribute value, as ``xml.sax.saxutils.quoteattr`` writes it (that
    module imports ``urllib.request`` and with it http and ssl: 70 ms on every command)."""
    value = value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in value:
        if "'" in value:
            return '"%s"' % value.replace('"', "&quot;")
        return "'%s'" % value
    return '"%s"' % value


def whole_tokens(src: IO[bytes], token_start: re.Pattern[bytes], head: bytes = b"",
                 chunk: int = CHUNK) -> Iterator[bytes]:
    """The stream ``src`` in pieces of about ``chunk`` bytes that hold whole tokens only: each piece
    but the last is cut where the last token that may be unfinished begins (``token_start``
    matches where a token begins), and that token starts the next piece. ``head``: what was read
    from ``src`` already. A token longer than a chunk (a huge inline string) is read whole, in
    ever larger reads, so the memory used follows the longest token, not the part."""
    buf = head or src.read(chunk)
    want = chunk
    while True:
        more = src.read(want)
        if not more:
            if buf:
                yield buf
            return
        cut = _last_token_start(buf, token_start)
        if cut > 0:
            yield buf[:cut]
        buf = buf[cut:] + more
        want = max(chunk, len(buf) - len(more))


def _last_token_start(buf: bytes, token_start: re.Pattern[bytes]) -> int:
    """Where the last token in ``buf`` begins (0: none is known to be whole): looked for near the
    end first, where it nearly always is."""
    window = 4096
    while True:
        starts = list(token_start.finditer(buf, max(0, len(buf) - window)))
        if starts:
            return starts[-1].start()
        if window >= len(buf):
            return 0
        window *= 4


# -- editing a part's text in place (everything not edited stays byte for byte) -------------------

def start_tag(xml: str, name: str) -> re.Match[str] | None:
    """The first start tag of element ``name`` (any prefix) in ``xml``."""
    return re.search(rf"<{PREFIX_TEXT}{name}(?=[\s/>])[^>]*>", xml)


def set_attribute(tag: str, name: str, value: str) -> str:
    """``tag`` (a start tag, maybe self-closing) with attribute ``name`` set to ``value``."""
    attr = f"{name}={quote_attr(value)}"
    existing = re.search(rf"\s{name}\s*=\s*(\"[^\"]*\"|'[^']*')", tag)
    if existing:
        return tag[:existing.start()] + " " + attr + tag[existing.end():]
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    head = tag[:end].rstrip()
    return f"{head} {attr}{' ' if tag.endswith('/>') else ''}{tag[end:]}"


def insert_before_close(xml: str, name: str, fragment: str) -> str:
    """``fragment`` inserted as the last child of the (last) element ``name``; a self-closing one
    is opened for it. :class:`ValueError` when there is no such element."""
    closing = list(re.finditer(rf"</{PREFIX_TEXT}{name}\s*>", xml))
    if closing:
        at = closing[-1].start()
        return xml[:at] + fragment + xml[at:]
    empty = re.search(rf"<({PREFIX_TEXT}{name})(?=[\s/])([^>]*)/>", xml)
    if empty:
        return (xml[:empty.start()] + f"<{empty.group(1)}{empty.group(2).rstrip()}>" + fragment
                + f"</{empty.group(1)}>" + xml[empty.end():])
    raise ValueError(f"no <{name}> element")
