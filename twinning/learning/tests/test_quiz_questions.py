"""Grading of each kind of question (partial credit, negative credit clipped, wildcards, tolerance and the
Greek decimal comma, matching) and the checks of ``Question.data``."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from twinning.learning import questions


def q(kind, data):
    return SimpleNamespace(kind=kind, data=questions.clean_data(kind, data), pk=1)


MC = {"answers": [{"text": "Athens", "fraction": "1"}, {"text": "Sparta", "fraction": "-0.5"},
                  {"text": "Thebes", "fraction": "0.5"}], "shuffle": True}  # fmt: skip


def test_multichoice_partial_and_negative_credit_clipped():
    question = q("multichoice", MC)
    assert questions.fraction(question, 0) == 1
    assert questions.fraction(question, 2) == Decimal("0.5")
    assert questions.fraction(question, 1) == 0  # -0.5 clipped
    assert questions.fraction(question, None) == 0


def test_multianswer_sums_and_clips():
    question = q("multianswer", {"answers": [{"text": "a", "fraction": "0.5"}, {"text": "b", "fraction": "0.5"},
                                             {"text": "c", "fraction": "-1"}]})  # fmt: skip
    assert questions.fraction(question, [0, 1]) == 1
    assert questions.fraction(question, [0]) == Decimal("0.5")
    assert questions.fraction(question, [0, 2]) == 0
    with pytest.raises(ValueError):
        questions.clean_data(
            "multianswer", {"answers": [{"text": "a", "fraction": "0.5"}, {"text": "b", "fraction": "0"}]}
        )


def test_truefalse():
    question = q("truefalse", {"correct": False})
    assert questions.fraction(question, False) == 1 and questions.fraction(question, True) == 0


def test_shortanswer_wildcards_case_and_best_match():
    question = q("shortanswer", {"answers": [{"text": "Nik*kis", "fraction": "1"}, {"text": "*", "fraction": "0.1"}]})
    assert questions.fraction(question, "nikos kazantzakis ltd") == Decimal("0.1")  # "kis" must end it
    assert questions.fraction(question, "  nikolakis ") == 1
    assert questions.fraction(question, "someone") == Decimal("0.1")
    strict = q("shortanswer", {"answers": [{"text": "Zeus", "fraction": "1"}], "case_sensitive": True})
    assert questions.fraction(strict, "zeus") == 0 and questions.fraction(strict, "Zeus") == 1
    dots = q("shortanswer", {"answers": [{"text": "a.b", "fraction": "1"}]})
    assert questions.fraction(dots, "axb") == 0  # only * is special


def test_numerical_tolerance_and_greek_comma():
    question = q("numerical", {"answers": [{"value": "3.14", "tolerance": "0.01", "fraction": "1"},
                                           {"value": "3", "tolerance": "0.5", "fraction": "0.5"}]})  # fmt: skip
    assert questions.fraction(question, "3,15") == 1
    assert questions.fraction(question, "3.1") == Decimal("0.5")
    assert questions.fraction(question, "4") == 0
    assert questions.fraction(question, "pi") == 0
    with pytest.raises(ValueError):
        questions.clean_data("numerical", {"answers": [{"value": "x", "fraction": "1"}]})


def test_matching_counts_real_pairs_and_ignores_distractors():
    question = q("matching", {"pairs": [{"question": "Greece", "answer": "Athens"},
                                        {"question": "Italy", "answer": "Rome"},
                                        {"question": "", "answer": "Paris"}]})  # fmt: skip
    options = questions.choices(question.data)
    assert options == ["Athens", "Rome", "Paris"]
    assert questions.fraction(question, {"0": 0, "1": 1}) == 1
    assert questions.fraction(question, {"0": 0, "1": 2}) == Decimal("0.5")
    with pytest.raises(ValueError):  # a distractor is not a pair to answer
        questions.read_answer("matching", question.data, [], {"2": ["0"]})
    with pytest.raises(ValueError):
        questions.read_answer("matching", question.data, [], {"0": ["7"]})


def test_read_answer_refuses_choices_that_do_not_exist():
    data = questions.clean_data("multichoice", MC)
    assert questions.read_answer("multichoice", data, ["2"], {}) == 2
    for bad in (["3"], ["-1"], ["x"], ["0", "1"]):
        with pytest.raises(ValueError):
            questions.read_answer("multichoice", data, bad, {})
    with pytest.raises(ValueError):
        questions.read_answer("truefalse", {"correct": True}, ["maybe"], {})


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("multichoice", {"answers": [{"text": "only", "fraction": "1"}]}),
        ("multichoice", {"answers": [{"text": "a", "fraction": "0.5"}, {"text": "b", "fraction": "0"}]}),
        ("multichoice", {"answers": [{"text": "a", "fraction": "2"}, {"text": "b", "fraction": "0"}]}),
        ("truefalse", {"correct": "yes"}),
        ("shortanswer", {"answers": []}),
        ("numerical", {"answers": [{"value": "1", "tolerance": "-1", "fraction": "1"}]}),
        ("matching", {"pairs": [{"question": "a", "answer": "b"}]}),
        ("essay", {}),
    ],
)
def test_clean_data_refuses(kind, data):
    with pytest.raises(ValueError):
        questions.clean_data(kind, data)


def test_clean_data_normalises():
    data = questions.clean_data(
        "multichoice",
        {
            "answers": [
                {"text": "<script>x</script><b>A</b>", "fraction": "1.0"},
                {"text": "B", "fraction": "0.33333333"},
            ]
        },
    )
    assert data["answers"][0]["fraction"] == "1" and "script" not in data["answers"][0]["text"]
    assert data["answers"][1]["fraction"] == "0.3333333"
