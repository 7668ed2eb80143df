"""Whatever bytes a story file holds, the check answers with problems, never a traceback."""

from __future__ import annotations

import random

from conftest import VALID_STORY, add_story, check

SNIPPETS = ["&a", "*a", "!!python/object:os.system", "\t", "---", ": ", "[", "{", "'", '"', "\\", "\0",
            "\ufeff", "\r\n", "no", "2025-13-01", "- ", "? ", "|", ">", "%YAML 1.1", "~", "<script>", "\xff"]


def mutations(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        text = VALID_STORY
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text))
            if rng.random() < 0.3:
                text = text[:at] + text[at + rng.randint(1, 20):]  # delete a few characters
            else:
                text = text[:at] + rng.choice(SNIPPETS) + text[at:]
        yield text


def test_mutated_stories_never_raise(project):
    for n, text in enumerate(mutations(seed=2026, count=400)):
        path = add_story(project, "fuzzed")
        path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
        content = check(project)  # must not raise
        for problem in content.problems:
            assert problem.path == "case_studies/fuzzed.md"
            assert problem.line >= 1 and problem.field and problem.message, (n, problem)
        assert content.ok == (len(content.stories) == 1), (n, text)
