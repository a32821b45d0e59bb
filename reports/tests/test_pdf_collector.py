"""The cyclic garbage collector while a report renders: running, rarely, over the report's
objects only; and as it was once the PDF is written."""

import gc
from unittest import mock

from reports import pdf
from reports.tests.sample import sample_snapshot


def test_the_collector_runs_rarely_while_a_report_renders_and_as_before_afterwards():
    before = gc.get_threshold()
    seen = []

    def write(*args, **kwargs):
        seen.append((gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count() > 0))
        return b"%PDF-1.7"

    with mock.patch.object(pdf, "_write", side_effect=write):
        pdf.render_pdf(sample_snapshot(), draft=True)

    assert seen == [(True, pdf.COLLECT_EVERY, True)]
    assert gc.isenabled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_its_own_objects_keeps_them_frozen_and_its_threshold():
    before = gc.get_threshold()
    gc.freeze()
    try:
        # The process's frozen objects stay frozen: the render neither unfreezes them nor
        # freezes more, nor changes the threshold. (The count itself may fall as a frozen object
        # is freed, so the calls are what is checked.)
        with (
            mock.patch.object(pdf, "_write", return_value=b"%PDF-1.7"),
            mock.patch.object(gc, "unfreeze") as unfreeze,
            mock.patch.object(gc, "freeze") as freeze,
            mock.patch.object(gc, "set_threshold") as set_threshold,
        ):
            pdf.render_pdf(sample_snapshot(), draft=True)
        assert not unfreeze.called and not freeze.called and not set_threshold.called
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == before
    finally:
        gc.unfreeze()
