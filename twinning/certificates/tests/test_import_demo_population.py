"""Earlier certificates in the demo (issued, revoked and imported ones, one waiting for someone who has not
joined) and in the synthetic population (proportional to the scale, a second run adds nothing, reset removes
them and nothing else)."""

import pytest
from django.core.management import call_command

from twinning.certificates import population as certificate_population
from twinning.certificates.demo import NOT_JOINED, REVOKED_REASON
from twinning.certificates.models import Certificate
from twinning.core import population

pytestmark = pytest.mark.django_db


def test_the_demo_has_both_kinds_of_certificate_and_loads_twice_without_change(
    client, django_capture_on_commit_callbacks, demo_upto
):
    demo_upto("certificates")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    issued = Certificate.objects.filter(source="certificates.demo").order_by("pk")
    assert issued.count() == 3
    assert all(c.pdf and c.badge and c.completed_at for c in issued)
    assert [c.revoked_reason for c in issued if c.revoked_at] == [REVOKED_REASON]
    holder = issued[0].holder
    imported = Certificate.objects.filter(imported=True, source="").exclude(holder_email__startswith="pop.")
    assert set(imported.filter(holder=holder).values_list("code", flat=True)) == {
        "MOODLE-2021-00042", "ETW-2022-012345"
    }  # fmt: skip
    waiting = imported.get(holder_email=NOT_JOINED)
    assert waiting.holder is None and waiting.code == "MOODLE-2021-00043"
    client.force_login(holder)
    page = client.get("/el/certificates/").content.decode()
    assert "MOODLE-2021-00042" in page and issued[0].code in page
    assert client.get("/verify/MOODLE-2021-00042").status_code == 200
    rows = sorted(Certificate.objects.values_list("code", "holder_id", "revoked_at"))
    call_command("load_demo")
    assert sorted(Certificate.objects.values_list("code", "holder_id", "revoked_at")) == rows


def test_tiny_population_has_proportional_earlier_certificates_added_once_and_reset(greece):
    mine = Certificate.objects.create(
        code="ETW-2020-0000001", kind="imported", imported=True, holder_name="Not generated",
        holder_email="someone@example.org", title_el="Μάθημα", title_en="Μάθημα", country=greece,
    )  # fmt: skip
    result = population.generate(scale="tiny", seed=3)
    want = certificate_population.target("tiny")
    assert want == round(72_000 * 200 / 50_000)
    generated = certificate_population.generated_certificates()
    assert generated.count() == want == result.created["earlier certificates"]
    assert result.totals["earlier certificates"] == want
    codes = list(generated.values_list("code", flat=True))
    assert len(set(codes)) == want and all(c.startswith("ETW-") for c in codes)
    assert not generated.filter(holder__isnull=True).exists()
    assert generated.filter(kind="imported", imported=True, country=greece).count() == want
    assert len({c.split("-")[1] for c in codes}) == 4  # four past years

    again = population.generate(scale="tiny", seed=4)
    assert again.created["earlier certificates"] == 0 and generated.count() == want

    deleted = population.reset_population()
    assert deleted["certificates.Certificate"] >= want
    assert list(Certificate.objects.filter(imported=True)) == [mine]


def test_the_population_tops_up_from_the_highest_code(greece):
    population.generate(scale="tiny", seed=3)
    generated = certificate_population.generated_certificates()
    last = max(generated.values_list("code", flat=True), key=certificate_population._number)
    generated.filter(code=last).delete()
    Certificate.objects.filter(pk=generated.order_by("pk").first().pk).delete()
    again = population.generate(scale="tiny", seed=5)
    assert again.created["earlier certificates"] == 2
    assert generated.count() == certificate_population.target("tiny")
