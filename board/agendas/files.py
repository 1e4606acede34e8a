"""Checking uploaded papers: the extension must agree with the file's first bytes.

Pure functions, no database: :func:`check_paper` takes the name the browser sent and the
bytes, and either returns the stored name and MIME type or raises :class:`PaperRejected`
with a sentence fit to show on the form.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

# extension -> (MIME type, family of check, what OOXML folder / ODF mimetype to expect)
TYPES = {
    "pdf": ("application/pdf", "pdf", None),
    "doc": ("application/msword", "ole", None),
    "xls": ("application/vnd.ms-excel", "ole", None),
    "ppt": ("application/vnd.ms-powerpoint", "ole", None),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml", "word/"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml", "xl/"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ooxml", "ppt/"),
    "odt": ("application/vnd.oasis.opendocument.text", "odf", None),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf", None),
    "odp": ("application/vnd.oasis.opendocument.presentation", "odf", None),
    "csv": ("text/csv", "csv", None),
}

ALLOWED_LABEL = "PDF, Word, Excel, PowerPoint, OpenDocument or CSV"

NAMES = {
    "pdf": "a PDF", "doc": "a Word document", "docx": "a Word document",
    "xls": "an Excel spreadsheet", "xlsx": "an Excel spreadsheet",
    "ppt": "a PowerPoint presentation", "pptx": "a PowerPoint presentation",
    "odt": "an OpenDocument text file", "ods": "an OpenDocument spreadsheet",
    "odp": "an OpenDocument presentation", "csv": "a CSV file",
}


class PaperRejected(ValueError):
    """The upload is not acceptable; the message says why, for the form."""


@dataclass(frozen=True)
class CheckedPaper:
    filename: str
    content_type: str
    extension: str
    title: str = ""  # the uploaded name without folder or extension, for a default title


def extension_of(filename: str) -> str:
    return filename.rpartition(".")[2].lower() if "." in filename else ""


def safe_filename(filename: str, fallback: str = "paper") -> str:
    """A download name that is plain ASCII, has no path, quotes or control characters.

    'Q3 – report "final".PDF' -> 'Q3-report-final.pdf'
    """
    name = filename.replace("\\", "/").rpartition("/")[2]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:100] or fallback
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext).lower()[:8]
    return f"{stem}.{ext}" if ext else stem


def _zip_names(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _matches(family: str, ext: str, folder: str | None, data: bytes) -> bool:
    if family == "pdf":
        return data.startswith(PDF_MAGIC)
    if family == "ole":
        return data.startswith(OLE_MAGIC)
    if family == "csv":
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return True
    if not data.startswith(ZIP_MAGIC):
        return False
    archive = _zip_names(data)
    if archive is None:
        return False
    with archive:
        names = archive.namelist()
        if family == "ooxml":
            return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
        # OpenDocument: the first entry is "mimetype", holding the exact MIME type.
        if "mimetype" not in names:
            return False
        try:
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            return False
        return declared == TYPES[ext][0]


def check_paper(filename: str, data: bytes, max_bytes: int) -> CheckedPaper:
    """Accept the upload, or raise PaperRejected saying what is wrong with it."""
    ext = extension_of(filename or "")
    if ext not in TYPES:
        raise PaperRejected(f"The selected file must be a {ALLOWED_LABEL} file")
    if not data:
        raise PaperRejected("The selected file is empty")
    if len(data) > max_bytes:
        raise PaperRejected(f"The selected file must be {format_size(max_bytes)} or smaller")
    content_type, family, folder = TYPES[ext]
    if not _matches(family, ext, folder, data):
        raise PaperRejected(
            f"The selected file is called .{ext} but its contents are not {NAMES[ext]}. "
            "Check you chose the right file"
        )
    base = filename.replace("\\", "/").rpartition("/")[2].rpartition(".")[0]
    title = " ".join("".join(c for c in base if c.isprintable()).split())[:200]
    return CheckedPaper(filename=safe_filename(filename), content_type=content_type, extension=ext,
                        title=title or safe_filename(filename))


def format_size(size: int) -> str:
    """'20 MB', '1.5 MB', '12 KB', '300 bytes'."""
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        return f"{value:.0f} MB" if value == int(value) or value >= 10 else f"{value:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"
