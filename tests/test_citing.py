"""Citing (issue 5): the bibliography, citations in pages, cite-this boxes, scholarly metadata, the
machine-readable export, CITATION.cff, and the published anchors and change record."""

import functools
import importlib.util
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from sitetools import ROOT, build, copy_project

from derivations import get
from derivations.bibliography import BibliographyError, entries, labels_of, parse
from derivations.export import derivation_record, schema
from site_build import paths, published
from site_build.citations import CitationError, resolve
from site_build.derivations_bundle import load_bundle
from site_build.markers import page_url

DOCS = ROOT / "docs"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
# The records the build embeds (verified in a fresh interpreter and cached, as the build does it).
RECORDS = {i: entry["record"] for i, entry in load_bundle(paths.CACHE).items() if "record" in entry}


@functools.cache
def soup(site: Path, src_uri: str) -> BeautifulSoup:
    """A built page, parsed once per site (the tests only read it)."""
    return BeautifulSoup((site / page_url(src_uri) / "index.html").read_text(encoding="utf-8"), "html.parser")


def content_pages() -> list[str]:
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


# --- The bibliography -------------------------------------------------------------------------

BIB = """% a comment
@article{smith2001,
  author = {Smith, Jane and Doe, John},
  title = {A {GPU} study}, journal = {Journal of Things}, volume = {3}, number = {2}, pages = {10--20},
  year = {2001}, doi = {10.1000/xyz},
}
@misc{smith2001b,
  author = "Smith, Jane and Doe, John", title = "Another", year = 2001, eprint = {2101.00001},
}
@book{roe1990, author = {Roe, Richard}, title = {One author}, publisher = {Press}, year = {1990}, url = {https://example.org/b}}
@misc{lee2020, author = {Lee, A. and Kim, B. and Park, C.}, title = {Three}, year = {2020}, eprint = {2001.00002}}
"""


def test_entries_are_read_with_fields_names_and_links():
    bib = parse(BIB)
    assert list(bib) == ["smith2001", "smith2001b", "roe1990", "lee2020"]
    first = bib["smith2001"]
    assert first.get("title") == "A GPU study"  # protective braces dropped
    assert first.authors == "Smith, J., & Doe, J."
    assert first.venue == "Journal of Things 3(2), 10–20"
    assert first.url == "https://doi.org/10.1000/xyz"
    assert bib["smith2001b"].url == "https://arxiv.org/abs/2101.00001"
    assert bib["roe1990"].url == "https://example.org/b" and bib["roe1990"].line == 10


def test_labels_follow_author_count_and_disambiguate_by_letter():
    labels = labels_of(parse(BIB))
    assert labels["roe1990"] == "Roe, 1990"
    assert labels["lee2020"] == "Lee et al., 2020"
    assert (labels["smith2001"], labels["smith2001b"]) == ("Smith & Doe, 2001a", "Smith & Doe, 2001b")


@pytest.mark.parametrize("text, message", [
    ("@misc{x2001, author = {A, B}, title = {T}, year = {2001}, doi = {1}}\n\n"
     "@misc{x2001, author = {C, D}, title = {U}, year = {2001}, doi = {2}}", ":3: key 'x2001' is already used on line 1"),
    ("@misc{x2001, author = {A, B}, title = {T}, year = {2001}}", ":1: entry 'x2001' needs a doi"),
    ("@misc{x2001, title = {T}, year = {2001}, doi = {1}}", ":1: entry 'x2001' has no author"),
    ("@misc{Xyz, author = {A, B}, title = {T}, year = {2001}, doi = {1}}", ":1: key 'Xyz' should be"),
    ("@misc{x2001, author = {A, B}, title = {T, year = {2001}}", ":1: entry is not closed"),
])
def test_a_malformed_entry_is_reported_with_file_and_line(text, message):
    with pytest.raises(BibliographyError) as caught:
        parse(text, "refs.bib")
    assert f"refs.bib{message}" in str(caught.value)


def test_every_derivation_cites_entries_of_the_bibliography():
    bib = entries()
    for record in RECORDS.values():
        assert record["references"], record["id"]
        for reference in record["references"]:
            entry = bib[reference["key"]]
            assert (reference["title"], reference["year"], reference["url"]) == (entry.get("title"), int(entry.get("year")), entry.url)
            assert reference["doi"] or reference["arxiv"], reference["key"]


