"""Zip archives for upload tests, built in memory: small real documents and archive bombs."""

import io
import struct
import warnings
import zipfile

ODT = "application/vnd.oasis.opendocument.text"
SPACES = 20 * 1024 * 1024  # 20 MB of spaces deflate to about 20 KB


def archive(entries: list[tuple[str, bytes | str]], *, first_stored: str | None = None) -> bytes:
    """A deflated zip of (name, content), in order; duplicate names allowed."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, which some tests want
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, content in entries:
                kind = zipfile.ZIP_STORED if name == first_stored else zipfile.ZIP_DEFLATED
                z.writestr(name, content, compress_type=kind)
    return buf.getvalue()


def real_docx() -> bytes:
    """A small Word document shaped like one Word saves (content types, rels, document, styles)."""
    return archive(
        [
            (
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
            ),
            ("_rels/.rels", "<Relationships/>"),
            (
                "word/document.xml",
                "<w:document>" + "<w:p><w:r><w:t>Naloxone kits issued: 154</w:t></w:r></w:p>" * 200 + "</w:document>",
            ),
            ("word/styles.xml", "<w:styles/>"),
            ("docProps/core.xml", "<cp:coreProperties/>"),
        ]
    )


def real_odt() -> bytes:
    """A small OpenDocument text file: 'mimetype' first and stored, then the content."""
    return archive(
        [
            ("mimetype", ODT),
            ("META-INF/manifest.xml", "<manifest:manifest/>"),
            (
                "content.xml",
                "<office:document-content>"
                + "<text:p>Hostel training continues.</text:p>" * 200
                + "</office:document-content>",
            ),
            ("styles.xml", "<office:document-styles/>"),
        ],
        first_stored="mimetype",
    )


ODF_TYPES = {
    "odt": ODT,
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def bomb(ext: str) -> bytes:
    """20 MB of spaces in about 20 KB: in 'mimetype' after the right type (the reported .odt), or as the main part."""
    if ext in ODF_TYPES:
        return archive([("mimetype", ODF_TYPES[ext] + " " * SPACES), ("content.xml", "<x/>")])
    return archive([("[Content_Types].xml", "<Types/>"), (f"{OOXML_FOLDERS[ext]}document.xml", " " * SPACES)])


def odt_mimetype_bomb() -> bytes:
    return bomb("odt")


def docx_bomb() -> bytes:
    return bomb("docx")


def many_entries(count: int = 5001) -> bytes:
    """5,001 empty parts with short names: about 430 KB, under the 500 KB past which test uploads spool to disk."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<x/>")
        for i in range(count):
            z.writestr(f"{i:x}", b"")
    return buf.getvalue()


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """The archive with one entry's uncompressed size in the central directory changed (a lying header)."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + name_length].decode() == name:
            struct.pack_into("<I", raw, at + 24, size)
            return bytes(raw)
        at = raw.find(b"PK\x01\x02", at + 4)
    raise KeyError(name)
