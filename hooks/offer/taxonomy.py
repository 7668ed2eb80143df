"""The vocabulary: groups of terms read from the taxonomy YAML file."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import safe_yaml
from .problems import Problem
from .slugs import SLUG

MAP_SIZE = 12  # squares across and down the schematic map, at most
TILE_KEYS = ("x", "y", "width", "height")


@dataclass(frozen=True)
class Tile:
    """A term's place on a schematic map, in whole squares: x from the west, y from the north."""
    x: int
    y: int
    width: int
    height: int

    def squares(self) -> set[tuple[int, int]]:
        return {(x, y) for x in range(self.x, self.x + self.width) for y in range(self.y, self.y + self.height)}


@dataclass(frozen=True)
class Term:
    group: str
    slug: str
    label: str
    description: str
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    wide: bool = False  # covers the whole area (Perth and Kinross-wide), shown apart from the localities
    tile: Tile | None = None  # where the term sits on the "at a glance" map
    default: bool = False  # a story that names no term of its group has this one
    needs_reported: bool = False  # a story with this term must list an outcome its sources report (validate.py)


GLANCE_PARTS = ("map", "rows", "columns", "bars")  # how the "At a glance" page can show a group


@dataclass(frozen=True)
class Group:
    """A group of terms, and what it does: everything the code knows of a group is declared here."""
    key: str
    label: str
    singular: str
    description: str
    terms: tuple[Term, ...]
    field: str | None = None  # the story field that uses this group; None for vocabulary-only groups
    path: str | None = None  # URL segment of its term pages; None: no pages
    many: bool = True  # a story takes a list of terms (False: exactly one)
    required: bool = True  # a story must have at least one
    feeds: bool = False  # each term gets an Atom feed (needs path)
    filter: bool = True  # a filter on the library page (needs path)
    card: bool = False  # the terms shown on a story's card, e.g. its places
    badge: bool = False  # its term's label leads a story's card and page, e.g. "Case study"
    glance: tuple[str, ...] = ()  # its parts of the "At a glance" page, from GLANCE_PARTS
    open_data: bool = True  # open data has its slugs and labels columns
    toolkit: bool = False  # toolkit pages may name terms of it too (optional there)

    @property
    def help(self) -> str:
        """What a story's field holds, in a few words (the template and the JSON Schema)."""
        if self.default_term:
            return f"one {self.singular.lower()}; without it, {self.default_term.slug}"
        if not self.required:
            return f"{self.label}, if any"
        return f"one {self.singular.lower()}" if not self.many else f"one or more {self.label.lower()}"

    def term(self, slug: str) -> Term | None:
        return self._by_slug.get(slug)

    @property
    def default_term(self) -> Term | None:
        return next((t for t in self.terms if t.default), None)

    @functools.cached_property
    def _by_slug(self) -> dict[str, Term]:
        return {t.slug: t for t in self.terms}

    @property
    def slugs(self) -> list[str]:
        return [t.slug for t in self.terms]

    @property
    def mapped_terms(self) -> list[Term]:
        """Terms drawn on the map, in taxonomy order (none if the group has no map)."""
        return [t for t in self.terms if t.tile]

    def suggest(self, value: str) -> tuple[Term, str] | None:
        """The term a writer probably meant by `value`, with the reason, from this group only."""
        wanted = _normal(value)
        for term in self.terms:
            if wanted in (_normal(term.label), *map(_normal, term.aliases)):
                return term, ""
        for term in self.terms:
            for place in term.places:
                if wanted == _normal(place):
                    return term, f"{place} is in {term.label}"
        names = {_normal(t.slug): t for t in self.terms} | {_normal(t.label): t for t in self.terms}
        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
        return (names[close[0]], "") if close else None


TEAM_UNSET = "the team that looks after this library"  # site: team until the council sets it