def test_every_bibliography_entry_is_cited_somewhere():
    cited = {r["key"] for record in RECORDS.values() for r in record["references"]}
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    cited |= set(re.findall(r"@([a-z]+\d{4}[a-z]?)\b", text))
    assert set(entries()) - cited == set()


# --- Citations in a page ----------------------------------------------------------------------

def test_citations_become_links_and_are_collected_in_order():
    cited = []
    line = resolve("As @cox1958 showed [@lin2017; @lin2020], not `[@nobody2000]` or a@b.com.", "p.md:3", cited)
    assert sorted(cited) == ["cox1958", "lin2017", "lin2020"]
    assert '<a class="mld-cite" href="#ref-cox1958">Cox (1958)</a> showed' in line
    assert '(<a class="mld-cite" href="#ref-lin2017">Lin et al., 2017</a>; <a class="mld-cite" href="#ref-lin2020">' in line
    assert "`[@nobody2000]`" in line and "a@b.com" in line


def test_an_unknown_key_names_page_and_line():
    with pytest.raises(CitationError, match=r"p\.md:7: unknown reference key 'nobody2000'"):
        resolve("See [@nobody2000].", "p.md:7", [])


def test_every_page_lists_exactly_the_works_it_cites(site):
    for src_uri in content_pages():
        page = soup(site, src_uri)
        targets = {a["href"][1:] for a in page.select("a.mld-cite")}
        listed = {li["id"] for li in page.select("ul.mld-references li")}
        assert targets == listed, src_uri
        for li in page.select("ul.mld-references li"):
            assert li.find("a", href=re.compile(r"^https://(doi\.org|arxiv\.org/abs)/|^https://")), li
            assert re.search(r"\(\d{4}\)\.", li.get_text()), li.get_text()
        prose = "".join(text for text in page.find_all(string=True) if not text.find_parent(["pre", "code"]))
        assert "[@" not in prose, src_uri  # (citations inside code are examples, left alone)


def test_a_derivations_sources_are_in_its_pages_references(site):
    for derivation_id, src_uri in published.embedded(DOCS).items():
        listed = {li["id"] for li in soup(site, src_uri).select("ul.mld-references li")}
        assert {f"ref-{r['key']}" for r in RECORDS[derivation_id]["references"]} <= listed


# --- Cite this page, cite this derivation, metadata -----------------------------------------

def bibtex_fields(block: str) -> dict[str, str]:
    return dict(re.findall(r"^\s*(\w+)\s*= \{(.*)\},?$", block, re.M))


def test_every_page_has_scholar_and_opengraph_metadata(site):
    for src_uri in content_pages():
        page = soup(site, src_uri)
        meta = {m.get("name") or m.get("property"): m["content"] for m in page.find_all("meta") if m.get("content")}
        url = SITE_URL + page_url(src_uri)
        assert meta["citation_title"] == page.h1.get_text().rstrip("¶").strip(), src_uri
        assert meta["citation_author"] == "The ML Derived contributors"
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", meta["citation_publication_date"])
        assert meta["citation_public_url"] == url == meta["og:url"]
        assert meta["og:title"] == meta["citation_title"] and meta["og:description"] == meta["description"]


def test_every_page_has_a_cite_this_page_section(site):
    for src_uri in content_pages():
        page = soup(site, src_uri)
        heading = page.find(id="cite-this-page")
        assert heading, src_uri
        bibtex, text = [block.get_text() for block in heading.find_all_next("pre", limit=2)]
        fields = bibtex_fields(bibtex)
        assert bibtex.startswith("@misc{mlderived")
        assert fields["url"] == SITE_URL + page_url(src_uri)
        assert fields["author"] == "{The ML Derived contributors}"
        assert text.startswith("The ML Derived contributors. (") and SITE_URL + page_url(src_uri) in text


