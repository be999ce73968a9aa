"""WCAG contrast of what the browser draws: an element's text colour against the first
opaque background behind it (WCAG 2.1 relative luminance; AA needs 4.5:1 for body text)."""

from __future__ import annotations

COLOURS_JS = """el => {
    const parse = (value) => value.match(/[\\d.]+/g).map(Number);
    let node = el;
    let background = null;
    while (node && node.nodeType === 1) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour.length < 4 || colour[3] > 0) { background = colour.slice(0, 3); break; }
        node = node.parentElement;
    }
    return {fg: parse(getComputedStyle(el).color).slice(0, 3), bg: background || [255, 255, 255]};
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(colours: dict[str, list[float]]) -> float:
    light, dark = sorted((_luminance(colours["fg"]), _luminance(colours["bg"])), reverse=True)
    return (light + 0.05) / (dark + 0.05)
