"""Write a synthetic Offer library: a standalone project of N valid stories, for benchmarks and scaling tests.

    python scripts/corpus.py --stories 1000 --seed 1 --out /tmp/corpus

DIR gets:

- mkdocs.yml: the repository's own config, with its hooks, overrides and
  watched folders pointing back into this repository (absolute paths);
- docs/: the repository's hand-written pages and toolkit pages, with their
  links to real stories turned into plain text;
- case_studies/: the real taxonomy.yml and N generated stories (about 600
  words each, with headings, lists and links) that pass `library.py check`.
  In the "even" corpus (the default) terms are drawn from the taxonomy with
  an uneven spread, as in real life; in the "clustered" corpus every story
  carries the same front matter (CLUSTERED_FRONT_MATTER: 8 terms, Perth and
  Kinross-wide, as 15 of the real library's 20 stories are), so every term
  page lists every story and every story is related to every other;
- plain.yml and plain_docs/: the same Markdown as a plain MkDocs + Material
  site (stories as ordinary pages under case-studies/, Material's own search,
  a small explicit navigation, no hooks), to compare builds against.

The same seed always gives the same files.

    python scripts/corpus.py --stories 1000 --corpus clustered --out /tmp/clustered
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------
# Word pools for story text (no personal data: no names, emails, phone numbers or postcodes)
# ---------------------------------------------------------------------------

PLACES = ["Aberfeldy", "Pitlochry", "Blairgowrie", "Crieff", "Kinross", "Perth", "Comrie", "Alyth", "Dunkeld",
          "Auchterarder", "Coupar Angus", "Milnathort", "Scone", "Errol", "Bridge of Earn", "Methven", "Stanley"]
GROUPS = ["a community council", "a tenants' association", "a youth forum", "a lunch club", "a men's shed",
          "a parent council", "a food larder", "a walking group", "a development trust", "a digital café",
          "a befriending service", "a community garden group", "a sports club", "a heritage society"]
ACTIVITIES = ["food deliveries", "a community garden", "a warm space", "digital skills sessions", "a repair café",
              "a school holiday programme", "a village hall upgrade", "a path network", "a community fridge",
              "a walking festival", "a job club", "a wellbeing café", "a litter-picking rota", "a toy library",
              "a climate action plan", "a participatory budgeting vote", "a local transport scheme"]
PARTNERS = ["Perth & Kinross Council", "NHS Tayside", "Police Scotland", "Live Active Leisure", "Culture Perth and Kinross",
            "Perth and Kinross Association of Voluntary Service", "Scottish Fire and Rescue Service", "Perth College UHI",
            "Skills Development Scotland", "Fairfield Housing Co-operative", "Perth and Kinross Health and Social Care Partnership",
            "Volunteer Centre Perth and Kinross", "Community Food Initiatives", "Tayside Contracts"]
TEAMS = ["Communities Team", "Community Engagement Team", "Education and Children's Services", "Housing Team",
         "Community Planning Team", "Environment Team", "Employability Team"]
VERBS = ["organised", "started", "planned", "ran", "supported", "grew", "opened", "shaped", "tested", "reviewed"]
ADJECTIVES = ["local", "small", "new", "friendly", "practical", "shared", "regular", "simple", "weekly", "open"]
NOUNS = ["volunteers", "residents", "families", "young people", "older people", "staff", "partners", "carers",
         "pupils", "neighbours", "businesses", "groups"]
CONNECTIVES = ["At first", "Over the summer", "Within a few months", "By the spring", "From the start", "Later",
               "In the end", "Along the way", "After the first meeting", "Since then"]
LINKS = ["https://www.pkc.gov.uk/article/15253/The-Perth-and-Kinross-Offer",
         "https://www.pkc.gov.uk/communityplanning",
         "https://www.gov.scot/policies/community-empowerment/",
         "https://www.placestandard.scot/"]
HEADINGS = ["What happened", "How it started", "Who was involved", "What difference it made", "What people said",
            "What others can learn", "What happens next", "Getting going", "The numbers"]

# A frozen copy of the front matter of case_studies/digital-hubs-in-libraries.md (November 2026),
# kept here because that story may be rewritten. Each clustered story gets it with a numbered title.
CLUSTERED_FRONT_MATTER = {
    "title": "Digital Hubs in libraries and the digital participation priority",
    "summary": "As services and daily life moved online, partners named digital participation as a priority "
               "and listed Digital Hubs in libraries among the work already under way.",
    "date": dt.date(2020, 12, 11),
    "kind": "partners-together",
    "themes": ["education-learning", "enabling", "equalities-empowerment-fairness"],
    "localities": ["perth-and-kinross-wide"],
    "principles": ["partnership-collaboration"],
    "priorities": ["digital-participation", "skills-learning-development"],
    "status": "published",
    "audience": "public",
    "sources": [{"title": "Revising the Local Outcomes Improvement Plan", "date": dt.date(2020, 12, 11), "reference": "G/20/162"},
                {"title": "The Perth and Kinross Offer Update, CPP Board", "date": dt.date(2020, 12, 11)}],
    "consent": {"basis": "published-papers"},
    "partners": ["Culture Perth and Kinross", "Perth and Kinross Community Planning Partnership"],
    "outcomes": ["Digital participation put forward as one of five partnership priorities",
                 "Digital Hubs in libraries listed as existing work to build on"],
    "contact": "Communities Team",
}
CORPORA = ("even", "clustered")

# How often each term turns up: real libraries are uneven, with a few busy terms and several quiet ones.
SKEW = [0.34, 0.22, 0.16, 0.12, 0.09, 0.07]


def _pick(rng: random.Random, slugs: list[str], low: int, high: int, weights=None) -> list[str]:
    """Between low and high distinct slugs, weighted, in taxonomy order."""
    weights = weights or SKEW[: len(slugs)] + [SKEW[-1]] * max(0, len(slugs) - len(SKEW))
    want = rng.randint(low, high)
    chosen: list[str] = []
    while len(chosen) < want:
        slug = rng.choices(slugs, weights=weights[: len(slugs)])[0]
        if slug not in chosen:
            chosen.append(slug)
    return [s for s in slugs if s in chosen]


def _sentence(rng: random.Random, place: str) -> str:
    return (f"{rng.choice(CONNECTIVES)}, {rng.choice(NOUNS)} in {place} {rng.choice(VERBS)} "
            f"{rng.choice(ACTIVITIES)} with {rng.choice(GROUPS)}, and {rng.choice(ADJECTIVES)} "
            f"{rng.choice(NOUNS)} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} ways to keep it going.")


def _paragraph(rng: random.Random, place: str, sentences: int) -> str:
    return " ".join(_sentence(rng, place) for _ in range(sentences))


def story_body(rng: random.Random, place: str, other_slugs: list[str]) -> str:
    """About 600 words: paragraphs under headings, a bulleted and a numbered list, and links."""
    parts = [_paragraph(rng, place, 2)]
    headings = rng.sample(HEADINGS, 4)
    for i, heading in enumerate(headings):
        parts.append(f"## {heading}")
        parts.append(_paragraph(rng, place, 3))
        if i == 0:
            parts.append("\n".join(f"- {rng.choice(NOUNS).capitalize()} {rng.choice(VERBS)} {rng.choice(ACTIVITIES)};" for _ in range(4)))
        if i == 1:
            parts.append("\n".join(f"{n}. {rng.choice(VERBS).capitalize()} {rng.choice(ACTIVITIES)} with {rng.choice(GROUPS)}." for n in range(1, 4)))
        if i == 2:
            link = rng.choice(LINKS)
            text = f"Read more about [the Offer]({link})"
            if other_slugs:
                other = rng.choice(other_slugs)
                text += f", or see [a similar story]({other}.md) from another part of the area"
            parts.append(text + ".")
        parts.append(_paragraph(rng, place, 2))
    return "\n\n".join(parts) + "\n"


def _title(rng: random.Random, place: str, n: int) -> str:
    return f"{rng.choice(NOUNS).capitalize()} {rng.choice(VERBS)} {rng.choice(ACTIVITIES)} in {place} ({n})"


def story_text(rng: random.Random, n: int, taxonomy: dict, other_slugs: list[str]) -> tuple[str, str, bool]:
    """(slug, file text, whether other stories may link to it) for story number n."""
    groups = taxonomy["groups"]
    slugs = {key: [t["slug"] for t in g["terms"]] for key, g in groups.items()}
    place = rng.choice(PLACES)
    title = _title(rng, place, n)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70].strip("-") + f"-{n}"
    date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2400))
    roll = rng.random()
    status = "draft" if roll < 0.04 else "withdrawn" if roll < 0.05 else "published"
    audience = "staff" if rng.random() < 0.03 else "public"
    localities = slugs["localities"]
    fields = {
        "title": title,
        "summary": f"{rng.choice(NOUNS).capitalize()} and {rng.choice(GROUPS)} in {place} {rng.choice(VERBS)} "
                   f"{rng.choice(ACTIVITIES)}, so that more people could take part and live life well.",
        "date": date.isoformat(),
        "kind": _pick(rng, slugs["kinds"], 1, 1)[0],
        "themes": _pick(rng, slugs["themes"], 1, 2),
        "localities": _pick(rng, localities, 1, 2 if rng.random() < 0.15 else 1),
        "principles": _pick(rng, slugs["principles"], 1, 2),
        "priorities": _pick(rng, slugs["priorities"], 0, 2),
        "status": status,
        "audience": audience,
        "sources": [{"title": f"Report to the {rng.choice(['Lifelong Learning', 'Environment, Infrastructure and Economic Development', 'Housing and Social Wellbeing'])} Committee",
                     "date": (date + dt.timedelta(days=rng.randrange(200))).isoformat(),
                     "reference": f"{date.year % 100}/{rng.randrange(1, 400)}"}],
        "consent": ({"basis": "published-papers"} if rng.random() < 0.7 else
                    {"basis": "register", "reference": f"CR-{date.year}-{rng.randrange(1, 9999):04d}",
                     "scope": audience, "review_by": "2031-06-30"}),
        "partners": rng.sample(PARTNERS, rng.randint(1, 3)),
        "outcomes": [f"{rng.randint(5, 400)} {rng.choice(NOUNS)} took part in {rng.choice(ACTIVITIES)}" for _ in range(rng.randint(1, 3))],
        "featured": rng.random() < 0.01,
        "contact": rng.choice(TEAMS),
    }
    if fields["featured"]:  # only a case study, with an outcome its source reports, is featured
        fields |= {"type": "case-study", "reported": [{"outcome": fields["outcomes"][0], "source": fields["sources"][0]["title"], "section": "2.1"}]}
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    linkable = status == "published" and audience == "public"  # in every edition, so links to it never break
    return slug, f"---\n{front}---\n\n{story_body(rng, place, other_slugs)}", linkable


def clustered_story_text(rng: random.Random, n: int, taxonomy: dict, other_slugs: list[str]) -> tuple[str, str, bool]:
    """Story number n of the clustered corpus: the frozen front matter, a numbered title, a generated body."""
    fields = CLUSTERED_FRONT_MATTER | {"title": f"{CLUSTERED_FRONT_MATTER['title']} ({n})"}
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    slug = f"digital-hubs-in-libraries-{n}"
    return slug, f"---\n{front}---\n\n{story_body(rng, rng.choice(PLACES), other_slugs)}", True


# ---------------------------------------------------------------------------
# The project and the plain site
# ---------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+\.md)(#[^)]*)?\)")


def _unlink(text: str, keep) -> str:
    """Markdown links to .md files that `keep(target)` refuses become their plain text."""
    return _LINK.sub(lambda m: m.group(0) if keep(m.group(2)) else m.group(1), text)


def _copy_docs(dest: Path, keep_link) -> None:
    """The repository's hand-written pages (and assets), links filtered by keep_link(page, target)."""
    shutil.copytree(REPO / "docs", dest, dirs_exist_ok=True)
    for page in dest.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(_unlink(text, lambda target, page=page: keep_link(page, target)), encoding="utf-8")


