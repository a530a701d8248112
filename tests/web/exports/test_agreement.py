"""Preview, Markdown, PDF, JSON and FHIR render the same template, so they say the same thing."""

from __future__ import annotations

import base64
import html
import io
import json
import re

import pytest
from pypdf import PdfReader

FORMATS = ("soap", "dap", "birp", "girp", "plain")
FIELDS = {
    "topics": "work stress",
    "interventions": "thought record",
    "client_response": "appeared tearful\nreported improved sleep\nfound reframing useful",
    "quotes": "I always mess up",
    "homework": "sleep diary",
    "plan": "next session in one week\nreview coping plan",
    "risk": "Denies SI, HI",
}


def _flat(text: str) -> str:
    return " ".join(text.replace("\\", "").split())


@pytest.fixture(params=FORMATS)
def signed_format(request, signed_in, draft):
    note_id = draft["note_id"]
    signed_in.save(
        note_id, format=request.param, date="2026-11-28", duration_minutes="50", **FIELDS
    )
    signed_in.sign(note_id)
    return note_id, request.param


def test_agreement_every_export_holds_the_same_sections(signed_in, signed_format):
    note_id, fmt = signed_format
    get = signed_in.client.get
    data = json.loads(get(f"/notes/{note_id}/export.json").data)
    assert data["format"] == fmt
    page = html.unescape(get(f"/notes/{note_id}").text)
    preview = re.search(r'<pre class="preview" id="preview"[^>]*>(.*?)</pre>', page, re.S).group(1)
    assert preview == data["text"]  # the review page's preview is the exported text
    pdf = PdfReader(io.BytesIO(get(f"/notes/{note_id}/export.pdf").data))
    bundle = json.loads(get(f"/notes/{note_id}/export.fhir").data)
    divs = [f"{s['title']} {s['text']['div']}" for s in bundle["entry"][0]["resource"]["section"]]
    attached = bundle["entry"][1]["resource"]["content"][0]["attachment"]["data"]
    assert base64.b64decode(attached).decode("utf-8").startswith(data["text"])
    documents = {
        "fhir": _flat(html.unescape(re.sub(r"<[^>]+>", " ", " ".join(divs)))),
        "preview": _flat(preview),
        "markdown": _flat(get(f"/notes/{note_id}/export.md").get_data(as_text=True)),
        "pdf": _flat(" ".join(p.extract_text() for p in pdf.pages)),
    }
    for name, text in documents.items():
        for section in data["sections"]:
            assert section["heading"] in text, (name, section["heading"])
            for part in section["parts"]:
                assert part["label"] in text, (name, part["label"])
                for line in part["lines"]:
                    assert _flat(line) in text, (name, line)
