"""Settings are read once, in the core (offer/settings.py), for the build and the command line alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from offer import settings

REPO = Path(__file__).resolve().parent.parent
ADAPTER = REPO / "hooks" / "offer_hooks.py"


def test_with_nothing_set_a_build_is_public_searchable_local_and_dated_today():
    read = settings.read({})
    assert (read.edition, read.search, read.site_url, read.edit_url, read.extra_content) == ("public", True, None, "", None)
    assert read.today == dt.date.today()
    assert read.jobs >= 1


def test_every_setting_is_read_from_its_variable(tmp_path):
    read = settings.read({
        "OFFER_EDITION": "staff", "OFFER_SEARCH": "off", "SITE_URL": "https://example.org/offer/",
        "OFFER_EDIT_URL": "https://github.com/o/r/edit/main/", "OFFER_EXTRA_CONTENT": str(tmp_path),
        "SOURCE_DATE_EPOCH": "1767225600", "OFFER_BUILD_JOBS": "3",
    })
    assert read == settings.Settings("staff", False, "https://example.org/offer/", "https://github.com/o/r/edit/main/",
                                     tmp_path.resolve(), dt.date(2026, 1, 1), 3)


@pytest.mark.parametrize("name, value, message", [
    ("OFFER_EDITION", "everything", "OFFER_EDITION is 'everything'; use one of: public, staff, preview, pull-request"),
    ("SOURCE_DATE_EPOCH", "yesterday", "SOURCE_DATE_EPOCH is 'yesterday'; use a whole number of seconds since 1970"),
    ("OFFER_BUILD_JOBS", "two", "OFFER_BUILD_JOBS is 'two'; use a whole number of processes, e.g. 1"),
    ("OFFER_BUILD_JOBS", "0", "OFFER_BUILD_JOBS is '0'; use a whole number of processes, e.g. 1"),
    ("OFFER_BUILD_JOBS", "²", "OFFER_BUILD_JOBS is '²'; use a whole number of processes, e.g. 1"),
])
def test_a_setting_that_cannot_be_used_is_one_line_naming_it(name, value, message):
    with pytest.raises(settings.SettingError) as raised:
        settings.read({name: value})
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_the_adapter_reads_no_environment_variable_itself():
    """The hooks ask the core: a setting read in two places is two rules."""
    text = ADAPTER.read_text(encoding="utf-8")
    assert "os.environ" not in text and "getenv" not in text


def test_the_build_takes_its_addresses_from_the_settings(site, tmp_path):
    """SITE_URL reaches the share links and OFFER_EDIT_URL the edit links, with no !ENV in mkdocs.yml."""
    from conftest import add_story, build

    add_story(site, "a-story")
    result = build(site, env={"SITE_URL": "https://stories.example.org/", "OFFER_EDIT_URL": "https://github.com/o/r/edit/main/"})
    page = (site.root / "site" / "case-studies" / "a-story" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://stories.example.org/case-studies/a-story/">' in page
    assert 'href="https://github.com/o/r/edit/main/case_studies/a-story.md"' in page
    assert "SITE_URL is not set" not in result.stderr