def project_config() -> str:
    """The repository's mkdocs.yml, pointing back at its hooks and overrides."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - hooks/offer_hooks.py", f"  - {REPO / 'hooks' / 'offer_hooks.py'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = re.sub(r"(?m)^watch:\n(  - .*\n)+", f"watch:\n  - {REPO / 'hooks'}\n  - {REPO / 'overrides'}\n", text)
    return text


def plain_config(config_text: str) -> str:
    """Plain MkDocs + Material: the same theme and Markdown, Material's search, a small nav, no hooks."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    repo = yaml.load(config_text, Loader=loader)
    theme = {k: v for k, v in repo["theme"].items() if k != "custom_dir"}
    config = {
        "site_name": repo["site_name"],
        "site_url": "http://127.0.0.1:8000/",
        "use_directory_urls": True,
        "docs_dir": "plain_docs",
        "site_dir": "plain_site",
        "theme": theme,
        "extra_css": repo["extra_css"],
        "markdown_extensions": repo["markdown_extensions"],
        "plugins": ["search"],
        "nav": [{"Home": "index.md"}, {"Case studies": "case-studies/index.md"}, {"About the Offer": "about.md"},
                {"Staff toolkit": "toolkit/index.md"}, {"Contribute a story": "contribute.md"},
                {"Accessibility": "accessibility.md"}],
        "validation": {"nav": {"omitted_files": "info"}, "links": {"not_found": "info", "unrecognized_links": "info", "anchors": "info"}},
        "extra": {"generator": False},
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def write_corpus(out: Path, stories: int, seed: int, kind: str = "even") -> list[str]:
    """Write the project at `out` (kind: one of CORPORA); return the story slugs in the order written."""
    make_story = {"even": story_text, "clustered": clustered_story_text}[kind]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("case_studies", "docs", "plain_docs"):
        shutil.rmtree(out / sub, ignore_errors=True)
    content = out / "case_studies"
    content.mkdir()
    real = (REPO / "case_studies" / "taxonomy.yml").read_text(encoding="utf-8")  # with its team set, as a library in use has
    (content / "taxonomy.yml").write_text(re.sub(r"(?m)^  team: .*$", "  team: the Offer team", real, count=1), encoding="utf-8")
    taxonomy = yaml.safe_load((REPO / "case_studies" / "taxonomy.yml").read_text(encoding="utf-8"))

    config = project_config()
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    _copy_docs(out / "docs", lambda page, target: not re.search(r"case-studies/(?!index\.md)", target))

    slugs: list[str] = []
    linkable: list[str] = []
    for n in range(1, stories + 1):
        slug, text, can_link = make_story(rng, n, taxonomy, linkable[-50:])
        (content / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
        if can_link:
            linkable.append(slug)

    plain = out / "plain_docs"
    (out / "plain.yml").write_text(plain_config(config), encoding="utf-8")
    shutil.copytree(content, plain / "case-studies", ignore=shutil.ignore_patterns("*.yml"))
    (plain / "case-studies" / "index.md").write_text("# Case studies\n\nStories of the Perth & Kinross Offer in action.\n", encoding="utf-8")
    _copy_docs(plain, lambda page, target: (page.parent / target).resolve().is_file() or (plain / target).is_file())
    return slugs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, required=True, help="how many stories")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same corpus")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write the project into")
    parser.add_argument("--corpus", choices=CORPORA, default="even", help="terms spread unevenly (even) or all alike (clustered)")
    args = parser.parse_args(argv)
    slugs = write_corpus(args.out, args.stories, args.seed, args.corpus)
    print(f"Wrote {len(slugs)} stories to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
