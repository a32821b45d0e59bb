"""The heat map's cells keep text at 4.5:1 or more (WCAG AA), on the risk page and in the PDF."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from reports.charts import HEAT_BANDS

LINK, SECONDARY = "#005eb8", "#4c6272"  # NHS.UK link and secondary text colours


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_sum_matches_a_known_pair():
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0


PAGE_CELLS = re.findall(
    r"\.app-heatmap__(\w+) \{ background: (#[0-9a-f]{6}); \}",
    (Path(settings.BASE_DIR) / "assets/scss/app.scss").read_text(),
)


def test_every_band_of_the_page_is_found():
    assert {band for band, _ in PAGE_CELLS} == {"low", "moderate", "high", "extreme"}


@pytest.mark.parametrize(("band", "background"), PAGE_CELLS)
def test_the_risk_pages_counts_and_zeros_are_readable(band, background):
    assert contrast(background, LINK) >= 4.5
    assert contrast(background, SECONDARY) >= 4.5


@pytest.mark.parametrize(("floor", "fill", "ink", "band"), HEAT_BANDS)
def test_the_pdfs_counts_are_readable(floor, fill, ink, band):
    assert contrast(fill, ink) >= 4.5