@dataclass(frozen=True)
class Taxonomy:
    aim: str
    groups: dict[str, Group] = field(default_factory=dict)
    council_domains: tuple[str, ...] = ()  # email domains the personal data check trusts
    team: str = TEAM_UNSET  # site: team, the team that owns the library and the toolkit, as a sentence says it
    team_line: int = 1  # its line in the taxonomy file

    @property
    def team_is_set(self) -> bool:
        return self.team != TEAM_UNSET

    def story_groups(self) -> list[Group]:
        """Groups a story names terms of (those with a field), in taxonomy order."""
        return [g for g in self.groups.values() if g.field]

    def paged_groups(self) -> list[Group]:
        """Groups whose terms get their own pages."""
        return [g for g in self.groups.values() if g.path and g.field]

    def filter_groups(self) -> list[Group]:
        return [g for g in self.paged_groups() if g.filter]

    def feed_groups(self) -> list[Group]:
        return [g for g in self.paged_groups() if g.feeds]

    def card_group(self) -> Group | None:
        return next((g for g in self.story_groups() if g.card), None)

    def badge_group(self) -> Group | None:
        return next((g for g in self.story_groups() if g.badge), None)

    def glance(self, part: str) -> list[Group]:
        """The groups shown as `part` (one of GLANCE_PARTS) of the "At a glance" page."""
        return [g for g in self.story_groups() if part in g.glance]


def _is_tile(value) -> bool:
    """Whole squares inside the map: x and y from 0, width and height from 1."""
    if not (isinstance(value, dict) and set(value) == set(TILE_KEYS) and all(type(value[k]) is int for k in TILE_KEYS)):
        return False
    return (value["x"] >= 0 and value["y"] >= 0
            and 1 <= value["width"] <= MAP_SIZE - value["x"] and 1 <= value["height"] <= MAP_SIZE - value["y"])


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower().replace("&", " and ")).strip()


# ---------------------------------------------------------------------------
# Loading and checking the taxonomy file itself
# ---------------------------------------------------------------------------

