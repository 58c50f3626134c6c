"""A short tone for a screen nobody watches all the time: a kitchen's new ticket, a number
turning ready on the guests' board. Browsers allow audio only after a touch, so the screen
offers a button whose tap is that touch."""

from __future__ import annotations

from browser import page


class Chime:
    def __init__(self, node) -> None:
        self.node = node  # counts its tones in ``data-beeps`` (what a test can see)
        self._audio = None
        self._beeps = 0

    @property
    def on(self) -> bool:
        return self._audio is not None

    def enable(self) -> bool:
        """On this tap; False where the browser has no audio."""
        context = getattr(page.window, "AudioContext", None) or getattr(
            page.window, "webkitAudioContext", None
        )
        if context is None:
            return False
        self._audio = context.new()
        self._audio.resume()
        self.node.setAttribute("data-sound", "on")
        self.ring()
        return True

    def ring(self, frequency: float = 880, seconds: float = 0.35) -> None:
        if self._audio is None:
            return
        now = self._audio.currentTime
        osc = self._audio.createOscillator()
        gain = self._audio.createGain()
        osc.frequency.value = frequency
        gain.gain.setValueAtTime(0.001, now)
        gain.gain.exponentialRampToValueAtTime(0.4, now + 0.02)
        gain.gain.exponentialRampToValueAtTime(0.001, now + seconds)
        osc.connect(gain)
        gain.connect(self._audio.destination)
        osc.start(now)
        osc.stop(now + seconds + 0.05)
        self._beeps += 1
        self.node.setAttribute("data-beeps", str(self._beeps))
