"""Bytes → text, once for every text a user gives jixiao (a report as .txt or .html, YAML, JSON)."""

from __future__ import annotations

import re

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
GUESS_LIMIT = 1_000_000  # bytes charset-normalizer looks at


def decode_text(data: bytes, *, guess: bool = True) -> tuple[str, str] | None:
    """Bytes → (text, encoding), or None when no encoding fits.

    BOMs first (the BOM is dropped), then UTF-16 without BOM (every other byte NUL), UTF-8, GB18030 (which
    covers GBK and GB2312); with ``guess`` (a published report), charset-normalizer as the last resort,
    undecodable bytes replaced. Without it (YAML/JSON a user wrote) bytes no encoding fits give None.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError:
                return None
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    if not guess:
        return None
    from charset_normalizer import from_bytes  # noqa: PLC0415 (0.1 s: only when no decoding fits)

    best = from_bytes(data[:GUESS_LIMIT]).best()
    if best is None or best.encoding is None:
        return None
    return data.decode(best.encoding, errors="replace"), best.encoding


# control characters other than \t \n \f \r, and the replacement mark (one regex scan, not a loop)
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def looks_like_text(text: str) -> bool:
    """False for binary junk: many control characters or replacement marks."""
    sample = text[:20000]
    if not sample:
        return True
    return len(_BAD_CHAR.findall(sample)) <= len(sample) // 50
