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
    """The .docx laid out to GB/T 9704 (docx_layout: page, faces with fallback runs, page numbers), its
    package stamped with the 成文日期 so the same records give the same file."""
    doc = Document()
    docx_layout.set_up_page(doc, line_grid=True)
    docx_layout.set_up_styles(doc)
    docx_layout.add_page_numbers(doc)
    date = signed_text(document.signed_on)
    for role, text in outline(document):
        if role == "title":
            docx_layout.add_paragraph(doc, text, "title")
            doc.add_paragraph()  # one blank line under the title
        elif role == "signer":
            doc.add_paragraph()  # one blank line above the 落款
            docx_layout.add_paragraph(doc, text, "signature", over=date)
        elif role == "date":
            docx_layout.add_paragraph(doc, text, "date")
        elif role == "h2":
            docx_layout.add_paragraph(doc, text, "h2", bold=heading_bold)
        elif role == "h1":
            docx_layout.add_paragraph(doc, text, "h1")
        else:
            docx_layout.add_paragraph(doc, text, "body")
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
