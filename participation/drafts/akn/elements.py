"""XML building blocks shared by the writer's parts: text cleaned of characters XML cannot
hold, elements written unqualified under the root's ``xmlns``, text as one ``p`` per line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_clean(text: str | None) -> str:
    return _XML_ILLEGAL.sub("", text or "")


def sub_element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    # written unqualified under the root's xmlns (ElementTree's default_namespace option
    # refuses unqualified attribute names); read back qualified
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = xml_clean(text)
    return element


def add_paras(parent: ET.Element, text: str) -> None:
    for line in text.split("\n") if text else [""]:
        sub_element(parent, "p", line)


def text_element(tag: str, text: str) -> ET.Element:
    element = ET.Element(tag)
    element.text = xml_clean(text)
    return element
