"""QR codes as filled rectangles (crisp at any zoom, and cheaper to draw than images)."""

from __future__ import annotations

from dataclasses import dataclass

import segno

# Choosing the "best" of the eight masks makes segno score every one of them, which is 80 % of
# the cost of a code; any mask is valid and decodes, so a fixed one makes 500 codes affordable.
FIXED_MASK = 3


@dataclass(frozen=True)
class QrShape:
    """A code ``size`` modules a side as rectangles (column, row, width, height) in modules."""

    size: int
    rectangles: tuple[tuple[int, int, int, int], ...]


def qr_shape(data: str) -> QrShape:
    """Dark modules merged into horizontal runs, and runs stacked in consecutive rows into one
    rectangle. No quiet zone: the caller leaves white space around the code."""
    # Error correction M survives a creased or smudged card.
    code = segno.make(data, error="m", micro=False, boost_error=False, mask=FIXED_MASK)
    matrix = code.matrix
    done: list[tuple[int, int, int, int]] = []
    # (first column, length) -> (first row, rows so far) for runs still growing downwards
    growing: dict[tuple[int, int], tuple[int, int]] = {}
    for row_index, row in enumerate(matrix):
        runs: list[tuple[int, int]] = []
        start = None
        for column, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append((start, column - start))
                start = None
        still: dict[tuple[int, int], tuple[int, int]] = {}
        for run in runs:
            first_row, height = growing.pop(run, (row_index, 0))
            still[run] = (first_row, height + 1)
        for (column, length), (first_row, height) in growing.items():
            done.append((column, first_row, length, height))
        growing = still
    for (column, length), (first_row, height) in growing.items():
        done.append((column, first_row, length, height))
    return QrShape(size=len(matrix), rectangles=tuple(sorted(done, key=lambda r: (r[1], r[0]))))
