"""Turning raw file content into text YAML may parse, or a precise encoding error.

Checks happen in the order that keeps hostile input cheap: size first (without decoding),
then UTF-8 decoding, then a scan for characters YAML forbids (NUL and other control
characters, which is how binary files usually show up).
"""

from __future__ import annotations

import re

from playbook.errors import Diagnostic, LoadError, Span
from playbook.source.limits import Limits

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Characters YAML 1.1 accepts in a stream (the "printable" set, plus tab and line breaks).
_FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def format_size(size: int) -> str:
    """Human size such as ``5.0 MiB`` or ``812 bytes``, for limit messages."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"


def too_large(file: str | None, size: int, limits: Limits) -> LoadError:
    """The ``file-too-large`` error, shared by in-memory text and files on disk."""
    return LoadError(
        Diagnostic(
            code="file-too-large",
            message=(
                f"file is {format_size(size)} ({size} bytes), larger than the limit of "
                f"{format_size(limits.max_bytes)} ({limits.max_bytes} bytes)"
            ),
            span=Span(file, 1, 1),
            hint="split the playbook into several files in a folder",
        )
    )


def decode_source(raw: str | bytes, file: str | None, limits: Limits) -> str:
    """Return the text of ``raw`` without a BOM, or raise ``LoadError``.

    Raises ``file-too-large`` before any decoding work and ``file-encoding`` for invalid
    UTF-8 or characters that YAML does not allow, located at the offending character.
    """
    if isinstance(raw, str):
        if len(raw) > limits.max_bytes:
            raise too_large(file, len(raw.encode("utf-8", "surrogatepass")), limits)
        size = len(raw.encode("utf-8", "surrogatepass"))
        if size > limits.max_bytes:
            raise too_large(file, size, limits)
        text = raw.removeprefix("\ufeff")
    else:
        if len(raw) > limits.max_bytes:
            raise too_large(file, len(raw), limits)
        text = _decode_bytes(bytes(raw), file)
    _check_characters(text, file)
    return text


def _decode_bytes(raw: bytes, file: str | None) -> str:
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    elif raw.startswith(_UTF16_BOMS):
        raise LoadError(
            Diagnostic(
                code="file-encoding",
                message="file is encoded as UTF-16; playbooks must be UTF-8",
                span=Span(file, 1, 1),
                hint="save the file as UTF-8",
            )
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(raw, exc.start)
        looks_binary = b"\x00" in raw[:8192]
        what = "the file looks binary, not text" if looks_binary else "the file is not valid UTF-8"
        raise LoadError(
            Diagnostic(
                code="file-encoding",
                message=f"{what}: byte 0x{raw[exc.start]:02x} cannot be decoded as UTF-8",
                span=Span(file, line, column),
                hint="save the file as UTF-8 text",
            )
        ) from None


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``; bytes before it are valid UTF-8."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _check_characters(text: str, file: str | None) -> None:
    match = _FORBIDDEN.search(text)
    if match is None:
        return
    offset = match.start()
    char = match.group()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    if char == "\x00":
        message = "the file looks binary, not text: it contains a NUL character"
    elif 0xD800 <= ord(char) <= 0xDFFF:
        message = f"the text contains an unpaired surrogate U+{ord(char):04X}, which is not valid Unicode"
    elif char in "\ufffe\uffff":
        message = f"the noncharacter U+{ord(char):04X} is not allowed in a YAML file"
    else:
        message = f"control character U+{ord(char):04X} is not allowed in a YAML file"
    raise LoadError(
        Diagnostic(
            code="file-encoding",
            message=message,
            span=Span(file, line, column),
            hint="remove the character, or save the file as UTF-8 text",
        )
    )
