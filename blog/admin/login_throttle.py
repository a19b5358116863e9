"""Wrong passwords slow an account down; they never lock it.

The lock-out this replaces was keyed on the typed username: 15 wrong passwords from anywhere
locked the real admin out everywhere, renewably. Now:

- each address may try LOGIN_RATE_LIMIT times (5 per 15 minutes), counted as the attempt
  arrives (auth.py, Flask-Limiter), so parallel guesses from one address are cut to 5;
- past LOGIN_SLOWDOWN_AFTER wrong passwords for an account, its attempts from browsers it does
  not know are judged one at a time, LOGIN_SLOWDOWN seconds apart (doubling per failure, up to
  LOGIN_SLOWDOWN_MAX_SECONDS): an attempt waits for its turn and is then judged, right password
  included, so the slow-down delays but never refuses. At most LOGIN_SLOWDOWN_WAITING attempts
  wait at once (a waiting request holds a worker thread); the rest get a 429 to retry;
- the admin's own browsers skip both (devices.py).
"""

import math
import time

from flask import current_app

from blog.extensions import db
from blog.web import ratelimits

FAILURE_WINDOW_S = 15 * 60


def _failures_key(user_id: int) -> str:
    return f"login-failures/{user_id}"


def delay_for(failures: int) -> float:
    """Seconds between judged attempts after `failures` wrong passwords in the window."""
    config = current_app.config
    after = int(config["LOGIN_SLOWDOWN_AFTER"])
    if failures < after:
        return 0.0
    return min(float(config["LOGIN_SLOWDOWN_MAX_SECONDS"]), 2.0 ** (failures - after))


def wait_for_turn(user_id: int) -> None:
    """Return when this attempt may be judged; TooMany (with the seconds to wait) when others
    are already waiting or the turn is further away than LOGIN_SLOWDOWN_MAX_SECONDS."""
    if not ratelimits.enabled():
        return
    delay = delay_for(ratelimits.current(_failures_key(user_id)))
    if not delay:
        return
    db.session.rollback()  # no connection is held while waiting
    config = current_app.config
    hold = float(config["LOGIN_SLOWDOWN_MAX_SECONDS"]) + 1
    with ratelimits.in_flight(int(config["LOGIN_SLOWDOWN_WAITING"]), "login-wait",
                              str(user_id)):
        deadline = time.monotonic() + hold
        while True:
            wait = ratelimits.take_slot(f"login/{user_id}", delay)
            if not wait:
                return
            if time.monotonic() + wait > deadline:
                raise ratelimits.TooMany(math.ceil(wait))
            time.sleep(min(wait, 0.25))


def record_failure(user_id: int) -> None:
    ratelimits.count(_failures_key(user_id), FAILURE_WINDOW_S)


def record_success(user_id: int) -> None:
    ratelimits.forget(_failures_key(user_id))
