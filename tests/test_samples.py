"""docs/samples is current: the committed sample summaries equal what the demo's records give today."""

from pathlib import Path

import pytest
from docx import Document

from gonghui.core.demo import DemoContext, run_seeders
from gonghui.reports.summary.samples import SAMPLE_SEED, SAMPLE_TODAY, write_samples

SAMPLES = Path(__file__).resolve().parent.parent / "docs" / "samples"


@pytest.mark.django_db
def test_the_committed_samples_are_current(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    run_seeders(DemoContext(today=SAMPLE_TODAY, seed=SAMPLE_SEED, out=lambda _text: None))
    fresh = write_samples(tmp_path / "samples", SAMPLE_TODAY)
    assert {p.name for p in fresh} == {p.name for p in SAMPLES.iterdir() if p.suffix in (".md", ".docx")}
    for path in fresh:
        committed = SAMPLES / path.name
        if path.suffix == ".md":
            assert path.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
                f"{committed} is out of date: run `make samples`"
            )
        else:
            texts = [[p.text for p in Document(str(f)).paragraphs] for f in (path, committed)]
            assert texts[0] == texts[1], f"{committed} is out of date: run `make samples`"