def test_every_derivation_has_a_cite_box_with_id_version_anchor_and_date(site):
    for derivation_id, src_uri in published.embedded(DOCS).items():
        page = soup(site, src_uri)
        record = RECORDS[derivation_id]
        box = next(d for d in page.select("details.quote") if f"mlderived-{derivation_id}," in d.get_text())
        assert box.summary.get_text() == "Cite this derivation"
        bibtex, text = [pre.get_text() for pre in box.find_all("pre")]
        fields = bibtex_fields(bibtex)
        assert fields["url"] == f"{SITE_URL}{page_url(src_uri)}#{derivation_id}"
        assert page.find(id=derivation_id), "the cited anchor exists"
        assert fields["version"] == record["version"]
        history = published.versions()[derivation_id]
        assert f"Derivation {derivation_id}, version {record['version']}. Last changed {history[-1]['date']}" in fields["note"]
        assert f"[Derivation {derivation_id}, version {record['version']}]" in text


def test_bibtex_of_a_title_keeps_its_capitals_and_escapes_tex():
    from site_build.citations import Citable

    entry = Citable("k", "SELU's constants & a GPU", "https://x/", "2026-01-02").bibtex()
    assert "title        = {{SELU}'s constants \\& a {GPU}}" in entry
    assert "The ML Derived contributors. (2026, January 2). SELU's constants & a GPU. ML Derived. https://x/" == \
        Citable("k", "SELU's constants & a GPU", "https://x/", "2026-01-02").text()


def test_every_equation_has_a_link_to_its_own_anchor(site):
    for derivation_id, src_uri in published.embedded(DOCS).items():
        page = soup(site, src_uri)
        for number, step in enumerate(RECORDS[derivation_id]["steps"], start=1):
            link = page.find("a", class_="mld-eqlink", href=f"#{step['anchor']}")
            assert link and link["aria-label"] == f"Link to equation ({number})", step["anchor"]


# --- Machine-readable -------------------------------------------------------------------------

