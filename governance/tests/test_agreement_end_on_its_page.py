"""An agreement is ended only on its own page, with the date and why: neither the add nor the
edit form sets it ended without them."""

import pytest
from django.core.exceptions import ValidationError

from core.scoping import unscoped
from governance import services
from governance.forms import AgreementEditForm, AgreementForm
from governance.models import Agreement


def test_the_forms_offer_ended_only_to_an_agreement_already_ended():
    assert Agreement.Status.TERMINATED not in dict(AgreementForm().fields["status"].choices)
    editing = AgreementEditForm(initial={"status": Agreement.Status.DRAFT})
    assert Agreement.Status.TERMINATED not in dict(editing.fields["status"].choices)
    ended = AgreementEditForm(initial={"status": Agreement.Status.TERMINATED})
    assert Agreement.Status.TERMINATED in dict(ended.fields["status"].choices)


def test_the_services_refuse_an_end_without_its_date_and_reason(office, system):
    with unscoped():
        with pytest.raises(ValidationError):
            services.agreement_create(
                actor=office,
                system=system,
                title="MoU",
                kind=Agreement.Kind.choices[0][0],
                status=Agreement.Status.TERMINATED,
            )
        agreement = services.agreement_create(
            actor=office, system=system, title="MoU", kind=Agreement.Kind.choices[0][0]
        )
        with pytest.raises(ValidationError):
            services.agreement_update(
                actor=office, agreement=agreement, status=Agreement.Status.TERMINATED
            )
        agreement.refresh_from_db()
        assert agreement.status != Agreement.Status.TERMINATED
