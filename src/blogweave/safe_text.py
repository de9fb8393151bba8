"""Text from outside (file names, post text) made safe to print, to put in XML and to make IRIs of."""

from __future__ import annotations

import os
import re

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def display_name(text: str) -> str:
    """A file name (or any text) safe to print, to put in XML and to make an IRI of.

    Bytes that are not UTF-8 (which Python keeps as lone surrogates) become ``\\xNN`` and
    control characters ``\\xNN`` or ``\\uNNNN``, so a name cannot send escape sequences to a
    terminal or make an output file ill-formed. Other text is unchanged.
    """
    if not _UNPRINTABLE.search(text):
        return text

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)


def display_path(path) -> str:
    return display_name(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else display_name(str(path))
