"""Scans for the OCR tests: made-up Chinese text and tables drawn with Noto CJK, and PDFs holding them."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from .pdf_maker import make_pdf, write_objects


def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK (fonts-noto-cjk, a system dependency of the project)."""
    found = subprocess.run(
        ["fc-match", "Noto Sans CJK SC", "-f", "%{file}"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not found.endswith((".ttc", ".otf", ".ttf")) or "CJK" not in found:
        pytest.fail("fonts-noto-cjk is part of the project's system dependencies and is missing")
    return ImageFont.truetype(found, size)


def table_image(rows: list[list[str]], cell: tuple[int, int] = (190, 56), size: int = 26) -> Image.Image:
    """A ruled table, one string per cell, as a 150-dpi scan would show it."""
    width, height = cell
    margin = 40
    image = Image.new("RGB", (2 * margin + width * len(rows[0]), 2 * margin + height * len(rows)), "white")
    draw = ImageDraw.Draw(image)
    font = cjk_font(size)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            left, top = margin + c * width, margin + r * height
            draw.rectangle((left, top, left + width, top + height), outline="black", width=2)
            draw.text((left + 12, top + (height - size) // 2 - 2), text, font=font, fill="black")
    return image


def text_image(lines: list[str], size: int = 30, width: int = 1100) -> Image.Image:
    """Lines of prose as a scan."""
    step = int(size * 1.8)
    image = Image.new("RGB", (width, 80 + step * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    font = cjk_font(size)
    for index, line in enumerate(lines):
        draw.text((60, 40 + index * step), line, font=font, fill="black")
    return image


def image_pdf(path: Path, image: Image.Image, text_layer: list[int] | None = None, dpi: int = 150) -> Path:
    """A one-page PDF showing ``image`` (JPEG) over the whole page; ``text_layer``, when given, adds an
    invisible text layer of those character codes mapped to private-use characters (a font without a
    usable encoding, as mis-made PDFs have)."""
    data = io.BytesIO()
    image.save(data, format="JPEG", quality=90)
    jpeg = data.getvalue()
    width, height = image.size[0] * 72 / dpi, image.size[1] * 72 / dpi
    ops = f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im1 Do Q"
    font = ""
    objects: list[bytes] = []
    if text_layer:
        codes = "".join(f"{code:02X}" for code in text_layer)
        ops += f" BT 3 Tr /F1 12 Tf 40 {height - 60:.2f} Td <{codes}> Tj ET"
        font = " /Font << /F1 7 0 R >>"
    objects += [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}]"
        f" /Resources << /XObject << /Im1 5 0 R >>{font} >> /Contents 4 0 R >>".encode(),
        f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {image.size[0]} /Height {image.size[1]}"
        " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode".encode()
        + f" /Length {len(jpeg)} >>\nstream\n".encode()
        + jpeg
        + b"\nendstream",
    ]
    if text_layer:
        cmap = _private_use_cmap(sorted(set(text_layer)))
        objects.append(f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream".encode())
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>")
    return write_objects(path, objects)


def _private_use_cmap(codes: list[int]) -> str:
    entries = "\n".join(f"<{code:02X}> <{0xE000 + code:04X}>" for code in codes)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbage def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(codes)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )


def mixed_pdf(path: Path, text_lines: list[str], scan: Image.Image) -> Path:
    """Page 1 with a text layer (ASCII lines), page 2 a scan without one."""
    import pypdfium2 as pdfium

    first = make_pdf(path.with_suffix(".text.pdf"), [text_lines])
    second = image_pdf(path.with_suffix(".scan.pdf"), scan)
    merged = pdfium.PdfDocument.new()
    for part in (first, second):
        source = pdfium.PdfDocument(part)
        merged.import_pages(source)
        source.close()
    merged.save(path)
    merged.close()
    return path


def justified_image(paragraphs: list[list[str]], size: int = 30, width: int = 1100) -> Image.Image:
    """Paragraphs of prose set as Chinese documents print them: the first line indented two characters,
    every line but a paragraph's last spread to the right margin (justified), whatever its characters."""
    step, margin = int(size * 1.8), 50
    lines = sum(len(paragraph) for paragraph in paragraphs)
    image = Image.new("RGB", (width, 80 + step * lines), "white")
    draw = ImageDraw.Draw(image)
    font = cjk_font(size)
    row = 0
    for paragraph in paragraphs:
        for index, line in enumerate(paragraph):
            left = margin + (2 * size if index == 0 else 0)
            top = 40 + row * step
            row += 1
            if index == len(paragraph) - 1:
                draw.text((left, top), line, font=font, fill="black")
                continue
            advances = [font.getlength(char) for char in line]
            spread = (width - margin - left - sum(advances)) / max(1, len(line) - 1)
            assert spread >= 0, f"line too long to justify: {line}"
            x = float(left)
            for char, advance in zip(line, advances, strict=True):
                draw.text((x, top), char, font=font, fill="black")
                x += advance + spread
    return image
