"""The meeting list's quorum, written without DRF's per-field lookups, is exactly what the
serializer's declared fields write."""

import pytest
from rest_framework import serializers

from governance.api.serializers import MeetingQuorumSerializer
from governance.rules import NOT_YET_HELD_QUORUM, QuorumCheck, QuorumOutcome, Shortfall

OUTCOMES = [
    NOT_YET_HELD_QUORUM,
    QuorumOutcome(quorate=None),
    QuorumOutcome(quorate=True, counted=4, checks=(QuorumCheck(True, "Members in all: 4"),)),
    QuorumOutcome(
        quorate=False,
        counted=1,
        shortfalls=(Shortfall(None, 3, 1), Shortfall(41, 1, 0)),
        deputies_excluded=2,
        checks=(QuorumCheck(False, "NHS England: 0 of 1 present"),),
        notes=("2 deputies not counted: these terms do not count deputies.",),
    ),
]


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_the_quorum_is_written_as_its_fields_write_it(outcome):
    written = MeetingQuorumSerializer().to_representation(outcome)
    declared = serializers.Serializer.to_representation(MeetingQuorumSerializer(), outcome)
    assert written == declared
    assert list(written) == list(declared)
