"""A device's health in plain words (the Health tab, the managers' flag and notice): the
server's verdicts (``domain.device_health``) as a person reads them, in the device's language.
Pure: the screens put the words on the page."""

from __future__ import annotations

from ui.i18n import Translator


def duration(seconds: float, t: Translator) -> str:
    """ "12 min", "2 h", "2 h 5 min", "40 s": how long, as a person says it."""
    seconds = abs(int(seconds))
    if seconds < 60:
        return t("health.seconds", n=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return t("health.minutes", n=minutes)
    hours, minutes = divmod(minutes, 60)
    if minutes == 0:
        return t("health.hours", n=hours)
    return t("health.hours_minutes", h=hours, m=minutes)


def trouble_words(trouble: dict, t: Translator, clock: str = "") -> str:
    """One trouble; ``clock``: an offline device's last-heard time as the screen shows it."""
    kind, n = trouble.get("kind"), int(trouble.get("count") or 0)
    seconds = int(trouble.get("seconds") or 0)
    if kind == "waiting":
        return t("health.waiting", n=n, time=duration(seconds, t))
    if kind == "refused":
        return t("health.refused", n=n)
    if kind == "old_app":
        return t("health.old_app")
    if kind == "clock":
        return t("health.clock", time=duration(seconds, t))
    if kind == "link":
        return t("health.link", n=n, ms=seconds)
    if kind == "storage":
        return t("health.storage", pct=seconds)
    if kind == "offline":
        return t("health.offline", time=clock or "?")
    return str(kind)


def state_words(troubles: list[dict], t: Translator, clock: str = "") -> str:
    """A device's state: "ok", or its troubles joined."""
    if not troubles:
        return t("health.ok")
    return " · ".join(trouble_words(trouble, t, clock) for trouble in troubles)


def notice_words(notice: dict, t: Translator) -> str:
    """A ``device_health`` notice: which device, and what it needs a person for."""
    return t("health.flag", name=str(notice.get("name") or notice.get("device")),
             what=state_words(list(notice.get("troubles") or []), t))  # fmt: skip
