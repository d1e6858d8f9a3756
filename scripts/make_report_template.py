"""Generate the Word template of the self-evaluation report: src/jixiao/render/templates/report.docx.

The template is a docxtpl (Jinja2-in-Word) document in the official document style of GB/T 9704-2012
as reports follow it (domain.md §7): title 二号 方正小标宋简体; body 三号 仿宋_GB2312, first-line
indent 2 characters, fixed line spacing 28 磅; headings 一、 黑体, （一） 楷体_GB2312, 1. 仿宋 bold,
（1） 仿宋; A4 with margins 3.7 / 3.5 / 2.8 / 2.6 cm; page numbers "— 1 —" (odd pages right, even
pages left). Every style and every run names its East-Asian font (w:eastAsia), or Word and LibreOffice
fall back to a default font for Chinese.

A bureau restyles the generated file in Word (styles 正文 / 标题 1–4 / 报告标题 / 落款, page setup,
the fixed text) without touching code; the ``{{ … }}`` and ``{%p … %}`` lines must stay.

Run: ``.venv/bin/python scripts/make_report_template.py [OUT.docx]``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src/jixiao/render/templates/report.docx"
LATIN = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE_28 = Pt(28)  # fixed line spacing of the body

# style name → (East-Asian font, Latin font, size, bold)
HEADINGS = {
    "Heading 1": ("黑体", "黑体", SIZE_3, False),
    "Heading 2": ("楷体_GB2312", "楷体_GB2312", SIZE_3, False),
    "Heading 3": (BODY_FONT, LATIN, SIZE_3, True),
    "Heading 4": (BODY_FONT, LATIN, SIZE_3, False),
}


def set_fonts(rpr_owner: Any, east_asia: str, latin: str) -> None:
    """Name the fonts of a style's or run's rPr explicitly, theme fonts removed."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def set_line_and_indent(style: ParagraphStyle, indent_chars: int, line: Length = LINE_28) -> None:
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    ppr = style.element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(indent_chars * 100))
    ind.set(qn("w:firstLine"), str(int(indent_chars * 16 * 20)))  # 2 chars of 16 pt, in twips


def style_font(style: ParagraphStyle, east_asia: str, latin: str, size: Pt, bold: bool) -> None:
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element, east_asia, latin)


def define_styles(document: DocxDocument) -> None:
    """Body, headings, title, signature and page-number styles."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, name in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", BODY_FONT), ("w:cs", LATIN)):
        fonts.set(qn(attr), name)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    style_font(normal, BODY_FONT, LATIN, SIZE_3, False)
    set_line_and_indent(normal, 2)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for name, (east_asia, latin, size, bold) in HEADINGS.items():
        heading = styles[name]
        style_font(heading, east_asia, latin, size, bold)
        set_line_and_indent(heading, 2)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = styles.add_style("报告标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    style_font(title, "方正小标宋简体", "方正小标宋简体", SIZE_2, False)
    set_line_and_indent(title, 0, Pt(36))
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(28)

    signature = styles.add_style("落款", WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = normal
    style_font(signature, BODY_FONT, LATIN, SIZE_3, False)
    set_line_and_indent(signature, 0)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.right_indent = Pt(64)  # 4 characters
    signature.paragraph_format.space_before = Pt(28)

    page_number = styles.add_style("页码", WD_STYLE_TYPE.PARAGRAPH)
    page_number.base_style = normal
    style_font(page_number, "宋体", "宋体", SIZE_4, False)
    set_line_and_indent(page_number, 0, Pt(14))


def add_run(paragraph: Paragraph, text: str, east_asia: str, latin: str) -> None:
    run = paragraph.add_run(text)
    set_fonts(run._r, east_asia, latin)  # python-docx has no public rPr access


def paragraph(document: DocxDocument, text: str, style: str) -> None:
    east_asia, latin = {
        "报告标题": ("方正小标宋简体", "方正小标宋简体"),
        **{name: spec[:2] for name, spec in HEADINGS.items()},
    }.get(style, (BODY_FONT, LATIN))
    add_run(document.add_paragraph(style=style), text, east_asia, latin)


def page_number_field(par: Paragraph) -> None:
    """ "— PAGE —" with a PAGE field, fonts named on every run."""
    add_run(par, "— ", "宋体", "宋体")
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = par.add_run()
        set_fonts(run._r, "宋体", "宋体")
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    add_run(par, " —", "宋体", "宋体")


def page_setup(document: DocxDocument) -> None:
    """A4, margins 3.7 / 3.5 / 2.8 / 2.6 cm, page numbers right on odd pages and left on even ones."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    document.settings.odd_and_even_pages_header_footer = True
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        par = footer.paragraphs[0]
        par.style = document.styles["页码"]
        par.alignment = alignment
        fmt = par.paragraph_format
        fmt.right_indent = Pt(14) if alignment == WD_ALIGN_PARAGRAPH.RIGHT else None
        fmt.left_indent = Pt(14) if alignment == WD_ALIGN_PARAGRAPH.LEFT else None
        page_number_field(par)


def body(document: DocxDocument) -> None:
    """The Jinja skeleton: title, opening, the numbered blocks, the signature."""
    paragraph(document, "{{ title }}", "报告标题")
    paragraph(document, "{{ intro }}", "Normal")
    paragraph(document, "{%p for b in blocks %}", "Normal")
    for level in (1, 2, 3, 4):
        keyword = "if" if level == 1 else "elif"
        paragraph(document, f"{{%p {keyword} b.level == {level} %}}", "Normal")
        paragraph(document, "{{ b.text }}", f"Heading {level}")
    paragraph(document, "{%p else %}", "Normal")
    paragraph(document, "{{ b.text }}", "Normal")
    paragraph(document, "{%p endif %}", "Normal")
    paragraph(document, "{%p endfor %}", "Normal")
    paragraph(document, "{{ department }}", "落款")


def make_template(out: Path) -> Path:
    document = Document()
    define_styles(document)
    page_setup(document)
    body(document)
    core = document.core_properties
    core.title, core.author, core.comments = (
        "绩效自评报告模板",
        "jixiao",
        "由 scripts/make_report_template.py 生成",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    print(make_template(target))
