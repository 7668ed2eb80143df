"""Share cards: the 1200 x 630 picture a link to a page shows in social media and messages (og:image).

A card shows a page's title, a line above it (a story's first theme, a term's group),
the story's places and the site's aim line, in Atkinson Hyperlegible from a pinned
package (no network). Cards are kept in a cache outside site/ under a hash of what
they show, so a rebuild, or `make serve` after a save, draws only new or changed cards.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from .addresses import page_url, story_uri, term_uri
from .model import Library, Story

WIDTH, HEIGHT = 1200, 630
MEDIA_TYPE = "image/png"
CACHE = Path(".cache") / "cards"  # under the project folder; .gitignore leaves it out
FONT_PACKAGE = "fontpkg_atkinson_hyperlegible"
# Colours: white and yellow on dark blue, each above 7:1 (WCAG AAA); tests measure them from the pixels
BACKGROUND, TEXT, ACCENT, SOFT = (16, 42, 67), (255, 255, 255), (255, 221, 87), (214, 228, 240)
MARGIN = 72
DESIGN = "3"  # change it when the drawing changes, so cached cards are drawn again


@dataclass(frozen=True)
class ShareCard:
    page: str  # the page's src_uri, e.g. "case-studies/garden.md"
    title: str
    kicker: str  # the line above the title, e.g. "Theme: Economy"
    place: str  # a story's localities, e.g. "Highland Perthshire", or a locality's towns; may be empty
    aim: str  # the site's aim line, from the taxonomy

    @property
    def path(self) -> str:
        """Where the card is published: beside its page, e.g. "case-studies/garden/card.png"."""
        return page_url(self.page) + "card.png"

    @property
    def alt(self) -> str:
        """What the card says, in sentences, for people who cannot see it."""
        return "Share card: " + ". ".join(part for part in (f"“{self.title}”", self.kicker, self.place, self.aim) if part) + "."

    @property
    def key(self) -> str:
        """A hash of everything the card's bytes depend on."""
        shown = "\n".join((DESIGN, PIL.__version__, self.title, self.kicker, self.place, self.aim))
        return hashlib.sha256(shown.encode()).hexdigest()[:32]

    def meta(self) -> dict:
        """What overrides/main.html writes as og:image and its details (the address is made absolute there)."""
        return {"path": self.path, "alt": self.alt, "width": WIDTH, "height": HEIGHT, "type": MEDIA_TYPE}


def story_card(story: Story, library: Library) -> ShareCard:
    taxonomy = library.taxonomy
    kicker_group = next((g for g in taxonomy.paged_groups() if g is not taxonomy.card_group() and story.terms_in(g.key)), None)
    kicker = f"{kicker_group.singular}: {kicker_group.term(story.terms_in(kicker_group.key)[0]).label}" if kicker_group else ""
    places = taxonomy.card_group()
    place = ", ".join(places.term(s).label for s in story.terms_in(places.key)) if places else ""
    return ShareCard(story_uri(story.slug), story.title, kicker, place, taxonomy.aim)


def library_cards(library: Library) -> dict[str, ShareCard]:
    """src_uri -> card, for every story the edition shows that may be shared (never a staff-only one),
    and each term's first page."""
    cards = [story_card(s, library) for s in library.stories if not s.is_staff_only]
    for group in library.taxonomy.paged_groups():
        cards += [ShareCard(term_uri(group, t.slug), t.label, group.singular, ", ".join(t.places), library.taxonomy.aim) for t in group.terms]
    return {card.page: card for card in cards}


def home_card(title: str, library: Library) -> ShareCard:
    return ShareCard("index.md", title, "", "", library.taxonomy.aim)


# ---------------------------------------------------------------------------
# Publishing: from the cache, drawing only what is not there
# ---------------------------------------------------------------------------

def publish(cards, site_dir: Path, cache_dir: Path, placed: dict[str, str] | None = None) -> int:
    """Put each card in the site from the cache, drawing those the cache lacks; the number drawn.
    `placed` (under `make serve`): path -> key of the cards already in this site, left as they are."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    drawn = 0
    for card in cards:
        if placed is not None and placed.get(card.path) == card.key and (site_dir / card.path).is_file():
            continue
        cached, target = cache_dir / f"{card.key}.png", site_dir / card.path
        try:  # the usual case is one system call: a warm build links each card in its page's folder
            _place(cached, target)
        except FileNotFoundError:  # the card is not drawn yet, or its folder is not there yet
            if not cached.is_file():
                partial = cached.with_suffix(f".{os.getpid()}.part")  # renamed when whole: a stopped build leaves no half card
                partial.write_bytes(draw(card))
                partial.replace(cached)
                drawn += 1
            target.parent.mkdir(parents=True, exist_ok=True)
            _place(cached, target)
        if placed is not None:
            placed[card.path] = card.key
    return drawn


def _place(cached: Path, target: Path) -> None:
    """Put a cached card in the site: a hard link where the file system allows (no bytes copied), else a copy."""
    try:
        os.link(cached, target)
    except FileExistsError:  # the last build's file, which may be a link to a cached card: replace it, never write into it
        target.unlink()
        _place(cached, target)
    except FileNotFoundError:
        raise
    except OSError:  # another file system, or one without links
        shutil.copyfile(cached, target)


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    path = importlib.resources.files(FONT_PACKAGE) / "files" / f"AtkinsonHyperlegible-{style}.ttf"
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)  # the same bytes with or without libraqm


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Lines of at most `width` pixels; a last line that does not fit ends with an ellipsis."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = lines[: max_lines - 1] + [last + " …"]
    return lines


def _title_lines(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in three lines, else four lines at the smallest."""
    for size in (72, 62, 54):
        font = _font("Bold", size)
        lines = wrap(title, font, width, 4)
        if len(lines) <= 3:
            return font, lines
    return font, lines


@functools.lru_cache(maxsize=4)
def _base(aim: str) -> Image.Image:
    """What every card shares, drawn once: the background, the rules and the aim line."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    pen.line((MARGIN, HEIGHT - 150, WIDTH - MARGIN, HEIGHT - 150), fill=ACCENT, width=3)
    for i, line in enumerate(wrap(aim, _font("Regular", 30), WIDTH - 2 * MARGIN, 2)):
        pen.text((MARGIN, HEIGHT - 124 + i * 40), line, font=_font("Regular", 30), fill=TEXT)
    return image


def draw(card: ShareCard) -> bytes:
    """The card as PNG bytes: the same bytes for the same card (no dates or names inside)."""
    image = _base(card.aim).copy()
    pen = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    y = 64
    if card.kicker:
        for line in wrap(card.kicker, _font("Bold", 34), width, 1):
            pen.text((MARGIN, y), line, font=_font("Bold", 34), fill=ACCENT)
        y += 62
    font, lines = _title_lines(card.title, width)
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=TEXT)
        y += int(font.size * 1.18)
    if card.place:
        for line in wrap(card.place, _font("Regular", 36), width, 1):
            pen.text((MARGIN, y + 14), line, font=_font("Regular", 36), fill=SOFT)
    # a few colours keep the file small: anti-aliased edges need no more than 32 shades
    small = image.quantize(colors=32, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
