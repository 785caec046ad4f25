"""The stylesheet's colours, light and dark: the focus ring stands out at least 3:1 (WCAG 1.4.11)
from every background it can sit on, and text keeps at least 4.5:1."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

STYLESHEET = Path(__file__).resolve().parents[2] / "web" / "static" / "style.css"
RING_BACKGROUNDS = ("paper", "card", "ok-bg", "danger-bg", "pill")
TEXT_PAIRS = (("ink", "paper"), ("ink", "card"), ("muted", "card"), ("muted", "paper"), ("accent-dark", "card"),
              ("on-accent", "accent"), ("danger", "danger-bg"), ("ok", "ok-bg"), ("on-header", "header"),
              ("danger", "card"))


def palettes() -> dict[str, dict[str, str]]:
    css = STYLESHEET.read_text()
    light = css.split("@media (prefers-color-scheme: dark)")[0]
    dark = re.search(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", css, re.S).group(1)
    colours = {scheme: dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6});", block)) for scheme, block in
               (("light", light), ("dark", dark))}
    return {"light": colours["light"], "dark": {**colours["light"], **colours["dark"]}}


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_ring_stands_out_at_least_3_to_1_on_every_background(scheme):
    colours = palettes()[scheme]
    rings = {background: contrast(colours["focus"], colours[background]) for background in RING_BACKGROUNDS}
    rings["header"] = contrast(colours["focus-on-header"], colours["header"])
    assert {background: ratio for background, ratio in rings.items() if ratio < 3} == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_keep_at_least_4_5_to_1(scheme):
    colours = palettes()[scheme]
    low = {f"{ink} on {paper}": round(contrast(colours[ink], colours[paper]), 2) for ink, paper in TEXT_PAIRS
           if contrast(colours[ink], colours[paper]) < 4.5}
    assert low == {}

