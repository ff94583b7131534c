"""Position scans for the normalizer's fast path that a regex does slowly: runs of one letter.

A pattern such as ``([a-z])\\1\\1`` has no fixed first character, so the regex engine tries a group
and two back-references at every letter of a (batch-sized) text. Here the text is read as one byte
per character and compared with itself shifted by one and two characters, as big integers: every
step (``bytes.translate``, ``int.from_bytes``, shift, XOR, ``to_bytes``, ``bytes.find``) is one C loop
over the text, several times faster than the regex on a batch of posts.
"""

from __future__ import annotations

#: ``bytes.translate`` tables: ``_LO`` keeps a-z and maps every other byte to 0x00, ``_HI`` maps every
#: other byte to 0xFF, so ``lo[i] == hi[j]`` holds exactly when both are the same letter a-z
_LO = bytes(c if 97 <= c <= 122 else 0 for c in range(256))
_HI = bytes(c if 97 <= c <= 122 else 255 for c in range(256))


def _zeros(x: int, n: int) -> list[int]:
    """Positions ``< n`` of the zero bytes of ``x`` (little-endian)."""
    z = x.to_bytes(n + 2, "little")
    out: list[int] = []
    find = z.find
    i = find(0, 0, n)
    while i >= 0:
        out.append(i)
        i = find(0, i + 1, n)
    return out


def latin_triples(text: str) -> list[int]:
    """Starts of every three equal letters a-z in a row: ``P.LATIN_TRIPLE``'s matches plus the
    overlapping starts inside longer runs (the caller only needs the tokens they fall in)."""
    n = len(text)
    if text.isascii():
        # x ^ (x >> 8) has a zero byte where a character equals the next one: three equal
        # characters are a zero byte of the OR below; runs of other characters ("...") are few
        raw = text.encode("ascii")
        x = int.from_bytes(raw, "little")
        hits = _zeros((x ^ (x >> 8)) | (x ^ (x >> 16)), n)
        return [i for i in hits if 97 <= raw[i] <= 122]
    # one byte per character ('?' for what Latin-1 lacks); non-letters are 0x00 in `lo` and 0xFF in
    # `hi` (two more 0xFF bytes are what is shifted in at the end), so no run of them can match
    raw = text.encode("latin-1", "replace")
    lo = int.from_bytes(raw.translate(_LO), "little")
    hi = int.from_bytes(raw.translate(_HI) + b"\xff\xff", "little")
    return _zeros((lo ^ (hi >> 8)) | (lo ^ (hi >> 16)), n)


#: the punctuation of the trigger's two-character runs (``P.build_trigger``) marked 0x01, the rest 0x00
_PUNCT_MARK = bytes(1 if chr(c) in "!?,;:*~=_+^" else 0 for c in range(256))
_PUNCT_PAIRS = frozenset(["!!", "!?", "?!", "??", ",,", ";;", "::", "**", "~~", "==", "__", "++", "^^"])


def punct_pairs(text: str) -> list[int]:
    """Starts of the trigger's punctuation runs in an ASCII ``text`` (``P.build_trigger`` without
    ``#``/``@``): two of ``!?`` in any order, a doubled ``,;:*~=_+^`` and ``://`` (what the regex
    finds plus the overlapping starts inside longer runs).

    The regex tests a character class at every character; here ``bytes.translate`` marks the
    punctuation and ``bytes.find`` jumps between adjacent marks (few in social text)."""
    marks = text.encode("ascii").translate(_PUNCT_MARK)
    out: list[int] = []
    find = marks.find
    i = find(b"\x01\x01")
    while i >= 0:
        if text[i : i + 2] in _PUNCT_PAIRS:
            out.append(i)
        i = find(b"\x01\x01", i + 1)
    find = text.find
    i = find("://")
    while i >= 0:
        out.append(i)
        i = find("://", i + 1)
    return out
