"""One citation table: every paper key cited in code and report is in it, and the report lists
every paper of it."""

from __future__ import annotations

import re

from conftest import REPO

from spinnet.citations import BY_STEM, CITATIONS

CITED = re.compile(r"\[([A-Z][A-Za-z]+\d{4}|SpinSN)\]")
SOURCES = ["micromag", "surrogate", "network", "spinnet", "workflow"]


def sources():
    for folder in SOURCES:
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in (".py", ".smk", ".rst", ".yaml") and path.is_file():
                yield path


def test_every_cited_key_is_in_the_table_and_no_file_cites_a_text_file_by_name():
    cited = set()
    for path in sources():
        text = path.read_text()
        cited.update(CITED.findall(text))
        for stem in BY_STEM:
            assert f"{stem}.txt" not in text, f"{path}: cite [{BY_STEM[stem].key}], not {stem}.txt"
    assert cited == set(CITATIONS), f"cited {sorted(cited)}, table {sorted(CITATIONS)}"


def test_report_lists_each_paper_as_the_table_writes_it():
    landing = (REPO / "workflow" / "report" / "workflow.rst").read_text()
    for citation in CITATIONS.values():
        assert f"- {citation.reference()}" in landing, citation.key


def test_reference_gives_what_the_text_gives_and_nothing_else():
    cao = CITATIONS["Cao2023"].reference()
    assert cao.startswith("[Cao2023] Z. Cao, S. Zhang") and cao.endswith(
        "IEEE Trans. Electron Devices (2023), doi:10.1109/TED.2023.3327031")
    spin = CITATIONS["SpinSN"].reference()
    assert "authors not in the stored text" in spin and "doi" not in spin
    assert {c.stem for c in CITATIONS.values()} == set(BY_STEM)
