"""The geometry of the dashboard's charts, drawn as SVG by the templates.

No chart library: a bar is a rectangle, so the server computes where each one
goes and the template writes it out. Every chart is shown beside a table of the
same numbers (see templates/dashboard/includes/), so the SVG is a picture only.
"""

from dataclasses import dataclass


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10^n at or above `value` (at least 1): the axis end."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    y: float
    width: float
    highlight: bool = False


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per category, the labels left of the plot."""

    bars: list[Bar]
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    maximum: int

    @property
    def width(self):
        return self.label_width + self.plot_width + 60


def bar_chart(rows, *, label_width=230, plot_width=330, bar_height=22, gap=10) -> BarChart:
    """`rows` are (label, value) or (label, value, highlight)."""
    rows = [tuple(row) + (False,) * (3 - len(row)) for row in rows]
    maximum = nice_ceiling(max((row[1] for row in rows), default=0))
    bars = [
        Bar(label=label, value=value, highlight=highlight,
            y=gap + index * (bar_height + gap),
            width=round(plot_width * float(value) / maximum, 1))
        for index, (label, value, highlight) in enumerate(rows)
    ]
    return BarChart(bars=bars, height=gap + len(bars) * (bar_height + gap),
                    label_width=label_width, plot_width=plot_width,
                    bar_height=bar_height, maximum=maximum)


@dataclass(frozen=True)
class Column:
    series: str
    value: int
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class ColumnGroup:
    label: object  # the month (a date); the template formats it
    columns: list[Column]
    x: float


@dataclass(frozen=True)
class ColumnChart:
    groups: list[ColumnGroup]
    series: list[str]
    width: int
    height: int
    top: int
    baseline: int
    left: int
    maximum: int
    gridlines: list[tuple[int, float]]
    column_width: float


def column_chart(groups, series, *, plot_height=180, column_width=9, group_gap=10,
                 left=44, top=12) -> ColumnChart:
    """Grouped columns: `groups` are (label, {series: value}), `series` their order."""
    maximum = nice_ceiling(max((v for _, values in groups for v in values.values()), default=0))
    baseline = top + plot_height
    group_width = column_width * len(series) + group_gap
    result = []
    for index, (label, values) in enumerate(groups):
        x0 = left + group_gap / 2 + index * group_width
        columns = []
        for position, name in enumerate(series):
            value = values.get(name, 0)
            height = round(plot_height * value / maximum, 1)
            columns.append(Column(series=name, value=value, x=x0 + position * column_width,
                                  y=baseline - height, height=height))
        result.append(ColumnGroup(label=label, columns=columns, x=x0))
    gridlines = [(maximum * share // 4, baseline - plot_height * share / 4) for share in range(5)]
    return ColumnChart(groups=result, series=list(series), left=left, top=top,
                       width=int(left + len(groups) * group_width + group_gap),
                       height=baseline + 34, baseline=baseline, maximum=maximum,
                       gridlines=gridlines, column_width=column_width)
