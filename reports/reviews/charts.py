"""Charts of a review report, drawn as inline SVG (WeasyPrint draws SVG natively): the
geometry of a grouped bar chart, computed here, drawn by the template."""

from __future__ import annotations

from reports.reviews.wording import num


def bar_chart(
    title: str, labels: list[tuple[str, str]], series: list[tuple[str, list[int]]]
) -> dict:
    """Geometry of a grouped bar chart drawn as inline SVG (WeasyPrint draws SVG natively).
    ``labels`` are (month, year): the year is written under the first month and each
    January (not under a first month too close to January to leave it room), so the axis
    reads "05 06 … 12 01 02 …" over "2025 … 2026"."""
    width, height, left, bottom, top = 460, 180, 34, 32, 18
    plot_w, plot_h = width - left - 6, height - bottom - top
    peak = max([max(values or [0]) for _name, values in series] + [1])
    step = _nice_step(peak)
    peak = step * -(-peak // step)
    groups = max(len(labels), 1)
    group_w = plot_w / groups
    bar_w = group_w * 0.8 / max(len(series), 1)
    bars = []
    for s, (_name, values) in enumerate(series):
        for i, value in enumerate(values):
            h = plot_h * (value or 0) / peak
            bars.append(
                {
                    "x": round(left + i * group_w + group_w * 0.1 + s * bar_w, 1),
                    "y": round(top + plot_h - h, 1),
                    "w": round(bar_w, 1),
                    "h": round(h, 1),
                    "series": s,
                }
            )
    ticks = [
        {"y": round(top + plot_h - plot_h * v / peak, 1), "label": num(v)}
        for v in range(0, peak + 1, step)
    ]
    xlabels = [
        {
            "x": round(left + i * group_w + group_w / 2, 1),
            "label": month,
            "year": year if month == "01" or (i == 0 and _months_to_january(month) > 2) else "",
        }
        for i, (month, year) in enumerate(labels)
    ]
    return {
        "title": title,
        "width": width,
        "height": height,
        "left": left,
        "right": width - 6,
        "base": top + plot_h,
        "label_y": top + plot_h + 12,
        "year_y": top + plot_h + 24,
        "bars": bars,
        "ticks": ticks,
        "xlabels": xlabels,
        "tick_x": left - 3,
        "legend": [
            {"x": left + i * 110, "text_x": left + i * 110 + 11, "label": name, "series": i}
            for i, (name, _values) in enumerate(series)
        ],
    }


def _nice_step(peak: int) -> int:
    raw = max(peak / 4, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)


def _months_to_january(month: str) -> int:
    return (13 - int(month)) % 12
