"""GIFT and Moodle XML parsing and writing, without the database: every kind in both formats (escapes,
feedback, partial credit, categories, text formats), Windows line endings and a byte-order mark, the rows
not imported, warnings, and malformed files reported line by line; writing and reading back gives the
same questions."""

from pathlib import Path

import pytest

from twinning.learning import qformats
from twinning.learning.qformats import common, gift, moodle_xml

SAMPLES = Path(__file__).parent / "samples"


def _read(name: str, **kwargs):
    return qformats.parse((SAMPLES / name).read_bytes(), filename=name, **kwargs)


def _by_name(result) -> dict:
    return {q["name"]: q for q in result.questions}


# --- GIFT ---------------------------------------------------------------------------------------------------


def test_the_gift_sample_gives_every_kind_with_categories_feedback_and_credits():
    fmt, result = _read("qformat_bank.gift")
    assert fmt == "gift" and result.errors == []
    questions = _by_name(result)
    assert len(result.questions) == 12
    assert {q["kind"] for q in result.questions} == set(common.KINDS)

    password = questions["Ισχυρός κωδικός"]
    assert password["kind"] == "multichoice" and password["line"] == 6
    assert password["category_path"] == ["top", "Ενότητα 1: Ασφάλεια στο διαδίκτυο"]
    answers = password["data"]["answers"]
    assert answers[0] == {"text": "T7#qp!v2=Lm9", "fraction": "1", "feedback": "Σωστά: μήκος, σύμβολα και αριθμοί."}
    assert [a["fraction"] for a in answers] == ["1", "0", "0.25", "0"]
    assert password["general_feedback"] == "Ένας ισχυρός κωδικός έχει τουλάχιστον 12 χαρακτήρες."
    assert password["text"] == "<p>Ποιος από τους παρακάτω κωδικούς είναι ο πιο ισχυρός;</p>"

    data = questions["Προσωπικά δεδομένα"]
    assert data["kind"] == "multianswer"
    assert [a["fraction"] for a in data["data"]["answers"]] == ["0.5", "0.5", "-1"]

    gdpr = questions["GDPR και σχολεία"]["data"]
    assert gdpr == {"correct": True, "feedback_true": "Σωστά!", "feedback_false": "Ο κανονισμός ισχύει για κάθε φορέα."}
    assert questions["Απάντηση με ψευδές"]["data"]["correct"] is False

    platform = questions["Πλατφόρμα"]
    assert platform["kind"] == "shortanswer" and platform["category_path"] == ["top", "Ενότητα 2: Εργαλεία"]
    assert [(a["text"], a["fraction"]) for a in platform["data"]["answers"]] == [
        ("TwinSpace", "1"), ("Twin Space", "1"), ("Twinspace του έργου", "0.5")
    ]  # fmt: skip

    assert questions["Ο αριθμός π"]["data"]["answers"] == [
        {"value": "3.14", "tolerance": "0.005", "fraction": "1", "feedback": "Ο π είναι περίπου 3,14159."}
    ]
    assert questions["Διάρκεια"]["data"]["answers"][0] == {
        "value": "5", "tolerance": "1", "fraction": "1", "feedback": ""
    }  # fmt: skip
    year = questions["Έτος ίδρυσης"]
    assert [(a["value"], a["tolerance"], a["fraction"]) for a in year["data"]["answers"]] == [
        ("2005", "0", "1"), ("2005", "2", "0.5")
    ]  # fmt: skip
    assert year["general_feedback"] == "Το eTwinning ξεκίνησε το 2005."

    capitals = questions["Πρωτεύουσες"]["data"]["pairs"]
    assert capitals[0] == {"question": "Ελλάδα", "answer": "Αθήνα"}
    assert capitals[-1] == {"question": "", "answer": "Μαδρίτη"}  # a distractor

    symbols = questions["Σύμβολα στο κείμενο"]
    assert "<strong>GIFT</strong> γράφουμε { και }" in symbols["text"] and "script" not in symbols["text"]
    assert [a["text"] for a in symbols["data"]["answers"]] == ["Το = (ίσον)", "Το # (δίεση)", "Το : (άνω τελεία)"]

    markdown = questions["Κείμενο markdown"]["text"]
    assert "&lt;b&gt;δεν&lt;/b&gt;" in markdown and "<br>Νέα γραμμή." in markdown

    missing_word = [q for q in result.questions if "_____" in q["text"]]
    assert len(missing_word) == 1 and missing_word[0]["kind"] == "shortanswer"


