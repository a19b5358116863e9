"""An optional second factor for the admin: TOTP codes from an authenticator app (pyotp), with
single-use recovery codes for a lost phone. Asked at login once enrolled."""

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, select

from blog.extensions import db
from blog.models import RecoveryCode, User, utcnow

RECOVERY_CODES = 10
DRIFT_STEPS = 1  # a code from the step before or after is accepted too (clock drift)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning(secret: str, username: str, site_title: str) -> tuple[str, str]:
    """(the otpauth:// URI, a QR code of it as a data: URI for an <img>)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=site_title)
    return uri, segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#111")


def _matching_step(secret: str, code: str) -> int | None:
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time())
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_fits_secret(secret: str, code: str) -> bool:
    """For enrolment: the app shows codes of this secret."""
    return _matching_step(secret, code) is not None


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_digest=_digest(c)) for c in codes)
    return codes


def enrol(user: User, secret: str) -> list[str]:
    """Turn the second factor on; the recovery codes, shown once. Commits."""
    user.totp_secret = secret
    user.totp_last_step = None
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def renew_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def remove(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.commit()


def unused_recovery_codes(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def check_login_code(user: User, code: str) -> bool:
    """A current TOTP code not used before, or an unused recovery code (then used up).
    Commits what it used."""
    if not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False  # a code seen once (read over a shoulder, replayed) is spent
        user.totp_last_step = step
        db.session.commit()
        return True
    recovery = db.session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_digest == _digest(code),
        RecoveryCode.used_at.is_(None)))
    if recovery is None:
        return False
    recovery.used_at = utcnow()
    db.session.commit()
    return True
