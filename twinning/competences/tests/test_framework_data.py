"""Consistency checks for the self-reflection questionnaire data (no database needed)."""

import re
from collections import Counter

import pytest

from twinning.competences import framework_data as fd

EXPECTED_COMPETENCES = {
    1: ["1.1", "1.2", "1.3", "1.4"],
    2: ["2.1", "2.2", "2.3"],
    3: ["3.1", "3.2", "3.3", "3.4"],
    4: ["4.1", "4.2", "4.3"],
    5: ["5.1", "5.2", "5.3"],
    6: ["6.1", "6.2", "6.3", "6.4", "6.5"],
}
EXPECTED_DISTRIBUTION = {
    "1.1": 1, "1.2": 2, "1.3": 1, "1.4": 2,
    "2.1": 2, "2.2": 2, "2.3": 1,
    "3.1": 2, "3.2": 1, "3.3": 2, "3.4": 1,
    "4.1": 2, "4.2": 1, "4.3": 1,
    "5.1": 2, "5.2": 1, "5.3": 2,
    "6.1": 1, "6.2": 1, "6.3": 2, "6.4": 1, "6.5": 1,
}  # fmt: skip
# Opening words of the statement for level 1..6 (A1..C2), English and Greek.
STEMS_EN = [
    ("I am aware",),
    ("I have tried",),
    ("I use",),
    ("I analyse", "I choose", "I select"),
    ("I reflect",),
    ("I initiate", "I lead"),
]
STEMS_EL = [
    ("Γνωρίζω",),
    ("Έχω δοκιμάσει",),
    ("Χρησιμοποιώ",),
    ("Επιλέγω", "Αναλύω"),
    ("Αναστοχάζομαι",),
    ("Αναλαμβάνω", "Ηγούμαι", "Συντονίζω", "Καθοδηγώ"),
]
GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
LATIN = re.compile(r"[A-Za-z]")
MAX_LEN = 300

ALL_COMPETENCES = [c for area in fd.AREAS for c in area["competences"]]
COMPETENCE_CODES = [c["code"] for c in ALL_COMPETENCES]


def greek_texts():
    """Every Greek text in the module, with a label saying where it is."""
    for number, code, _en, el in fd.LEVELS:
        yield f"level {number} {code}", el
    for area in fd.AREAS:
        yield f"area {area['number']} name", area["name_el"]
        yield f"area {area['number']} description", area["description_el"]
        for comp in area["competences"]:
            yield f"competence {comp['code']}", comp["name_el"]
    for item in fd.ITEMS:
        yield f"item {item['code']} prompt", item["prompt_el"]
        for i, text in enumerate(item["statements_el"], start=1):
            yield f"item {item['code']} statement {i}", text


def test_levels():
    assert [lv[0] for lv in fd.LEVELS] == [1, 2, 3, 4, 5, 6]
    assert [lv[1] for lv in fd.LEVELS] == ["A1", "A2", "B1", "B2", "C1", "C2"]
    assert [lv[2] for lv in fd.LEVELS] == ["Newcomer", "Explorer", "Integrator", "Expert", "Leader", "Pioneer"]
    assert len({lv[3] for lv in fd.LEVELS}) == 6


def test_six_areas_with_the_expected_competences():
    assert [a["number"] for a in fd.AREAS] == [1, 2, 3, 4, 5, 6]
    for area in fd.AREAS:
        assert [c["code"] for c in area["competences"]] == EXPECTED_COMPETENCES[area["number"]]
        for key in ("name_en", "name_el", "description_en", "description_el"):
            assert area[key].strip(), (area["number"], key)
    assert len(COMPETENCE_CODES) == 22
    assert len(set(COMPETENCE_CODES)) == 22


def test_competence_names_present_and_unique():
    for comp in ALL_COMPETENCES:
        assert comp["name_en"].strip() and comp["name_el"].strip(), comp["code"]
    assert len({c["name_en"] for c in ALL_COMPETENCES}) == 22
    assert len({c["name_el"] for c in ALL_COMPETENCES}) == 22


def test_32_items_with_the_expected_distribution():
    assert len(fd.ITEMS) == 32
    assert Counter(item["competence"] for item in fd.ITEMS) == EXPECTED_DISTRIBUTION


def test_item_codes_unique_and_consistent():
    codes = [item["code"] for item in fd.ITEMS]
    assert len(set(codes)) == len(codes)
    running = Counter()
    for item in fd.ITEMS:
        assert item["competence"] in COMPETENCE_CODES
        running[item["competence"]] += 1
        assert item["code"] == f"{item['competence']}.{running[item['competence']]}"


def test_items_in_area_then_competence_order():
    order = [COMPETENCE_CODES.index(item["competence"]) for item in fd.ITEMS]
    assert order == sorted(order)


@pytest.mark.parametrize("item", fd.ITEMS, ids=lambda item: item["code"])
def test_item_texts(item):
    assert item["prompt_en"].strip() and item["prompt_el"].strip()
    for key in ("statements_en", "statements_el"):
        statements = item[key]
        assert isinstance(statements, tuple)
        assert len(statements) == 6, key
        assert all(s.strip() for s in statements), key
        assert len(set(statements)) == 6, f"duplicate statement in {key}"
        for s in statements:
            assert len(s) <= MAX_LEN, s
            assert s == s.strip()
            assert s.endswith("."), s


@pytest.mark.parametrize("item", fd.ITEMS, ids=lambda item: item["code"])
def test_statements_follow_the_level_stems(item):
    for level, (en, el) in enumerate(zip(item["statements_en"], item["statements_el"], strict=True), start=1):
        assert en.startswith(tuple(stem + " " for stem in STEMS_EN[level - 1])), (level, en)
        assert el.startswith(tuple(stem + " " for stem in STEMS_EL[level - 1])), (level, el)


def test_english_stems_do_not_leak_into_other_levels():
    # A statement for one level must not open with another level's stem.
    for item in fd.ITEMS:
        for level, text in enumerate(item["statements_en"], start=1):
            for other, stems in enumerate(STEMS_EN, start=1):
                if other != level:
                    assert not text.startswith(tuple(s + " " for s in stems)), (item["code"], level, text)


def test_greek_texts_are_greek_without_latin():
    for label, text in greek_texts():
        assert GREEK.search(text), label
        assert not LATIN.search(text), (label, text)


def test_english_texts_have_no_greek():
    texts = [lv[2] for lv in fd.LEVELS]
    for area in fd.AREAS:
        texts += [area["name_en"], area["description_en"]] + [c["name_en"] for c in area["competences"]]
    for item in fd.ITEMS:
        texts += [item["prompt_en"], *item["statements_en"]]
    for text in texts:
        assert not GREEK.search(text), text
