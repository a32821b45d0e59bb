"""Committees, decisions, actions and agreements, found by their words (registered with
``core.search``). Decisions and actions are shown on their meeting's page, at their anchor."""

from core.search import Kind, record_page, register

register(
    Kind(
        slug="committee",
        label="Committee",
        model="governance.Committee",
        fields=("name", "short_name", "purpose"),
        title="name",
        link=record_page("governance:committee-detail"),
    )
)
register(
    Kind(
        slug="decision",
        label="Decision",
        model="governance.Decision",
        fields=("title", "reference", "text"),
        title="title",
        key="meeting_id",
        link=record_page("governance:meeting-detail", "decision-{pk}"),
    )
)
register(
    Kind(
        slug="action",
        label="Action",
        model="governance.Action",
        fields=("description", "owner__name"),
        title="description",
        key="meeting_id",
        link=record_page("governance:meeting-detail", "action-{pk}"),
    )
)
register(
    Kind(
        slug="agreement",
        label="Agreement",
        model="governance.Agreement",
        fields=("title", "source"),
        title="title",
        link=record_page("governance:agreement-detail"),
    )
)
