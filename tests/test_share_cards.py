"""Share cards (issue 27): each page's og:image, read back as a social site would, and measured from its pixels."""

from __future__ import annotations

import shutil
from pathlib import Path

import extruct
import lxml.html
from PIL import Image

from conftest import EPOCH, EXTRA_STORIES, add_edition_corpus, add_story, build, built_page, story_text

SITE_URL = "https://offer.example.org/library/"
ENV = {"SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": EPOCH}


def share_tags(html: str) -> dict[str, str]:
    """The page's Open Graph tags as extruct (a real Open Graph reader) finds them, and its twitter:card."""
    found = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"]
    tags = found[0] if found else {}
    twitter = lxml.html.fromstring(html).xpath('//meta[@name="twitter:card"]/@content')
    return tags | ({"twitter:card": twitter[0]} if twitter else {})


def luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_contrasts(image: Image.Image) -> list[float]:
    """For each band of rows with anything on the background, the contrast of its commonest colour (its ink) with the background."""
    image = image.convert("RGB")
    background = max(image.getcolors(1 << 16))[1]
    inked = [y for y in range(image.height) if image.crop((0, y, image.width, y + 1)).getcolors(1 << 16) != [(image.width, background)]]
    bands, start = [], None
    for y, next_y in zip(inked, inked[1:] + [None]):
        start = y if start is None else start
        if next_y != y + 1:
            bands.append((start, y + 1))
            start = None
    ratios = []
    for top, bottom in bands:
        colours = sorted(image.crop((0, top, image.width, bottom)).getcolors(1 << 16), reverse=True)
        ink = next(colour for count, colour in colours if colour != background)
        ratios.append(contrast(ink, background))
    return ratios


def check_card(site: Path, html: str, page: str, site_url: str = SITE_URL) -> Path:
    """The page's card passes every check: tags, address, file, size, bytes and contrast. Returns the card's file."""
    tags = share_tags(html)
    assert tags.get("twitter:card") == "summary_large_image", page
    image_url = tags["og:image"]
    assert image_url.startswith(site_url) and image_url.endswith(".png"), (page, image_url)
    assert (tags["og:image:type"], tags["og:image:width"], tags["og:image:height"]) == ("image/png", "1200", "630")
    alt = tags["og:image:alt"]
    assert alt.endswith(".") and " " in alt and not alt.endswith(".png."), alt  # a sentence, not a file name
    path = site / image_url.removeprefix(site_url)
    assert path.stat().st_size <= 150_000, f"{page}: card is {path.stat().st_size} bytes"
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
        ratios = text_contrasts(image)
    assert len(ratios) >= 3 and min(ratios) >= 4.5, f"{page}: contrast of each line of text {ratios}"
    return path


def test_every_public_story_and_term_has_a_card_and_no_draft_or_staff_story_has_one(site):
    add_edition_corpus(site)
    build(site, "public", env=ENV)
    out = site.root / "site"
    story_pages = sorted((out / "case-studies").glob("*/index.html"))
    stories = [p for p in story_pages if 'property="og:type" content="article"' in p.read_text(encoding="utf-8")]
    assert [p.parent.name for p in stories] == ["open-story"]
    for page in stories + [out / "index.html", out / "themes" / "economy" / "index.html", out / "localities" / "highland-perthshire" / "index.html"]:
        check_card(out, page.read_text(encoding="utf-8"), str(page.relative_to(out)))
    cards = sorted(str(p.relative_to(out)) for p in out.rglob("*.png") if p.name == "card.png")
    assert not [c for c in cards if "secret-draft" in c or "staff-only-story" in c or "gone-story" in c], cards
    assert "og:image" not in share_tags(built_page(site, "case-studies/gone-story"))  # a withdrawn story's notice


def test_every_story_of_the_real_library_has_a_card_and_the_draft_and_staff_story_none(every_edition):
    """The real stories with a draft and a staff-only story beside them (conftest.EXTRA_STORIES), as mkdocs.yml's address gives."""
    public = every_edition["public"]
    stories = [p for p in sorted((public / "case-studies").glob("*/index.html")) if 'content="article"' in p.read_text(encoding="utf-8")]
    assert len(stories) >= 10
    for page in stories:
        check_card(public, page.read_text(encoding="utf-8"), page.parent.name, "http://127.0.0.1:8000/")
    for slug in ("a-draft-story", "a-staff-story"):
        assert slug in EXTRA_STORIES and not (public / "case-studies" / slug).exists()
    assert not (every_edition["staff"] / "case-studies" / "a-staff-story" / "card.png").exists()
    assert "og:image" not in share_tags((every_edition["staff"] / "case-studies" / "a-staff-story" / "index.html").read_text(encoding="utf-8"))


def test_a_staff_story_has_no_card_even_in_the_staff_edition(site):
    add_edition_corpus(site)
    build(site, "staff", env=ENV)
    out = site.root / "site"
    assert "og:image" not in share_tags(built_page(site, "case-studies/staff-only-story"))
    assert not (out / "case-studies" / "staff-only-story" / "card.png").exists()
    check_card(out, built_page(site, "case-studies/open-story"), "open-story")


def test_a_draft_has_a_card_only_in_an_edition_that_shows_it(site):
    add_edition_corpus(site)
    build(site, "pull-request", env=ENV)
    check_card(site.root / "site", built_page(site, "case-studies/secret-draft"), "secret-draft")
    assert not (site.root / "site" / "case-studies" / "staff-only-story").exists()


def test_cards_are_the_same_bytes_in_two_builds_and_a_rebuild_draws_only_a_changed_one(site):
    add_story(site, "first-story")
    add_story(site, "second-story", story_text(title="A second story about a lunch club in Crieff"))
    cache = site.root / ".cache" / "cards"
    build(site, env=ENV, site_dir=site.root / "one")
    shutil.rmtree(cache)
    build(site, env=ENV, site_dir=site.root / "two")
    one = {p.relative_to(site.root / "one"): p.read_bytes() for p in (site.root / "one").rglob("card.png")}
    two = {p.relative_to(site.root / "two"): p.read_bytes() for p in (site.root / "two").rglob("card.png")}
    assert one == two and len(one) > 10

    drawn_before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    add_story(site, "second-story", story_text(title="A second story about a lunch club in Comrie"))
    build(site, env=ENV, site_dir=site.root / "three")
    drawn_after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    new = set(drawn_after) - set(drawn_before)
    assert len(new) == 1, new  # the changed story's card; every other one came from the cache unchanged
    assert all(drawn_after[name] == stamp for name, stamp in drawn_before.items())
    card = site.root / "three" / "case-studies" / "second-story" / "card.png"
    assert card.read_bytes() == (cache / new.pop()).read_bytes()


def test_a_missing_font_package_stops_the_build_with_one_line(site, tmp_path):
    """As when .venv predates the font's wheel: one line saying what to run, no traceback."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "fontpkg_atkinson_hyperlegible.py").write_text(
        'raise ModuleNotFoundError("No module named \'fontpkg_atkinson_hyperlegible\'", name="fontpkg_atkinson_hyperlegible")\n')
    add_story(site, "a-story")
    result = build(site, env={"PYTHONPATH": str(shim)}, fails=True)
    assert "the share cards' font is missing (fontpkg_atkinson_hyperlegible); run make setup" in result.stderr
    assert "Traceback" not in result.stderr
