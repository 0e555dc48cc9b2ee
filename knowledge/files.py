"""What a resource's file may be: a PDF, DOCX, XLSX or ODT, told by its content, never by its name
or by what the browser says it is, and no larger than settings.KNOWLEDGE_MAX_FILE_MB."""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What `filetype` calls each allowed kind, and what the portal calls it.
KINDS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "odt": "odt"}
# The part an office file of each kind must hold, read from the archive itself.
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml"}
# Where a PDF's "%%EOF" marker must be: within this many bytes of its end.
PDF_TAIL = 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}


def max_bytes() -> int:
    return settings.KNOWLEDGE_MAX_FILE_MB * 1024 * 1024


def file_check(upload: UploadedFile) -> str:
    """The file's type ("pdf", "docx", "xlsx" or "odt"), or a ValidationError for the field."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes())}
        )
    upload.seek(0)
    kind = filetype.guess_extension(upload.read(8192))
    upload.seek(0)
    if kind not in KINDS or not _whole(upload, kind):
        raise ValidationError(_("Upload a PDF, DOCX, XLSX or ODT file; this file is none of them."))
    return KINDS[kind]


def _whole(upload: UploadedFile, kind: str) -> bool:
    """An office file is an archive: it must open and hold its kind's main part (a renamed ZIP of
    anything else, or a truncated file, does not). A PDF ends with its end-of-file marker, which
    readers look for in the last 1024 bytes: an HTML page or a cut-off file that merely starts
    like a PDF has none."""
    if kind == "pdf":
        return _pdf_ends(upload)
    try:
        with zipfile.ZipFile(upload) as archive:
            return OFFICE_PARTS[kind] in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def _pdf_ends(upload: UploadedFile) -> bool:
    upload.seek(max(upload.size - PDF_TAIL, 0))
    tail = upload.read(PDF_TAIL)
    upload.seek(0)
    return b"%%EOF" in tail
