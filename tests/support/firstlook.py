"""What a person sees on a page, measured in the browser: things wider than the screen, tap
targets smaller than a gloved thumb, texts cut with an ellipsis, and axe-core's verdict.

Each helper runs one script in the page and returns plain lists a test can assert on and
print: an empty list is a page that passes."""

from __future__ import annotations

from typing import Any

# A gloved thumb: WCAG 2.5.5 (AAA) asks 44 x 44 CSS px; the phrase book aims at 48 and
# allows 44 where a row of targets would otherwise wrap.
MIN_TARGET = 44

_DESCRIBE = """
const describe = (el) => {
    const r = el.getBoundingClientRect();
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30);
    const cls = (el.getAttribute('class') || '').split(/\\s+/).filter(Boolean).slice(0, 2);
    return `${el.tagName.toLowerCase()}${cls.map((c) => '.' + c).join('')} "${text}" `
        + `${Math.round(r.width)}x${Math.round(r.height)}`;
};
const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;  // not drawn, or visually hidden
    if (r.bottom + window.scrollY <= 0 || r.right + window.scrollX <= 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none'
        && !el.closest('[hidden], [aria-hidden="true"]');
};
"""

OVERFLOW_JS = (
    "() => {"
    + _DESCRIBE
    + """
    const width = document.documentElement.clientWidth;
    const clipped = (el) => {
        for (let node = el.parentElement; node && node !== document.body;
             node = node.parentElement) {
            const x = getComputedStyle(node).overflowX;
            if (x !== 'visible') return true;  // it scrolls or clips inside its own box
        }
        return false;
    };
    const found = [];
    if (document.documentElement.scrollWidth > width + 1) {
        found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    }
    for (const el of document.body.querySelectorAll('*')) {
        if (!shown(el) || clipped(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 || r.left < -1) found.push(describe(el));
    }
    return found.slice(0, 20);
}"""
)

TARGETS_JS = (
    "(minimum) => {"
    + _DESCRIBE
    + """
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
        + '[role=button], [tabindex]:not([tabindex="-1"])';
    const found = [];
    for (const el of document.querySelectorAll(selector)) {
        if (!shown(el) || el === document.querySelector('main')) continue;
        // A check box is tapped through its label (a tap on the label ticks it).
        const box = el.matches('input[type=checkbox], input[type=radio]') && el.closest('label');
        const r = (box || el).getBoundingClientRect();
        if (r.width < minimum - 0.5 || r.height < minimum - 0.5) found.push(describe(el));
    }
    return found;
}"""
)

# Texts a person must read whole: the target text and its pronunciation aid.
CUT_JS = (
    "(selector) => {"
    + _DESCRIBE
    + """
    const found = [];
    for (const el of document.querySelectorAll(selector)) {
        if (!shown(el)) continue;
        for (let node = el; node && node !== document.body; node = node.parentElement) {
            const style = getComputedStyle(node);
            const hides = style.overflowX !== 'visible' || style.overflowY !== 'visible';
            if ((hides && node.scrollWidth > node.clientWidth + 1)
                || (hides && node.scrollHeight > node.clientHeight + 1
                    && style.overflowY !== 'auto' && style.overflowY !== 'scroll')
                || (style.textOverflow === 'ellipsis' && node.scrollWidth > node.clientWidth)) {
                found.push(describe(el));
                break;
            }
            if (node.matches('li, article, section')) break;
        }
    }
    return found;
}"""
)


def overflowing(page: Any) -> list[str]:
    """Elements that reach past the screen's edges (outside anything that scrolls them)."""
    found: list[str] = page.evaluate(OVERFLOW_JS)
    return found


def small_targets(page: Any, minimum: int = MIN_TARGET) -> list[str]:
    """Links, buttons, fields and other things to tap whose box is under ``minimum`` px."""
    found: list[str] = page.evaluate(TARGETS_JS, minimum)
    return found


def cut_texts(page: Any, selector: str) -> list[str]:
    """Elements matching ``selector`` that are cut (ellipsis, or clipped by a box)."""
    found: list[str] = page.evaluate(CUT_JS, selector)
    return found


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page (the copy of axe-core inside the
    axe-playwright-python wheel: nothing is downloaded), one line per rule and element. The
    experimental rule that a visible label is part of the accessible name (WCAG 2.5.3) is
    switched on."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "resultTypes": ["violations"],
        "rules": {"label-content-name-mismatch": {"enabled": True}},
    }
    results = Axe().run(page, options=options)
    return [
        f"{violation['id']}: {', '.join(node['target'][0] for node in violation['nodes'][:5])}"
        f" ({len(violation['nodes'])})"
        for violation in results.response["violations"]
    ]
