"""The chunked reading every streaming pass over a worksheet part shares (text.whole_tokens)."""

from __future__ import annotations

import io
import re

from lkjip_xl.ooxml.text import whole_tokens

_CELL_START = re.compile(rb"<c\b")


def _pieces(data: bytes, chunk: int, head_size: int = 0) -> list[bytes]:
    src = io.BytesIO(data)
    head = src.read(head_size) if head_size else b""
    return list(whole_tokens(src, _CELL_START, head, chunk))


def test_pieces_are_cut_before_a_token_and_give_back_the_part():
    data = b"<sheetData>" + b"".join(b'<c r="A%d"><v>%d</v></c>' % (i, i) for i in range(1, 200)) + b"</sheetData>"
    for chunk, head in ((7, 0), (64, 0), (100, 13), (1 << 20, 0)):
        pieces = _pieces(data, chunk, head)
        assert b"".join(pieces) == data
        assert all(p.startswith(b"<c ") for p in pieces[1:]), chunk
        # every piece but the last holds whole cells only
        assert all(p.count(b"<c ") == p.count(b"</c>") for p in pieces[:-1]), chunk
    assert len(_pieces(data, 64)) > 50


def test_a_token_longer_than_a_chunk_stays_whole():
    long_cell = b'<c r="B1" t="inlineStr"><is><t>' + b"x" * 5000 + b"</t></is></c>"
    data = b'<c r="A1"/>' + long_cell + b'<c r="C1"/>' * 100
    pieces = _pieces(data, 100)
    assert pieces[0] == b'<c r="A1"/>'
    assert pieces[1].startswith(long_cell)  # read in ever larger reads, never cut
    assert b"".join(pieces) == data


def test_an_empty_part_gives_no_piece():
    assert _pieces(b"", 100) == []
