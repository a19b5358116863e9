"""Limits counted by the views themselves, in the storage Flask-Limiter's decorators use (the
file every worker shares, or Redis): charged before the work they guard, never after it.

- `charge`: one more against "N per period" limits, for a step a decorator cannot see (a
  comment that passed the form's checks);
- `InFlight`: at most N requests of one kind from one client at once (parallel comment POSTs);
- `counter`/`take_slot`: the primitives the login throttle builds on.
"""

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from limits import parse_many
from limits.storage import Storage

from blog.extensions import limiter

IN_FLIGHT_EXPIRY_S = 120  # a worker killed mid-request frees its slot at the latest then


class TooMany(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


def storage() -> Storage:
    """The shared storage, or Flask-Limiter's in-memory fallback while Redis is unreachable."""
    return limiter.limiter.storage


def enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


class Charge:
    """One counted against some limits, until `refund` gives it back (the work it paid for
    did not happen: the database was busy)."""

    def __init__(self, items: list, key: tuple[str, ...]) -> None:
        self.items, self.key = items, key

    def refund(self) -> None:
        for item in self.items:
            storage().incr(item.key_for("blog", *self.key), item.get_expiry(), amount=-1)
        self.items = []


def charge(limits_text: str, *key: str) -> Charge:
    """Count one against every limit in `limits_text` ("1 per 15 seconds;10 per hour") for
    `key`; TooMany with the seconds until the first full one frees up."""
    if not enabled():
        return Charge([], key)
    strategy = limiter.limiter
    charged = []
    for item in parse_many(limits_text):
        charged.append(item)
        if not strategy.hit(item, "blog", *key):
            reset = strategy.get_window_stats(item, "blog", *key).reset_time
            raise TooMany(max(1, math.ceil(reset - time.time())))
    return Charge(charged, key)


@contextmanager
def in_flight(limit: int, *key: str) -> Iterator[None]:
    """Hold one of `limit` slots for `key` while the block runs; TooMany when all are taken."""
    if not enabled():
        yield
        return
    counter_key = "inflight/" + "/".join(key)
    store = storage()
    if store.incr(counter_key, IN_FLIGHT_EXPIRY_S) > limit:
        store.incr(counter_key, IN_FLIGHT_EXPIRY_S, amount=-1)
        raise TooMany(1)
    try:
        yield
    finally:
        store.incr(counter_key, IN_FLIGHT_EXPIRY_S, amount=-1)


def count(key: str, window_s: int) -> int:
    """One more in a window of `window_s` seconds that starts at the first; the new total
    (0 with rate limits off: then Flask-Limiter opens no storage)."""
    return storage().incr("count/" + key, window_s) if enabled() else 0


def current(key: str) -> int:
    return storage().get("count/" + key) if enabled() else 0


def forget(key: str) -> None:
    if enabled():
        storage().clear("count/" + key)


def take_slot(key: str, seconds: float) -> float:
    """Claim the one slot `key` has every `seconds`: 0 when claimed now, else the seconds until
    the current holder's slot ends (nothing is claimed then)."""
    if not enabled():
        return 0.0
    store = storage()
    slot_key = "slot/" + key
    if store.incr(slot_key, max(1, math.ceil(seconds))) == 1:
        return 0.0
    return max(0.05, store.get_expiry(slot_key) - time.time())
