"""The API's tenant checks every app's endpoint tests share: a role reads its own system's rows
only (list, detail and history), and another system's objects are not found."""

from core.scoping import system_path, unscoped


def url(prefix: str, pk: int | None = None, suffix: str = "") -> str:
    return f"/api/v1/{prefix}/" + (f"{pk}/{suffix}" if pk else "")


def own_ids(model, system) -> set[int]:
    with unscoped():
        return set(
            model.objects.filter(**{system_path(model): system}).values_list("pk", flat=True)
        )


def check_reads_own_system_only(api, token, prefix, model, ours, theirs, system) -> None:
    response = api(url(prefix), token, page_size=500)
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == own_ids(model, system) and ours.pk in ids
    assert theirs.pk not in ids
    assert api(url(prefix, ours.pk), token).json()["id"] == ours.pk
    assert api(url(prefix, theirs.pk), token).status_code == 404
    assert api(url(prefix, ours.pk, "history/"), token).status_code == 200
    assert api(url(prefix, theirs.pk, "history/"), token).status_code == 404


def check_other_system_sees_own_rows_only(api, token, prefix, ours, theirs) -> None:
    ids = {row["id"] for row in api(url(prefix), token).json()["results"]}
    assert theirs.pk in ids and ours.pk not in ids
    assert api(url(prefix, ours.pk), token).status_code == 404
