"""The helpdesk's pages at scale (issue 13): the Greek NSO's queue (the default view with its dashboard
figures, overdue, unassigned, a search by e-mail, a later page), the CSS queue over every country, an agent's
page of a busy ticket (messages, notes, the requester's context from every domain), and the requester's own
pages ("My requests" and a ticket); then the knowledge base the ticket form leans on (its home and the
suggestions asked while a ticket is typed). Needs the population's tickets (``support`` generator) and help
articles (``knowledge``). Target: p95 ≤ 50 ms with a fixed number of queries."""

BENCH = "helpdesk_queue"


def run(ctx) -> list[dict]:
    from django.db.models import Count
    from django.urls import reverse

    from twinning.support.models import Ticket
    from twinning.support.population import generated_tickets

    tickets = generated_tickets()
    if ctx.nso is None or not tickets.exists():
        return [{"bench": BENCH, "metric": "error", "value": "no tickets: generate the population"}]
    lines = [{"bench": BENCH, "case": "size", "metric": "tickets", "value": Ticket.objects.count()}]
    queue = reverse("support:staff_queue")
    greek = tickets.filter(country__code="GR", route="nso")
    sample = greek.exclude(requester=None).order_by("-message_count", "pk").first()
    for case, params in (
        ("queue_nso", {}),
        ("queue_nso_overdue", {"overdue": "on"}),
        ("queue_nso_unassigned", {"assignee": "unassigned"}),
        ("queue_nso_search_email", {"q": sample.requester_email if sample else "nobody@example.invalid"}),
        ("queue_nso_all_statuses_page_3", {"status": "all", "page": 3}),
    ):
        lines += ctx.measure(BENCH, case, queue, user=ctx.nso, params=params)
    if ctx.css is not None:
        lines += ctx.measure(BENCH, "queue_css", queue, user=ctx.css)
    if sample is not None:
        lines += ctx.measure(BENCH, "ticket_agent", reverse("support:staff_ticket", args=[sample.pk]), user=ctx.nso)
        lines += ctx.measure(BENCH, "ticket_requester", reverse("support:ticket", args=[sample.pk]),
                             user=sample.requester)  # fmt: skip
        busiest = tickets.exclude(requester=None).values("requester").annotate(n=Count("pk")).order_by("-n").first()
        requester = Ticket.objects.filter(requester_id=busiest["requester"]).first().requester if busiest else None
        if requester is not None:
            lines += ctx.measure(BENCH, "my_requests", reverse("support:mine"), user=requester)
    lines += ctx.measure(BENCH, "knowledge_home", reverse("knowledge:home"))
    lines += ctx.measure(BENCH, "knowledge_suggest", reverse("knowledge:suggest"),
                         params={"q": "ξέχασα τον κωδικό πρόσβασης και δεν μπορώ να συνδεθώ"})  # fmt: skip
    return lines
