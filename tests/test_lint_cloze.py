"""The card lint: a cloze in a question, and a cloze of one character."""

from __future__ import annotations

import pytest
from lintsupport import warnings


@pytest.mark.parametrize("text", ["Is there still room for newcomers?",
                                  "普通开发者还有机会参与AI Infra吗",
                                  "普通开发者,还有机会参与AI Infra吗?"])
def test_a_cloze_in_a_question(text: str) -> None:
    found = warnings(f"""\
        quotes:
          - {{id: q1, by: ann, text: "{text}", cloze: [{text[2:5]}]}}
        """)
    assert len(found) == 1
    assert found[0].endswith("quotes[0].cloze[0]: a cloze in a question: blanking part of a"
                             " question teaches nothing; drop its cloze phrases, and ask what"
                             " was answered")


def test_a_cloze_of_one_character() -> None:
    found = warnings("""\
        quotes:
          - {id: q1, by: zhu, text: 只有最难的事才是护城河。, cloze: [难, 护城河]}
        """)
    assert found == [
        "4:51: warning: quotes[0].cloze[0]: the cloze phrase '难' is one character: blank the"
        " term that carries the meaning"]


def test_a_question_without_a_cloze_is_fine() -> None:
    assert warnings("""\
        quotes:
          - {id: q1, by: ann, text: Is there still room for newcomers?}
        """) == []
