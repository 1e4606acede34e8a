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
from zlib import error as zlib_error

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
CENTRAL_DIRECTORY_MAGIC = b"PK\x01\x02"
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
    "pdf": "a PDF",
    "doc": "a Word document",
    "docx": "a Word document",
    "xls": "an Excel spreadsheet",
    "xlsx": "an Excel spreadsheet",
    "ppt": "a PowerPoint presentation",
    "pptx": "a PowerPoint presentation",
    "odt": "an OpenDocument text file",
    "ods": "an OpenDocument spreadsheet",
    "odp": "an OpenDocument presentation",
    "csv": "a CSV file",
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


# Zip-based documents (Word, Excel, PowerPoint, OpenDocument) are archives, so a small
# upload can unpack to gigabytes: 261 KB of .odt held 256 MiB of spaces. We read an
# archive's directory first and refuse what no real document looks like, before
# unpacking anything; then every entry is unpacked in small pieces up to the size it
# declared, so neither memory nor time depends on what the archive claims.
MAX_ARCHIVE_ENTRIES = 5000  # a 300-slide deck with its media has about 1,500
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # unpacked size over upload size; Office XML is typically 3-20 to 1
RATIO_APPLIES_ABOVE = 1024 * 1024  # a small archive that unpacks to under 1 MB harms no one
MIMETYPE_MAX_BYTES = 200  # the longest OpenDocument MIME type is 47 characters
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe_name(name: str) -> bool:
    """A name that would write outside the folder it is unpacked into, or cannot be a file name."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts or any(ord(c) < 32 for c in name)


def _refuse(reason: str) -> PaperRejected:
    return PaperRejected(
        f"The selected file cannot be accepted: {reason}. "
        "Save it again from the program that made it, or upload it as a PDF"
    )


def _open_archive(data: bytes) -> zipfile.ZipFile | None:
    """The archive, with its directory checked against bombs; None if it is not a zip at all."""
    # Every entry has a central-directory record starting with this signature (zipfile
    # insists), so counting it bounds the entries before zipfile builds one object each.
    if data.count(CENTRAL_DIRECTORY_MAGIC) > MAX_ARCHIVE_ENTRIES:
        raise _refuse(f"it holds more than {MAX_ARCHIVE_ENTRIES:,} parts")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        return None
    try:
        _check_directory(archive, len(data))
        _check_contents(archive)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_directory(archive: zipfile.ZipFile, upload_bytes: int) -> None:
    """Refuse, from the declared sizes alone: too many entries, too big, too compressed, odd names."""
    entries = archive.infolist()
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise _refuse(f"it holds more than {MAX_ARCHIVE_ENTRIES:,} parts")
    seen = set()
    total = 0
    for entry in entries:
        name = entry.filename
        if _unsafe_name(name):
            raise _refuse("it holds a part whose name points outside the document")
        key = name.replace("\\", "/").lower()
        if key in seen:
            raise _refuse("it holds two parts with the same name")
        seen.add(key)
        if entry.flag_bits & 0x1:
            raise _refuse("parts of it are encrypted")
        total += entry.file_size
        if total > MAX_UNPACKED_BYTES:
            raise _refuse(f"it would unpack to more than {format_size(MAX_UNPACKED_BYTES)}")
    if total > RATIO_APPLIES_ABOVE and total > MAX_RATIO * upload_bytes:
        raise _refuse(f"it would unpack to more than {MAX_RATIO} times its size")


def _check_contents(archive: zipfile.ZipFile) -> None:
    """Unpack every entry in pieces, never past the size it declared; a damaged entry fails its CRC."""
    for entry in archive.infolist():
        unpacked = 0
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > entry.file_size:  # zipfile stops at the declared size; belt and braces
                        raise _refuse("a part of it is bigger than it says")
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            RuntimeError,
            NotImplementedError,
            ValueError,
            zlib_error,
        ) as error:
            raise _refuse("it is damaged (a part of it does not unpack as it says)") from error


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
    archive = _open_archive(data)  # raises PaperRejected for a bomb
    if archive is None:
        return False
    with archive:
        names = archive.namelist()
        if family == "ooxml":
            return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
        # OpenDocument: the first entry is "mimetype", holding the exact MIME type.
        if "mimetype" not in names:
            return False
        with archive.open("mimetype") as stream:
            declared = stream.read(MIMETYPE_MAX_BYTES + 1)
        if len(declared) > MIMETYPE_MAX_BYTES:
            return False
        return declared.decode("ascii", "replace").strip() == TYPES[ext][0]


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
            f"The selected file is called .{ext} but its contents are not {NAMES[ext]}. Check you chose the right file"
        )
    base = filename.replace("\\", "/").rpartition("/")[2].rpartition(".")[0]
    title = " ".join("".join(c for c in base if c.isprintable()).split())[:200]
    return CheckedPaper(
        filename=safe_filename(filename),
        content_type=content_type,
        extension=ext,
        title=title or safe_filename(filename),
    )


def format_size(size: int) -> str:
    """'20 MB', '1.5 MB', '12 KB', '300 bytes'."""
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        return f"{value:.0f} MB" if value == int(value) or value >= 10 else f"{value:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"
