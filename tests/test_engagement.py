"""Engagement (docs/domain.md, «Metrics»): interactions over reach, with the documented fallbacks and the base named."""

import pandas as pd
import pytest

from core.domain.engagement import engagement, engagement_frame, interactions

CASES = [
    ({"Red": "Facebook", "Alcance": 200, "Interacciones": 10}, 0.05, "Alcance"),
    ({"Red": "X", "Impresiones": 1000, "Interacciones": 25}, 0.025, "Impresiones"),
    ({"Red": "X", "Alcance": 500, "Impresiones": 1000, "Interacciones": 25}, 0.05, "Alcance"),
    ({"Red": "YouTube", "Impresiones": 9000, "Reproducciones": 300, "Reacciones": 9, "Comentarios": 2,
      "Compartidos": 1}, 0.04, "Reproducciones"),
    ({"Red": "Instagram", "Alcance": 100, "Reacciones": 5, "Comentarios": 1, "Compartidos": 1, "Guardados": 3,
      "Clics": 50}, 0.10, "Alcance"),
    ({"Red": "Facebook", "Alcance": 0, "Reproducciones": 40, "Interacciones": 2}, 0.05, "Reproducciones"),
    ({"Red": "TikTok", "Reacciones": 3}, None, None),
    ({"Red": "Facebook", "Alcance": 100}, None, None),
]


@pytest.mark.parametrize(("post", "rate", "base"), CASES)
def test_one_post(post, rate, base):
    found, used = engagement(post)
    assert used == base
    assert found == pytest.approx(rate) if rate is not None else found is None


def test_frame_agrees_with_one_post():
    columns = ["Red", "Alcance", "Impresiones", "Reproducciones", "Interacciones", "Reacciones", "Comentarios",
               "Compartidos", "Guardados", "Clics"]
    frame = pd.DataFrame([{name: post.get(name) for name in columns} for post, _, _ in CASES])
    for name in columns[1:]:
        frame[name] = frame[name].astype("Int64")
    table = engagement_frame(frame)
    for index, (post, rate, base) in enumerate(CASES):
        row = table.iloc[index]
        assert (row["base"] if pd.notna(row["base"]) else None) == base
        if rate is None:
            assert pd.isna(row["engagement"])
        else:
            assert row["engagement"] == pytest.approx(rate)
        expected = interactions(post)
        assert (None if pd.isna(row["interacciones"]) else row["interacciones"]) == expected