def test_the_site_publishes_every_derivation_in_the_export_format(site):
    document = json.loads((site / "derivations.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema())
    assert {d["id"] for d in document["derivations"]} == set(RECORDS)
    assert json.loads((site / "derivations" / "sigmoid-derivative.json").read_text()) == derivation_record(get("sigmoid-derivative"))
    for derivation_id, record in RECORDS.items():
        assert json.loads((site / "derivations" / f"{derivation_id}.json").read_text(encoding="utf-8")) == record
        assert f"\\label{{{record['steps'][0]['anchor']}}}" in (site / "derivations" / f"{derivation_id}.tex").read_text()
    assert json.loads((site / "derivations" / "versions.json").read_text()) == published.versions()
    assert (site / "references.bib").read_text(encoding="utf-8") == (ROOT / "src/derivations/references.bib").read_text(encoding="utf-8")


def test_each_derivation_block_links_its_json(site):
    for derivation_id, src_uri in published.embedded(DOCS).items():
        page_dir = site / page_url(src_uri)
        links = [a["href"] for a in soup(site, src_uri).select(".mld-derivation a[href]") if a["href"].endswith(f"{derivation_id}.json")]
        assert links and (page_dir / links[0]).resolve() == (site / "derivations" / f"{derivation_id}.json").resolve()


# --- CITATION.cff -----------------------------------------------------------------------------

def test_citation_cff_is_valid_against_the_cff_1_2_schema():
    package = Path(importlib.util.find_spec("cffconvert").submodule_search_locations[0])
    cff_schema = json.loads((package / "schemas" / "1.2.0" / "schema.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(cff_schema, format_checker=jsonschema.FormatChecker()).validate(citation)
    assert citation["cff-version"] == "1.2.0" and citation["url"] == SITE_URL
    with pytest.raises(jsonschema.ValidationError):  # the schema is really applied
        jsonschema.Draft7Validator(cff_schema).validate({**citation, "authors": "nobody"})


# --- Published anchors, redirects and the change record ----------------------------------------

def test_the_published_records_match_the_site():
    assert published.problems(DOCS, RECORDS) == []


def test_the_published_anchors_all_exist_in_the_built_site(site):
    for address in published.recorded_anchors():
        target = published.follow(address, published.redirects())
        page, _, anchor = target.partition("#")
        html = (site / page.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in html, address


@pytest.fixture
def records_folder(tmp_path):
    folder = tmp_path / "published"
    shutil.copytree(ROOT / "published", folder)
    return folder


def renamed(record: dict, old: str, new: str) -> dict:
    steps = [{**s, "key": new, "anchor": s["anchor"].replace(old, new)} if s["key"] == old else s for s in record["steps"]]
    return {**record, "steps": steps}


def test_renaming_a_published_anchor_fails_until_a_redirect_is_added(records_folder):
    records = {**RECORDS, "focal-loss": renamed(RECORDS["focal-loss"], "one-hundredth", "a-hundredth")}
    found = published.problems(DOCS, records, records_folder)
    assert "published anchor /losses/focal-loss/#focal-loss-one-hundredth is gone: restore it or add a redirect" in found[0]
    assert any("new anchor /losses/focal-loss/#focal-loss-a-hundredth is not recorded" in p for p in found)
    (records_folder / "redirects.yml").write_text(
        "/losses/focal-loss/#focal-loss-one-hundredth: /losses/focal-loss/#focal-loss-a-hundredth\n")
    published.update(DOCS, records, records_folder)
    assert published.problems(DOCS, records, records_folder) == []
    (records_folder / "redirects.yml").write_text("/losses/focal-loss/#focal-loss-one-hundredth: /losses/focal-loss/#nowhere\n")
    assert published.problems(DOCS, records, records_folder) == [
        "published anchor /losses/focal-loss/#focal-loss-one-hundredth is redirected to /losses/focal-loss/#nowhere, "
        "which does not exist"]


def test_a_moved_page_redirects_its_anchors():
    moved = {"/old/": "/losses/focal-loss/"}
    assert published.follow("/old/#focal-loss", moved) == "/losses/focal-loss/#focal-loss"
    with pytest.raises(published.PublishedError, match="circle"):
        published.follow("/a/", {"/a/": "/b/", "/b/": "/a/"})


def test_a_new_version_is_reported_until_recorded_then_dated(records_folder):
    record = {**RECORDS["sigmoid-derivative"], "version": "0123456789ab"}
    records = {**RECORDS, "sigmoid-derivative": record}
    assert published.problems(DOCS, records, records_folder) == [
        "derivation sigmoid-derivative has version 0123456789ab, not recorded in published/versions.json: run ./dev record"]
    before = published.versions(records_folder)["sigmoid-derivative"][-1]
    published.update(DOCS, records, records_folder)
    history = published.versions(records_folder)["sigmoid-derivative"]
    assert history[-1]["version"] == "0123456789ab" and history[-2] == before
    change = published.change(history, "0123456789ab")
    assert (change.previous, change.recorded) == (before["version"], True)


def test_a_changed_derivation_shows_its_change_and_the_build_reports_it(tmp_path):
    project = copy_project(tmp_path / "project")
    history_file = project / "published" / "versions.json"
    history = json.loads(history_file.read_text())
    history["focal-loss"] = [{"version": "feedfacecafe", "date": "2026-01-05"}]
    history_file.write_text(json.dumps(history))
    # The day of the change is the build's "today": later than every commit, so it is the page's last change.
    result = build(project, tmp_path / "site", SOURCE_DATE_EPOCH="1893456000")  # 2030-01-01
    assert result.returncode == 0, result.stderr
    assert "derivation focal-loss changed: version" in result.stderr and "was feedfacecafe (recorded 2026-01-05)" in result.stderr
    page = soup(tmp_path / "site", "losses/focal-loss.md")
    assert "Changed on 2030-01-01; the previous version was feedfacecafe." in page.get_text()
    assert "Last changed 2030-01-01" in page.find(id="cite-this-page").find_next("pre").get_text()


def test_a_hand_typed_references_section_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "losses" / "focal-loss.md"
    page.write_text(page.read_text() + "\n## References\n\n- Someone (2000).\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    line = page.read_text().split("\n").index("## References") + 1
    assert f"losses/focal-loss.md:{line}: the references section is generated" in result.stderr


def test_an_unknown_citation_key_fails_the_build_with_page_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "losses" / "focal-loss.md"
    lines = page.read_text().split("\n")
    number = lines.index("## In practice") + 3
    lines[number - 1] += " See [@nobody1999]."
    page.write_text("\n".join(lines))
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"losses/focal-loss.md:{number}: unknown reference key 'nobody1999'" in result.stderr
