"""``[Content_Types].xml``: the media type of every part, by extension or by part name.

A part added to a package (a sheet, a VBA project, a drawing) is only opened by Excel when its
type is declared here; a workbook turned macro-enabled changes its main part's type. Edits are
made on the text, so every declaration already there stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lkjip_xl.ooxml.text import PREFIX_TEXT, insert_before_close, local, parse_xml, quote_attr, set_attribute, start_tag

__all__ = ["CONTENT_TYPES", "CT_WORKSHEET", "ContentTypes", "add_defaults", "read", "set_override"]

CONTENT_TYPES = "[Content_Types].xml"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


@dataclass
class ContentTypes:
    #: extension (lower case) -> media type
    defaults: dict[str, str]
    #: part name with its leading ``/`` -> media type
    overrides: dict[str, str]

    def of(self, part: str) -> str | None:
        """The media type of ``part`` (``xl/workbook.xml``)."""
        found = self.overrides.get("/" + part)
        if found is not None:
            return found
        return self.defaults.get(part.rsplit(".", 1)[-1].lower())


def read(xml: bytes | str) -> ContentTypes:
    """The declarations of a ``[Content_Types].xml`` (:class:`ValueError` when it is not XML)."""
    root = parse_xml(xml, CONTENT_TYPES)
    defaults, overrides = {}, {}
    for el in root:
        if local(el.tag) == "Default":
            defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
        elif local(el.tag) == "Override":
            overrides[el.get("PartName") or ""] = el.get("ContentType") or ""
    return ContentTypes(defaults, overrides)


def set_override(xml: str, part: str, content_type: str) -> str:
    """``xml`` with ``part`` declared as ``content_type`` (its Override changed, or one added)."""
    name = "/" + part
    for m in re.finditer(rf"<{PREFIX_TEXT}Override(?=[\s/>])[^>]*>", xml):
        if re.search(rf"PartName\s*=\s*[\"']{re.escape(name)}[\"']", m.group(0)):
            return xml[:m.start()] + set_attribute(m.group(0), "ContentType", content_type) + xml[m.end():]
    return insert_before_close(xml, "Types", f"<Override PartName={quote_attr(name)} ContentType={quote_attr(content_type)}/>")


def add_defaults(xml: str, fragment: str) -> str:
    """``fragment`` (``<Default .../>`` elements) next to the other Defaults (the schema allows any
    order; Excel writes the Defaults first)."""
    last_default = list(re.finditer(rf"<{PREFIX_TEXT}Default(?=[\s/>])[^>]*>", xml))
    if last_default:
        at = last_default[-1].end()
    else:
        types = start_tag(xml, "Types")
        if not types:
            raise ValueError(f"{CONTENT_TYPES} has no <Types> element")
        at = types.end()
    return xml[:at] + fragment + xml[at:]
