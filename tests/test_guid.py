"""quiz.apkg.guid_for gives the GUIDs genanki.guid_for gives: a note's identity in Anki."""

from __future__ import annotations

import random

import genanki

from quiz.apkg import base91, guid_for


def genanki_digits(n: int) -> str:
    """Return `n` in genanki's base 91, as genanki.guid_for writes its hash."""
    out = []
    while n > 0:
        out.append(genanki.util.BASE91_TABLE[n % 91])
        n //= 91
    return "".join(reversed(out))


def test_guid_for_is_genanki_guid_for() -> None:
    rng = random.Random(0)
    alphabet = "abcxyz-_:0123456789 é中文「」\U0001f600"
    values = [("ep", "qa", "q-1"), ("", "", ""), ("a",), ("a", "b"), ("__", "_", "")]
    for _ in range(20_000):
        count = rng.randint(1, 4)
        values.append(tuple("".join(rng.choices(alphabet, k=rng.randint(0, 30)))
                            for _ in range(count)))
    for parts in values:
        assert guid_for(*parts) == genanki.guid_for(*parts), parts


def test_the_digits_are_genanki_s_at_every_length() -> None:
    rng = random.Random(1)
    edges = [0, 1, 90, 91, 92, 8280, 8281, 8282, 2**64 - 1]
    edges += [91**k + d for k in range(1, 10) for d in (-1, 0, 1)]
    edges += [rng.randrange(2**64) >> rng.randrange(64) for _ in range(20_000)]
    for n in edges:
        assert base91(n) == genanki_digits(n), n
