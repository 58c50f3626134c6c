"""The day tab's chart: the busy hours, scaled to the busiest."""

from screens.manage import chart


def test_the_chart_spans_the_busy_hours_scaled_to_the_busiest():
    by_hour = [{"hour": h, "orders": {12: 4, 13: 8, 15: 2}.get(h, 0)} for h in range(24)]
    bars = chart.bars(by_hour, "orders", 600, 100)
    assert [b.hour for b in bars] == [12, 13, 14, 15]
    assert [b.height for b in bars] == [50, 100, 0, 25]
    assert all(b.y + b.height == 100 for b in bars)
    assert chart.bars([{"hour": h, "orders": 0} for h in range(24)], "orders", 600, 100) == []
