"""Milestones, found by the words of their title (registered with ``core.search``)."""

from core.search import Kind, record_page, register

register(
    Kind(
        slug="milestone",
        label="Milestone",
        model="milestones.Milestone",
        fields=("title", "workstream__name"),
        title="title",
        link=record_page("milestones:milestone-detail"),
    )
)