class TaxonomyError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def load_taxonomy(path: Path, display: str | None = None, reserved: frozenset[str] = frozenset()) -> Taxonomy:
    """Read the taxonomy file; raise TaxonomyError listing every problem in it.

    `reserved`: field names stories already have, which no group may take."""
    display = display or str(path)
    try:
        parsed = safe_yaml.parse(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise TaxonomyError([Problem(display, 1, "taxonomy", "the taxonomy file is missing")]) from None
    except (UnicodeDecodeError, safe_yaml.YamlError) as exc:
        raise TaxonomyError([Problem(display, getattr(exc, "line", 1), "taxonomy", getattr(exc, "message", "the file is not UTF-8 text"))]) from None
    reader = _TaxonomyReader(display, parsed.lines, reserved)
    taxonomy = reader.read(parsed.data)
    if reader.problems:
        raise TaxonomyError(reader.problems)
    return taxonomy


FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")
GROUP_FLAGS = {"many": True, "required": True, "feeds": False, "filter": True, "card": False, "badge": False, "open_data": True, "toolkit": False}
GROUP_KEYS = {"label", "singular", "description", "terms", "field", "path", "glance", *GROUP_FLAGS}


class _TaxonomyReader:
    def __init__(self, display: str, lines: dict, reserved: frozenset[str] = frozenset()):
        self.reserved = reserved
        self.display = display
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: tuple, message: str) -> None:
        line = next((self.lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in self.lines), 1)
        self.problems.append(Problem(self.display, line, ".".join(map(str, path)) or "taxonomy", message))

    def text(self, data: dict, path: tuple, key: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(path + (key,), f"needs a {key} (text)")
            return ""
        return value.strip()

    def read(self, data) -> Taxonomy:
        if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
            self.problem((), 'the file must have a "groups:" section')
            return Taxonomy(aim="")
        groups = {key: self.group(key, value) for key, value in data["groups"].items()}
        self.check_unique(groups.values(), "field")
        self.check_unique(groups.values(), "path")
        self.check_one_each(groups.values())
        domains = self.words(data, (), "council_email_domains")
        return Taxonomy(aim=self.text(data, (), "aim"), groups=groups, council_domains=tuple(d.lower() for d in domains),
                        team=self.team(data), team_line=self.lines.get(("site", "team"), 1))

    def team(self, data: dict) -> str:
        """site: team, the name the pages give the team that owns the library (the default until it is set)."""
        site = data.get("site")
        if site is None:
            return TEAM_UNSET
        if not isinstance(site, dict):
            self.problem(("site",), "site must hold settings below it, indented, e.g. team: the Offer team")
            return TEAM_UNSET
        return self.text(site, ("site",), "team") or TEAM_UNSET

    def group(self, key: str, data) -> Group:
        path = ("groups", key)
        if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
            self.problem(path, "each group needs a label and a list of terms")
            return Group(key, key, key, "", ())
        terms = tuple(self.term(key, t, path + ("terms", i)) for i, t in enumerate(data["terms"]))
        seen: set[str] = set()
        for i, term in enumerate(terms):
            if term.slug in seen:
                self.problem(path + ("terms", i, "slug"), f'slug "{term.slug}" is used twice in {key}; slugs must be unique within a group')
            seen.add(term.slug)
        if any(t.tile for t in terms):
            self.check_map(terms, data["terms"], path)
        for i in [i for i, t in enumerate(terms) if t.default][1:]:
            self.problem(path + ("terms", i, "default"), f"only one term of {key} can be the default; {terms[i].label} is the second")
        group = Group(
            key=key,
            label=self.text(data, path, "label"),
            singular=self.text(data, path, "singular"),
            description=self.text(data, path, "description"),
            terms=terms,
            **self.declarations(key, data, path),
        )
        if group.default_term and group.required:  # the check refuses a story without the field before a default could apply
            at = next(i for i, t in enumerate(terms) if t.default)
            self.problem(path + ("terms", at, "default"), f"{key} is required, so every story names its own and a default is never used; "
                                                          f"remove default: true, or add required: false to the group")
        return group

    def declarations(self, key: str, data: dict, path: tuple) -> dict:
        """What a group declares it does: each declaration checked, then checked against the others."""
        for name in sorted(set(data) - GROUP_KEYS, key=str):
            close = difflib.get_close_matches(str(name), sorted(GROUP_KEYS), n=1, cutoff=0.7)
            hint = f'; did you mean "{close[0]}"?' if close else f"; a group may have: {', '.join(sorted(GROUP_KEYS))}"
            self.problem(path + (name,), f'"{name}" is not something a group can declare{hint}')
        declared = {"field": self.name(data, path, "field"), "path": self.name(data, path, "path"), "glance": self.glance(data, path)}
        declared |= {name: self.flag(data, path, name, default) for name, default in GROUP_FLAGS.items()}
        if not declared["field"]:  # without a field no story names these terms: nothing to page, show or filter
            for name in [n for n in ("path", "glance", "card", "toolkit") if declared[n]]:
                self.problem(path + (name,), f"{name} needs a field: add field: {key} (the story field that names these terms), or remove {name}")
        if declared["feeds"] and not declared["path"]:
            self.problem(path + ("feeds",), f"feeds: true needs term pages; add path: {key}, or set feeds: false")
        return declared

    def name(self, data: dict, path: tuple, key: str) -> str | None:
        """A group's field or path: lower-case letters, digits and hyphens (or underscores, for a field)."""
        value = data.get(key)
        if value is None:
            return None
        rule = SLUG if key == "path" else FIELD_NAME
        if not isinstance(value, str) or not rule.fullmatch(value):
            allowed = "letters, digits and hyphens" if key == "path" else "letters, digits and underscores"
            self.problem(path + (key,), f"{key} must be lower-case {allowed}, e.g. {path[-1]}; found {value!r}")
            return None
        if key == "field" and value in self.reserved:
            self.problem(path + (key,), f'"{value}" is already a field every story has for something else; choose another, e.g. field: {path[-1]}')
            return None
        return value

    def flag(self, data: dict, path: tuple, key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(path + (key,), f"{key} must be true or false; found {value!r}")
            return default
        return value

    def glance(self, data: dict, path: tuple) -> tuple[str, ...]:
        value = data.get("glance", [])
        parts = [value] if isinstance(value, str) else value
        if not isinstance(parts, list) or not all(p in GLANCE_PARTS for p in parts):
            self.problem(path + ("glance",), f"glance must be one or more of: {', '.join(GLANCE_PARTS)} (e.g. glance: [map, columns]); found {value!r}")
            return ()
        return tuple(parts)

    def term(self, group: str, data, path: tuple) -> Term:
        if not isinstance(data, dict):
            self.problem(path, "each term needs a slug, label and description")
            return Term(group, "", "", "")
        slug = self.text(data, path, "slug")
        if slug and not SLUG.fullmatch(slug):
            self.problem(path + ("slug",), f'slug "{slug}" must be lower-case letters, digits and hyphens')
        return Term(
            group=group,
            slug=slug,
            label=self.text(data, path, "label"),
            description=self.text(data, path, "description"),
            aliases=self.words(data, path, "aliases"),
            places=self.words(data, path, "places"),
            wide=data.get("wide") is True,
            tile=self.tile(data, path),
            default=data.get("default") is True,
            needs_reported=data.get("needs_reported") is True,
        )

    def tile(self, data: dict, path: tuple) -> Tile | None:
        if "tile" not in data:
            return None
        value = data["tile"]
        if not _is_tile(value):
            self.problem(path + ("tile",), f"tile must be whole squares within a {MAP_SIZE} by {MAP_SIZE} map, "
                         "x and y from 0 (west and north), width and height from 1, e.g. tile: {x: 0, y: 0, width: 2, height: 1}; "
                         f"found {value!r}")
            return None
        return Tile(**value)

    def check_map(self, terms, written: list, path: tuple) -> None:
        """Once one term has a tile, every term but the area-wide ones needs one, and no two may overlap."""
        taken: dict[tuple[int, int], str] = {}
        for i, term in enumerate(terms):
            where = path + ("terms", i, "tile")
            has_tile = isinstance(written[i], dict) and "tile" in written[i]  # a wrong tile is reported once, by tile()
            if term.wide and has_tile:
                self.problem(where, f"{term.label} covers the whole area and is shown apart from the map; remove its tile")
            elif not term.wide and not has_tile:
                self.problem(where, f"{term.label} needs a tile on the map like the others, e.g. tile: {{x: 0, y: 0, width: 1, height: 1}}")
            elif term.tile:
                clash = next((taken[sq] for sq in sorted(term.tile.squares()) if sq in taken), None)
                if clash:
                    self.problem(where, f"{term.label}'s tile overlaps {clash}'s; tiles must not share squares")
                taken.update(dict.fromkeys(term.tile.squares(), term.label))

    def words(self, data: dict, path: tuple, key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path + (key,), f"{key} must be a list of words, e.g. [one, two]")
            return ()
        return tuple(value)

    def check_one_each(self, groups) -> None:
        """At most one group shows on cards, and one each as the map, the grid's rows and its columns."""
        for part, where in (("card", "card"), ("badge", "badge"), ("map", "glance"), ("rows", "glance"), ("columns", "glance")):
            having = [g.key for g in groups if (getattr(g, part) if part == where else part in g.glance)]
            shown = {"card": "shown on cards", "badge": "the badge"}.get(part, "the " + part)
            for key in having[1:]:
                self.problem(("groups", key, where), f"only one group can be {shown}; {having[0]} already is")

    def check_unique(self, groups, attribute: str) -> None:
        seen: dict[str, str] = {}
        for group in groups:
            value = getattr(group, attribute)
            if value and value in seen:
                self.problem(("groups", group.key, attribute), f'{attribute} "{value}" is also used by group {seen[value]}')
            seen[value] = group.key
