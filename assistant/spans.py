"""Character ranges found by overlap in log time (quotes, techniques, flags)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate


class RangeIndex:
    """Non-overlapping (start, end) ranges, found by overlap in log time (quotes, techniques)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.ends = [b for _, b in self.ranges]

    def overlapping(self, a: int, b: int) -> list[tuple[int, int]]:
        """The ranges that share at least one character with [a, b)."""
        out = []
        i = bisect_right(self.ends, a)
        while i < len(self.ranges) and self.ranges[i][0] < b:
            out.append(self.ranges[i])
            i += 1
        return out


class OverlapTest:
    """Whether a range shares a character with any of some ranges (which may overlap each
    other), in log time: the ranges sorted by start, with the running maximum of their ends."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self.starts = [a for a, _ in ordered]
        self.max_ends = list(accumulate((b for _, b in ordered), max))

    def __call__(self, a: int, b: int) -> bool:
        i = bisect_left(self.starts, b)  # the ranges starting before b ends
        return i > 0 and self.max_ends[i - 1] > a
