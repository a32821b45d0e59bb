"""Which regulator routes apply to a footprint, by the kinds of organisation party to it.

A regulator's partnership in a system names the kind of organisation it oversees there
(``Partnership.oversees``). Under the West Norfolk JWA (seed 000, 2015) a foundation trust's
non-delivery goes to Monitor (s.4 table, item 1, QEH), a CCG's to NHS(E) (item 2, WNCCG), and
footnote 1 gives the rule: "escalation issues do not need to be flagged to the Trust Development
Authority as there are no NHS Trusts in the relevant LHE". So a regulator's route applies only
where an organisation of the kind it oversees is party. Pure functions on plain values: the
escalation services check a route with them when it is created, and the routes page shows them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from partners.models import Organisation


@dataclass(frozen=True)
class PartyKind:
    """An organisation party to a system: its id, name, kind and, for a regulator, the kind of
    organisation it oversees there ("" if none)."""

    id: int
    name: str
    kind: str
    oversees: str = ""


@dataclass(frozen=True)
class RegulatorRoute:
    """A regulator's route for the items of the kind of organisation it oversees."""

    regulator: str
    regulator_id: int
    kind: str
    parties: tuple[str, ...]  # the names of the parties of that kind

    @property
    def applies(self) -> bool:
        return bool(self.parties)

    @property
    def kind_label(self) -> str:
        return Organisation.Kind(self.kind).label

    @property
    def explanation(self) -> str:
        """Why the route applies or not, e.g. "No NHS trust is party, so nothing is flagged to
        the NHS Trust Development Authority." """
        label = _in_sentence(self.kind_label)
        if self.applies:
            return f"{', '.join(self.parties)} ({label}) is party."
        return f"No {label} is party, so nothing is flagged to {self.regulator}."


def _in_sentence(label: str) -> str:
    """A kind's label inside a sentence: "NHS trust" stays, "Clinical ..." becomes "clinical"."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def regulator_routes(parties: Iterable[PartyKind]) -> list[RegulatorRoute]:
    """Each regulator that oversees a kind of organisation here, and the parties of that kind:
    its route applies only where there is one (in the regulators' name order)."""
    parties = list(parties)
    routes = [
        RegulatorRoute(
            regulator=regulator.name,
            regulator_id=regulator.id,
            kind=regulator.oversees,
            parties=tuple(sorted(p.name for p in parties if p.kind == regulator.oversees)),
        )
        for regulator in parties
        if regulator.oversees
    ]
    return sorted(routes, key=lambda r: (r.regulator, r.kind))


def route_applies(kind: str, party_kinds: Iterable[str]) -> bool:
    """A route for the items of organisations of ``kind`` applies only where one is party."""
    return kind in set(party_kinds)


def check_route(
    *,
    parties: Iterable[PartyKind],
    covers_organisation_id: int | None = None,
    covers_organisation_kind: str = "",
    escalates_to_ids: Iterable[int] = (),
) -> None:
    """A route covers the items of a party, or of a kind of organisation a party is, and goes
    only to a regulator whose route applies: a ValidationError on the field otherwise (e.g. a
    step to the Trust Development Authority where no NHS trust is party)."""
    parties = list(parties)
    kinds = {p.kind for p in parties}
    if covers_organisation_kind and not route_applies(covers_organisation_kind, kinds):
        label = _in_sentence(Organisation.Kind(covers_organisation_kind).label)
        raise ValidationError(
            {
                "covers_organisation_kind": f"No {label} is party to this system, so a route "
                "for its items does not apply."
            }
        )
    if covers_organisation_id is not None and covers_organisation_id not in {p.id for p in parties}:
        raise ValidationError(
            {"covers_organisation": "Choose an organisation that is party to this system."}
        )
    escalates_to_ids = set(escalates_to_ids)
    for route in regulator_routes(parties):
        if route.regulator_id in escalates_to_ids and not route.applies:
            raise ValidationError({"escalate_to_organisation": route.explanation})
