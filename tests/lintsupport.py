"""What the card lint says of a small episode, for the tests of each of its warnings."""

from __future__ import annotations

import textwrap

from quiz.content import parse_content

HEAD = """\
episode: {id: ep, title: Infra, language: en}
speakers: [{id: zhu, name: Zhu Yibo}, {id: ann, name: Ann}]
"""


def warnings(body: str, head: str = HEAD) -> list[str]:
    """Return the warnings of the episode `head` + `body` as printed, without the file name."""
    content = parse_content((head + textwrap.dedent(body)).encode("utf-8"), "c.yaml")
    return [str(w).removeprefix("c.yaml:") for w in content.warnings]