def test_gift_descriptions_and_essays_are_reported_not_dropped():
    _fmt, result = _read("qformat_bank.gift")
    assert [(row.line, row.name) for row in result.skipped] == [
        (59, "Το ακόλουθο είναι απλό κείμενο περιγραφής, χωρίς απαντήσεις."),
        (61, "Δοκίμιο"),
    ]
    assert "essay" in result.skipped[1].reason


def test_windows_line_endings_and_a_byte_order_mark():
    content = (SAMPLES / "qformat_windows.gift").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content
    fmt, result = qformats.parse(content, filename="bank.txt")
    assert fmt == "gift" and result.errors == []
    assert [(q["line"], q["kind"]) for q in result.questions] == [(3, "multichoice"), (5, "truefalse")]
    assert result.questions[0]["category_path"] == ["top", "Ελληνικά"]
    assert result.questions[0]["data"]["answers"][0]["text"] == "Αθήνα"


def test_gift_formats_and_escapes():
    source = (
        "::A\\:B::[plain]Line one\\nline <two> \\{x\\}{=yes\\~ok#right \\# here ~no}\n\n"
        '::H::[html]<p onclick="x()">Hi <em>there</em></p>{TRUE}\n\n'
        "::Back::[moodle]a \\\\ b{T}\n"
    )
    result = gift.parse(source)
    assert result.errors == []
    first, second, third = result.questions
    assert first["name"] == "A:B"
    assert first["text"] == "<p>Line one<br>line &lt;two&gt; {x}</p>"
    assert first["data"]["answers"][0] == {"text": "yes~ok", "fraction": "1", "feedback": "right # here"}
    assert second["text"] == "<p>Hi <em>there</em></p>"
    assert third["text"] == "<p>a \\ b</p>"


def test_gift_numeric_feedback_for_other_answers_is_a_warning():
    result = gift.parse("::N::How many?{#=3:0#Right ~#Count again}")
    assert result.errors == [] and result.questions[0]["data"]["answers"][0]["value"] == "3"
    assert "line 1" in str(result.warnings[0])


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("::Q::First{=a ~b\n\n::R::Second{=c ~d}", 1, "not closed"),
        ("// a comment\n\n::Q::Text {=a ~b}}", 3, "only one set of answers"),
        ("::Q::Text } {=a ~b}", 1, "never opened"),
        ("\n\n::Q::Text\n{=a {~b}", 4, "inside the answers"),
        ("::Q::Pick{~%50%a ~%20%b ~c}", 1, "must add up to 100%"),
        ("::Q::Pick{=a ~%150%b}", 1, "between -100% and 100%"),
        ("::Q::Capital?{Paris}", 1, "T, TRUE, F or FALSE"),
        ("::Q::Number{#abc}", 1, "not a number"),
        ("::Q::Range{#5..1}", 1, "not a number"),
        ("::Q::Match{=a -> 1 =b}", 1, "question -> answer"),
        ("::Q::Match{=a -> 1}", 1, "at least 2 pairs"),
        ("::Q::One{=only}\n\n::Q2::Choice{~a ~b}", 3, "must add up to 100%"),
        ("::Q unclosed title {T}", 1, "title"),
    ],
)
def test_malformed_gift_is_reported_with_its_line(source, line, words):
    result = gift.parse(source)
    assert result.errors, source
    assert result.errors[0].line == line and words in result.errors[0].message, str(result.errors[0])
    assert str(result.errors[0]).startswith(f"line {line}: ")


def test_the_gift_credit_error_reads_as_the_author_needs():
    result = gift.parse("// bank\n\n\n::Q::Pick all{~%50%a ~%20%b ~c}")
    assert str(result.errors[0]) == (
        "line 4: the answers' credits of a multiple-answer question must add up to 100% (they add up to 70%)."
    )


