"""What one post carries: figures as each platform reports them (better at the audience's hours and on
weekdays), a permalink and network ID shaped like the real ones, and its text."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from core.demo.data import FORMAT_REACH, PROFILES, SPAN_DAYS, VIDEO_FORMATS, WEEKDAY_FACTOR, Row
from core.demo.texts import CALLS, HASHTAGS, OPENERS
from core.demo.values import fill, snowflake, token


def hour_factor(hour: int) -> float:
    """How much better than average a post does at this hour (mornings and evenings, Bogotá time)."""
    if 7 <= hour <= 9:
        return 1.6
    if 18 <= hour <= 20:
        return 1.5
    if 12 <= hour <= 13:
        return 1.15
    return 1.0 if 10 <= hour <= 17 else 0.7


def post_metrics(
    rng: random.Random, network: str, form: str, day: date, hour: int, first_day: date, today: date
) -> Row:
    """Figures as each platform reports them for a post published on `day` at `hour`; reach and
    engagement depend on network, format, weekday, hour and the account's growth over the two years."""
    profile, draw = PROFILES[network], rng.random
    timing = hour_factor(hour) * WEEKDAY_FACTOR[day.weekday()]
    growth = 0.8 + 0.4 * (day - first_day).days / SPAN_DAYS
    size = profile.size * FORMAT_REACH[form] * growth * (0.55 + 0.45 * timing) * rng.lognormvariate(0, 0.5)
    expected = size * profile.rate * timing * rng.lognormvariate(0, 0.15)
    metrics: Row = {part: round(expected * share * (0.75 + 0.5 * draw())) for part, share in profile.parts}
    metrics["Interacciones"] = sum(metrics.values())
    video = form in VIDEO_FORMATS or network == "TikTok"
    if network in ("Facebook", "Instagram"):
        metrics["Alcance"] = round(size)
        metrics["Impresiones"] = round(size * (1.08 + 0.5 * draw()))
        if video:
            metrics["Reproducciones"] = round(size * (1.1 + 0.8 * draw()))
    elif network == "X":  # X reports impressions, not reach
        metrics["Impresiones"] = round(size)
        if video:
            metrics["Reproducciones"] = round(size * (0.25 + 0.35 * draw()))
    elif network == "YouTube":  # views; YouTube's "impressions" are thumbnail impressions
        metrics["Reproducciones"] = round(size)
    else:
        metrics["Reproducciones"] = round(size)
        metrics["Alcance"] = round(size * (0.55 + 0.3 * draw()))
    metrics["Métricas al"] = min(today, day + timedelta(days=rng.randint(2, 7)))
    return metrics


def post_link(rng: random.Random, network: str, form: str, published: datetime) -> tuple[str, str]:
    """The post's permalink and its ID on the network, shaped like the real ones."""
    if network == "X":
        status = str(snowflake(published, rng))
        return f"https://x.com/DADEPBogota/status/{status}", status
    if network == "TikTok":
        video = str((int(published.timestamp()) << 32) | rng.getrandbits(32))
        return f"https://www.tiktok.com/@dadepbogota/video/{video}", video
    if network == "YouTube":
        code = token(rng, 11)
        kind = "shorts/" if form == "Short" else "watch?v="
        return f"https://www.youtube.com/{kind}{code}", code
    if network == "Instagram":
        if form == "Historia":
            story = str(rng.randrange(10**18, 10**19))
            return f"https://www.instagram.com/stories/dadepbogota/{story}/", story
        code = token(rng, 11)
        return f"https://www.instagram.com/{'reel' if form == 'Reel' else 'p'}/{code}/", code
    post = str(rng.randrange(10**15, 10**16))
    paths = {
        "Reel": "reel",
        "Video": "DADEPBogota/videos",
        "En vivo": "DADEPBogota/videos",
        "Historia": "stories/DADEPBogota",
    }
    return f"https://www.facebook.com/{paths.get(form, 'DADEPBogota/posts')}/{post}", post


def post_copy(rng: random.Random, network: str, form: str, template: str) -> str:
    """A post's text from a topic template: an opener, the body, a call to action and hashtags; a story
    carries only the body, and X's text stays within 280 characters."""
    body = fill(rng.choice(OPENERS) + template, rng)
    if form == "Hilo":
        body = f"🧵 {body} 1/{rng.randint(3, 6)}"
    if form == "Historia":
        return body
    call, tags = rng.choice(CALLS), rng.choice(HASHTAGS)
    text = " ".join(filter(None, (body, call, tags)))
    if network != "X" or len(text) <= 280:
        return text
    text = " ".join(filter(None, (body, call)))
    return text if len(text) <= 280 else body[:280]
