"""The overview's row for a system against the system's own pages as at the same date."""

from django.urls import reverse


def _page(client, name: str, slug: str, as_at: str, **query):
    response = client.get(reverse(name, args=[slug]), {"as_at": as_at, **query})
    assert response.status_code == 200, (name, slug)
    return response.context


def _nonzero(counter) -> dict:
    return {str(rag): n for rag, n in dict(counter).items() if n}


def assert_own_pages_agree(client, row, as_at: str) -> None:
    """Every figure of ``row`` (reports.overview.OverviewRow) is what the system's dashboard,
    milestone register, case board, meetings list and reports list show as at ``as_at``."""
    slug = row.system.slug
    dashboard = _page(client, "reports:dashboard", slug, as_at)
    data = dashboard["data"]
    assert _nonzero(row.rag) == _nonzero(data.rag_counts), slug
    assert row.key_late == data.late_key_count, slug
    assert row.key_worst_slippage == data.late_key_worst, slug
    assert row.cases_by_step == [(step, count) for step, count, _ in data.cases_by_step]
    assert [r.pk for r in row.top_risks] == [r.pk for r in data.top_risks[:3]], slug
    assert row.finance == dashboard["finance"], slug
    key = _page(client, "milestones:milestone-list", slug, as_at, key="1")
    assert _nonzero(row.key_rag) == {str(rag): n for rag, n in key["counts"] if n}, slug
    board = _page(client, "escalation:case-board", slug, as_at)
    cards = [card for _, cards in board["columns"] for card in cards]
    assert row.cases_open == board["open_count"] == len(cards), slug
    assert row.responses_overdue == sum(card.overdue for card in cards), slug
    meetings = _page(client, "governance:meeting-list", slug, as_at, period="past")
    month = as_at[:7]
    in_month = [
        (meeting, outcome)
        for meeting, outcome in meetings["rows"]
        if meeting.held_on.isoformat()[:7] == month and meeting.status == "held"
    ]
    assert row.meetings_held == len(in_month), slug
    assert {c.pk for c in row.unquorate_committees} == {
        m.committee_id for m, outcome in in_month if outcome.quorate is False
    }, slug
    reports = _page(client, "reports:report-list", slug, as_at)["reports"]
    published = [r for r in reports if r.status in ("published", "superseded")]
    assert row.last_report == (published[0] if published else None), slug