def test_an_upload_must_be_utf8_text_of_at_most_5_mb():
    with pytest.raises(common.FormatError, match="not UTF-8 text"):
        qformats.parse("::Q::Ερώτηση{T}".encode("cp1253"), filename="bank.gift")
    with pytest.raises(common.FormatError, match="larger than 5 MB"):
        qformats.parse(b"a" * (qformats.MAX_BYTES + 1))


# --- Moodle XML ---------------------------------------------------------------------------------------------


def test_the_moodle_xml_sample_gives_every_kind():
    fmt, result = _read("qformat_bank.xml")
    assert fmt == "xml" and result.errors == []
    questions = _by_name(result)
    assert {q["kind"] for q in result.questions} == set(common.KINDS)

    password = questions["Strong password"]
    assert password["line"] == 15 and str(password["default_points"]) == "2.00"
    assert password["category_path"] == ["top", "Default for ICT course", "Unit 1: Safety"]
    assert [a["fraction"] for a in password["data"]["answers"]] == ["1", "0", "0.3333333"]
    assert password["data"]["answers"][0]["text"] == "<p>T7#qp!v2=Lm9</p>"
    assert password["general_feedback"] == "<p>Long passwords with symbols are the strongest.</p>"
    assert "@@PLUGINFILE@@" not in password["text"] and "<strong>strongest</strong>" in password["text"]

    personal = questions["Personal data"]
    assert personal["kind"] == "multianswer" and personal["data"]["shuffle"] is False
    assert [a["fraction"] for a in personal["data"]["answers"]] == ["0.3333333"] * 3 + ["-0.5"]
    assert personal["text"] == "<p>Which of these are personal data of a pupil? (Choose all that apply)</p>"

    assert questions["GDPR in schools"]["data"] == {
        "correct": True,
        "feedback_true": "Right: it applies to every organisation.",
        "feedback_false": "It does apply to schools.",
    }
    workspace = questions["Workspace"]
    assert workspace["data"]["case_sensitive"] is True
    assert workspace["category_path"] == ["top", "Default for ICT course", "Unit 2: Tools"]
    assert [(a["text"], a["fraction"]) for a in workspace["data"]["answers"]] == [("TwinSpace", "1"), ("Twin*", "0.5")]

    year = questions["Founding year"]["data"]["answers"]
    assert [(a["value"], a["tolerance"], a["fraction"]) for a in year] == [("2005", "0", "1"), ("2005", "2", "0.5")]

    capitals = questions["Capitals"]
    assert str(capitals["default_points"]) == "3.00"
    assert capitals["data"]["pairs"][2] == {"question": "<p>Ελλάδα (Κρήτη)</p>", "answer": "Ηράκλειο"}
    assert capitals["data"]["pairs"][3] == {"question": "", "answer": "Madrid"}


def test_moodle_xml_unsupported_types_and_embedded_files_are_reported():
    _fmt, result = _read("qformat_bank.xml")
    assert [(row.line, row.name) for row in result.skipped] == [
        (239, "Your project"), (250, "Read first"), (260, "Area"), (270, "Drag words")
    ]  # fmt: skip
    warnings = [str(w) for w in result.warnings]
    assert warnings[0].startswith("line 15: «Strong password» shows pictures")
    assert warnings[1].startswith("line 184: the answer «*»")


def _xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'


