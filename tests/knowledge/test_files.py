"""A resource's file is told by its content, never by its name: real PDF, DOCX, ODT and XLSX files
pass with their type; a renamed executable, a ZIP posing as a document, text posing as a PDF and
an oversized file are refused. The download names the file safely and is never sniffed."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from knowledge.files import file_check
from knowledge.models import Resource
from knowledge.services import resource_file_attach
from tests.factories import ResourceFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def archive(*parts: tuple[str, bytes]) -> bytes:
    """A ZIP with the parts in order; the first stored as is, as OpenDocument wants its mimetype."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for number, (name, content) in enumerate(parts):
            compression = zipfile.ZIP_STORED if number == 0 else zipfile.ZIP_DEFLATED
            zipped.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def docx() -> bytes:
    return archive(
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", b"<w:document/>"),
    )


def odt() -> bytes:
    return archive(
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
        ("META-INF/manifest.xml", b"<manifest:manifest/>"),
    )


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Pulter"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("rapport.pdf", lambda: PDF, "pdf"),
        ("mal.docx", docx, "docx"),
        ("mal.odt", odt, "odt"),
        ("tall.xlsx", xlsx, "xlsx"),
        ("uten-endelse", docx, "docx"),  # the content says what it is, not the name
    ],
)
def test_real_documents_pass_with_their_type(name, content, kind):
    assert file_check(upload(name, content())) == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200 + b"PE\x00\x00"),
        ("mal.docx", archive(("[Content_Types].xml", b"<T/>"), ("word/styles.xml", b"<s/>"))),
        ("mal.docx", archive(("virus.exe", b"MZ"), ("readme.txt", b"hei"))),
        ("rapport.pdf", b"Dette er bare tekst, ikke en PDF.\n" * 20),
        ("tall.xlsx", xlsx()[:200]),  # truncated: it does not open
    ],
    ids=["executable as pdf", "zip without document", "zip as docx", "text as pdf", "truncated"],
)
def test_anything_else_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError, match="PDF, DOCX, XLSX or ODT"):
        file_check(upload(name, content))


def test_a_file_over_the_limit_is_refused(settings):
    settings.KNOWLEDGE_MAX_FILE_MB = 1
    with pytest.raises(ValidationError, match=r"the largest allowed is 1\.0"):
        file_check(upload("stor.pdf", PDF + b"0" * int(1.1 * 1024 * 1024)))


@pytest.mark.django_db
def test_the_download_has_a_safe_name_type_and_headers(client):
    resource = ResourceFactory(slug="guide")
    resource_file_attach(resource, upload("rapport.pdf", PDF))
    resource.save()
    Resource.objects.filter(pk=resource.pk).update(file_name='../../"Bedre\r\nsammen" æøå.exe')
    response = client.get("/knowledge/guide/file/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Bedre_sammen_%C3%A6%C3%B8%C3%A5.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_members_only_download_is_never_stored(client, secretariat_user):
    resource = ResourceFactory(slug="guide", visibility=Resource.Visibility.MEMBERS)
    resource_file_attach(resource, upload("Bedre sammen.pdf", PDF))
    resource.save()
    client.force_login(secretariat_user)
    response = client.get("/knowledge/guide/file/")
    response.close()
    assert response["Content-Disposition"] == 'attachment; filename="Bedre_sammen.pdf"'
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
