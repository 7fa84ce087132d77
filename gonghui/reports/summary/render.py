"""Lay the summary out: Markdown (the same text, for editing and review) and Word (.docx, GB/T 9704).

Heading numbers are given here — 一、 for sections, （一） for subsections, 1. for the items of 不足 and
the plan — so a section left out never leaves a gap. A section with a single block gets no （一）.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gonghui.core import docx_layout
from gonghui.reports.summary.document import (
    Paragraph,
    SummaryDocument,
    level1_number,
    level2_number,
    level3_number,
    sentence_text,
    signed_text,
)

INDENT = Pt(32)  # two characters of 3号


def outline(document: SummaryDocument) -> list[tuple[str, str]]:
    """The document as (role, text) lines in reading order: title, body, h1, h2, item, signer, date."""
    lines: list[tuple[str, str]] = [("title", document.title), ("body", document.opening.text)]
    for index, section in enumerate(document.sections):
        lines.append(("h1", f"{level1_number(index)}{sentence_text(section.heading)}"))
        headed = len(section.blocks) > 1
        item = 0
        for block_index, block in enumerate(section.blocks):
            if headed and block.heading:
                lines.append(("h2", f"{level2_number(block_index)}{sentence_text(block.heading)}"))
            for paragraph in block.paragraphs:
                if section.numbered_items and not paragraph.key.endswith(".intro"):
                    lines.append(("body", f"{level3_number(item)}{_text(paragraph)}"))
                    item += 1
                else:
                    lines.append(("body", _text(paragraph)))
    lines.append(("signer", document.signer))
    lines.append(("date", signed_text(document.signed_on)))
    return lines


def _text(paragraph: Paragraph) -> str:
    return paragraph.text


def to_markdown(document: SummaryDocument) -> str:
    """Plain Markdown: # title, ## 一、…, ### （一）…, paragraphs; the 落款 as two right-hand lines."""
    out: list[str] = []
    for role, text in outline(document):
        if role == "title":
            out.append(f"# {text}")
        elif role == "h1":
            out.append(f"## {text}")
        elif role == "h2":
            out.append(f"### {text}")
        elif role == "signer":
            out.append(f'<p align="right">{text}<br>')
        elif role == "date":
            out[-1] += f"{text}</p>"
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


def write_docx(document: SummaryDocument, path: Path, *, heading_bold: bool = False) -> Path:
    """The .docx laid out to GB/T 9704, its core properties fixed so the same records give the same file."""
    doc = Document()
    docx_layout.set_up_page(doc, line_grid=True)
    docx_layout.set_up_styles(doc)
    _page_numbers(doc)
    for role, text in outline(document):
        paragraph = doc.add_paragraph()
        if role == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _write(paragraph, text, "title")
            doc.add_paragraph()
            continue
        if role in ("signer", "date"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(64) if role == "date" else Pt(32)
            if role == "signer":
                doc.paragraphs[-1].paragraph_format.space_before = Pt(0)
            _write(paragraph, text, "body")
            continue
        paragraph.paragraph_format.first_line_indent = INDENT
        if role == "h1":
            _write(paragraph, text, "h1")
        elif role == "h2":
            _write(paragraph, text, "h2", bold=heading_bold)
        else:
            _write(paragraph, text, "body")
    core = doc.core_properties
    core.title = document.title
    core.author = document.signer
    core.last_modified_by = document.signer
    core.comments = ""
    core.revision = 1
    moment = dt.datetime.combine(document.signed_on, dt.time(9, 0))
    core.created = moment
    core.modified = moment
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue(), moment))
    return path


def _fixed_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same package with every entry stamped `moment`, so identical text gives an identical file."""
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _page_numbers(doc: object) -> None:
    add = getattr(docx_layout, "add_page_numbers", None)
    if add is not None:
        add(doc)


def _write(paragraph: object, text: str, role: str, bold: bool = False) -> None:
    write = getattr(docx_layout, "write_text", None)
    if write is not None:
        write(paragraph, text, role, bold=bold)
        return
    font = {"title": docx_layout.TITLE_FONT, "h1": "黑体", "h2": "楷体_GB2312"}.get(
        role, docx_layout.BODY_FONT
    )
    size = docx_layout.TITLE_SIZE if role == "title" else docx_layout.BODY_SIZE
    docx_layout.styled(paragraph.add_run(text), font, size, bold=bold)  # type: ignore[attr-defined]