MC = """<question type="multichoice">
  <name><text>Q</text></name>
  <questiontext format="html"><text>Pick</text></questiontext>
  <single>{single}</single>
  <answer fraction="{a}"><text>a</text></answer>
  <answer fraction="{b}"><text>b</text></answer>
</question>"""


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        (_xml('<question type="foobar"><name><text>X</text></name></question>'), 3, "unknown question type"),
        (_xml(MC.format(single="false", a="50", b="20")), 3, "must add up to 100%"),
        (_xml(MC.format(single="true", a="50", b="0")), 3, "full credit"),
        (_xml(MC.format(single="true", a="100", b="abc")), 8, "not a percentage"),
        (_xml('<question type="multichoice">\n<name><text>Q</text></name>\n<questiontext><text>x</text>\n</question>'),
         6, "not well-formed"),
        ('<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY boom "boom">\n]>\n<quiz>&boom;</quiz>', 2, "DOCTYPE"),
        ('<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "file:///etc/passwd">\n<quiz/>', 2, "DOCTYPE"),
        (_xml('<question type="numerical"><name><text>N</text></name><questiontext><text>n</text></questiontext>'
              '\n<answer fraction="100"><text>12a</text></answer></question>'), 4, "not a number"),
        (_xml('<question type="truefalse"><name><text>T</text></name><questiontext><text>t</text></questiontext>'
              '<answer fraction="0"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
              "</question>"), 3, "100%"),
        ("<html><body>not a quiz</body></html>", 1, "no <quiz>"),
    ],
)  # fmt: skip
def test_malformed_moodle_xml_is_reported_with_its_line(source, line, words):
    result = moodle_xml.parse(source)
    assert result.errors, source
    assert result.errors[0].line == line and words in result.errors[0].message, str(result.errors[0])


def test_an_entity_is_never_expanded():
    source = '<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<quiz>&x;</quiz>'
    result = moodle_xml.parse(source)
    assert result.questions == [] and "DOCTYPE" in result.errors[0].message


def test_the_format_is_found_from_the_name_or_the_content():
    assert qformats.parse(b"<quiz></quiz>")[0] == "xml"
    assert qformats.parse(b"::Q::A?{T}")[0] == "gift"
    assert qformats.parse(b"::Q::A?{T}", filename="bank.GIFT")[0] == "gift"
    assert qformats.parse(b"<quiz></quiz>", fmt="xml", filename="x.txt")[0] == "xml"


# --- writing and reading back -------------------------------------------------------------------------------


def _comparable(questions, *, points=True):
    return [{k: v for k, v in q.items() if k != "line" and (points or k != "default_points")} for q in questions]


@pytest.mark.parametrize("sample", ["qformat_bank.gift", "qformat_bank.xml"])
def test_moodle_xml_written_and_read_back_is_the_same(sample):
    _fmt, first = _read(sample)
    again = moodle_xml.parse(moodle_xml.dump(first.questions))
    assert again.errors == [] and again.skipped == []
    assert _comparable(again.questions) == _comparable(first.questions)


@pytest.mark.parametrize("sample", ["qformat_bank.gift", "qformat_bank.xml"])
def test_gift_written_and_read_back_is_the_same(sample):
    _fmt, first = _read(sample)
    written = gift.dump(first.questions)
    again = gift.parse(written)
    assert again.errors == [] and again.skipped == [], written
    expected = _comparable(first.questions, points=False)
    for question in expected:  # GIFT has no case-sensitivity flag, no shuffle flag and no default mark
        if question["kind"] == "shortanswer":
            question["data"]["case_sensitive"] = False
        if "shuffle" in question["data"]:
            question["data"]["shuffle"] = True
    assert _comparable(again.questions, points=False) == expected


def test_gift_writes_escapes_and_categories():
    questions = [
        common.question(kind="truefalse", name="a:b {c}", text="<p>x = y # z ~ w \\ v</p>", line=1,
                        category_path=["top", "Unit/1"],
                        data={"correct": False, "feedback_true": "", "feedback_false": "Yes"}),
    ]  # fmt: skip
    written = gift.dump(questions)
    assert "$CATEGORY: $course$/top/Unit//1" in written
    assert "::a\\:b \\{c\\}::[html]<p>x \\= y \\# z \\~ w \\\\ v</p>{FALSE##Yes}" in written
    back = gift.parse(written).questions[0]
    assert back["name"] == "a:b {c}" and back["text"] == "<p>x = y # z ~ w \\ v</p>"
    assert back["category_path"] == ["top", "Unit/1"] and back["data"]["feedback_false"] == "Yes"


def test_a_question_longer_than_the_bank_keeps_is_an_error():
    result = gift.parse("::Long::" + "λέξη " * 5000 + "{T}")
    assert result.questions == [] and "longer than 20000 characters" in str(result.errors[0])
