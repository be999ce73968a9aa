"""Draw the body map's regions and write phrasebook/answers/body_map.json.

The outline is drawn here, for this project, from simple shapes (an ellipse for the head,
polygons for the rest): no third-party artwork. Each region is one SVG path with a stable id
(several sub-paths where it shows in two places, e.g. a leg's thigh and shin). The front
view is seen as a medic sees a patient, so the person's right side is on the viewer's left;
the back view is seen from behind, so the person's right is on the viewer's right.

Run ``python tools/draw_body_map.py`` after changing a shape; a test checks the data file
is what this script draws.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "phrasebook" / "answers" / "body_map.json"
WIDTH, HEIGHT = 340, 400
CENTRES = {"front": 85, "back": 255}  # each view's vertical axis
HEAD = (34.0, 17.0, 24.0)  # centre y, radius x, radius y


def _path(*shapes: list[tuple[float, float]]) -> str:
    return " ".join("M" + " L".join(f"{x:g},{y:g}" for x, y in shape) + " Z" for shape in shapes)


def _head_band(top: float, bottom: float) -> list[tuple[float, float]]:
    """The part of the head's ellipse between two heights, as a polygon (centred on 0)."""
    cy, rx, ry = HEAD
    steps = 8
    heights = [top + (bottom - top) * i / steps for i in range(steps + 1)]

    def half_width(y: float) -> float:
        return rx * math.sqrt(max(0.0, 1 - ((y - cy) / ry) ** 2))

    right = [(round(half_width(y), 1), round(y, 1)) for y in heights]
    left = [(-x, y) for x, y in reversed(right)]
    return right + left


def _side(shape: list[tuple[float, float]], sign: int) -> list[tuple[float, float]]:
    return [(sign * x, y) for x, y in shape]


def _place(shape: list[tuple[float, float]], centre: int) -> list[tuple[float, float]]:
    return [(round(centre + x, 1), y) for x, y in shape]


# One side's limbs, drawn on the viewer's right (positive x), mirrored for the other side.
SHOULDER = [(24, 70), (34, 71), (43, 80), (44, 94), (31, 94), (26, 80)]
ARM = [(31, 95), (44, 95), (42, 150), (40, 198), (30, 198), (29, 150)]
HAND = [(30, 200), (40, 200), (44, 210), (42, 226), (35, 231), (29, 226), (27, 210)]
THIGH_FRONT = [(14, 180), (26, 180), (26, 230), (24, 279), (6, 279), (4, 230), (3, 210)]
THIGH_BACK = [(1, 217), (26, 213), (26, 230), (24, 279), (6, 279), (4, 230)]
KNEE = [(6, 281), (24, 281), (23, 301), (7, 301)]
SHIN = [(7, 303), (23, 303), (21, 364), (9, 364)]
FOOT = [(8, 366), (21, 366), (25, 384), (5, 384)]
# The trunk, centred.
NECK = [(-8, 57), (8, 57), (9, 69), (-9, 69)]
CHEST = [(-24, 70), (24, 70), (23, 130), (-23, 130)]
ABDOMEN = [(-23, 131), (23, 131), (22, 179), (-22, 179)]
GROIN = [(-14, 180), (14, 180), (3, 210), (-3, 210)]
BUTTOCKS = [(-26, 180), (26, 180), (26, 211), (0, 215), (-26, 211)]

LIMBS = {
    "shoulder": {"front": [SHOULDER], "back": [SHOULDER]},
    "arm": {"front": [ARM], "back": [ARM]},
    "hand": {"front": [HAND], "back": [HAND]},
    "leg": {"front": [THIGH_FRONT, SHIN], "back": [THIGH_BACK, SHIN]},
    "knee": {"front": [KNEE], "back": [KNEE]},
    "foot": {"front": [FOOT], "back": [FOOT]},
}
# Regions whose label is a phrase of the body set; the others are answers.body-map-<id>.
LABELS = {
    "head": "body.head", "face": "body.face", "eyes": "body.eye", "neck": "body.neck",
    "chest": "body.chest", "abdomen": "body.abdomen", "groin": "body.groin",
    "upper-back": "body.back",
}  # fmt: skip
# Where the person's right side is drawn in each view (see the module's docstring).
RIGHT_SIGN = {"front": -1, "back": 1}


def regions() -> list[dict[str, object]]:
    trunk: list[tuple[str, dict[str, list[list[tuple[float, float]]]]]] = [
        ("head", {"front": [_head_band(10, 27)], "back": [_head_band(10, 58)]}),
        ("eyes", {"front": [_head_band(27, 39)]}),
        ("face", {"front": [_head_band(39, 58)]}),
        ("neck", {"front": [NECK], "back": [NECK]}),
        ("chest", {"front": [CHEST]}),
        ("abdomen", {"front": [ABDOMEN]}),
        ("groin", {"front": [GROIN]}),
        ("upper-back", {"back": [CHEST]}),
        ("lower-back", {"back": [ABDOMEN]}),
        ("buttocks", {"back": [BUTTOCKS]}),
    ]
    drawn: list[tuple[str, dict[str, list[list[tuple[float, float]]]]]] = list(trunk)
    for limb, views in LIMBS.items():
        for side in ("right", "left"):
            shapes = {
                view: [
                    _side(shape, RIGHT_SIGN[view] if side == "right" else -RIGHT_SIGN[view])
                    for shape in parts
                ]
                for view, parts in views.items()
            }
            drawn.append((f"{side}-{limb}", shapes))
    return [
        {
            "id": region,
            "label": LABELS.get(region, f"answers.body-map-{region}"),
            "paths": {
                view: _path(*(_place(shape, CENTRES[view]) for shape in shapes))
                for view, shapes in views.items()
            },
        }
        for region, views in drawn
    ]


# A phone shows one view a quarter at a time (panel.js): each band is the part of the figure
# between ``top`` and ``bottom`` shown ``width`` units wide. The widths are chosen so that on
# a 328 px wide panel (a 360 px phone less its margins) the band's narrowest region is at
# least 44 px across: the neck and eyes are 12 units (88 wide: 3.7 px a unit), the arms 15
# (110), the hands 17 (124), the knees and feet 18 (130).
BANDS = [
    {"id": "head", "top": 4, "bottom": 72, "width": 88},
    {"id": "chest", "top": 64, "bottom": 190, "width": 110},
    {"id": "hips", "top": 176, "bottom": 236, "width": 124},
    {"id": "legs", "top": 232, "bottom": 390, "width": 130},
]


def body_map() -> dict[str, object]:
    return {
        "source": "Drawn for phrasebook by tools/draw_body_map.py (no third-party artwork).",
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "views": {
            view: {"x": centre, "caption": f"answers.body-map-{view}"}
            for view, centre in CENTRES.items()
        },
        "bands": BANDS,
        "regions": regions(),
    }


def text() -> str:
    return json.dumps(body_map(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    OUT.write_text(text(), encoding="utf-8")
    print(f"wrote {OUT}")
