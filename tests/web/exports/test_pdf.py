"""The PDF export read back: its text, its fonts and page 1 as an image."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.fixture
def pdf_note(app, signed_in, draft) -> int:
    app.config["PRACTICE_NAME"] = "Riverside Counselling"
    signed_in.post(
        "/profile",
        {"full_name": "Ann Example", "credentials": "LCSW", "time_zone": "America/Chicago"},
    )
    note_id = draft["note_id"]
    signed_in.save(
        note_id,
        date="2026-11-28",
        duration_minutes="50",
        topics="work stress and conflict with her sister",
        quotes="I always mess up",
        interventions="thought record\ncognitive restructuring",
        client_response="appeared tearful when discussing work\nreported improved sleep\n"
        "identified two alternative thoughts",
        risk="Denies SI, HI; no self-harm since last session",
        homework="sleep diary",
        plan="next session in one week\nreview the thought record",
    )
    signed_in.sign(note_id)
    signed_in.post(f"/notes/{note_id}/addenda", {"text": "Session ran 45 minutes, not 50."})
    return note_id


def _pdf(signed_in, note_id: int) -> bytes:
    response = signed_in.client.get(f"/notes/{note_id}/export.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def test_pdf_reads_as_a_signed_clinical_document(signed_in, pdf_note):
    reader = PdfReader(io.BytesIO(_pdf(signed_in, pdf_note)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0].startswith("Riverside Counselling")
    for expected in (
        "SOAP progress note",
        "Client Jo Smith",
        "Client code C-001",
        "Session date 2026-11-28",
        "Duration 50 minutes",
        "CPT time band 90834 (38-52 minutes)",
        "Subjective",
        "Observed behaviour and presentation",
        "• appeared tearful when discussing work",
        "Risk assessment",
        "Electronically signed",
        "Addenda",
        "| Session ran 45 minutes, not 50.",
    ):
        assert any(line.startswith(expected) for line in lines), expected
    # The signature in the signer's zone (America/Chicago: CST), not UTC.
    assert re.search(
        r"Signed by Ann Example, LCSW at \d{4}-\d\d-\d\d \d\d:\d\d CST \(America/Chicago\)", text
    )
    assert re.search(r"Addendum by Ann Example at .* CST \(America/Chicago\):", text)
    assert f"Page 1 of {len(reader.pages)}" in text


def test_pdf_headings_are_bold_in_the_embedded_unicode_font(signed_in, pdf_note):
    page = PdfReader(io.BytesIO(_pdf(signed_in, pdf_note))).pages[0]
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert {f.split("+")[-1] for f in fonts} == {"DejaVuSansBook", "DejaVuSansBold"}


def test_pdf_counts_pages_on_every_page(signed_in, draft):
    note_id = draft["note_id"]
    long = "\n".join(f"topic number {i} discussed at length" for i in range(120))
    signed_in.save(note_id, date="2026-11-28", topics=long)
    signed_in.sign(note_id)
    reader = PdfReader(io.BytesIO(_pdf(signed_in, note_id)))
    total = len(reader.pages)
    assert total >= 2
    for n, page in enumerate(reader.pages, start=1):
        assert f"Page {n} of {total}" in page.extract_text()


def test_pdf_page_one_renders_to_an_image(signed_in, pdf_note, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils (make test installs it)")
    (tmp_path / "note.pdf").write_bytes(_pdf(signed_in, pdf_note))
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(tmp_path / "note.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    if os.environ.get("NOTEWELL_WRITE_DOCS"):  # the README shows it; a test run leaves docs/ be
        (DOCS / "note-pdf.png").write_bytes(png)
