"""What makes an admin password too weak to accept (NIST SP 800-63B: length and a check
against the obvious, no composition rules)."""

import re

MIN_LENGTH = 12
MIN_DISTINCT_CHARACTERS = 5
# Words that make up the passwords an attacker tries first, alone or repeated and padded
# with digits and symbols ("Password1234!", "adminadmin2024", "clingcentral!!").
GUESSABLE_WORDS = (
    "password", "passw0rd", "admin", "administrator", "root", "letmein", "welcome",
    "qwerty", "qwertyuiop", "asdfghjkl", "iloveyou", "changeme", "secret", "blog", "login",
    "clingcentral", "monkey", "dragon", "football", "sunshine", "master",
)
KEYBOARD_AND_SEQUENCES = (
    "qwertyuiopasdfghjklzxcvbnm", "abcdefghijklmnopqrstuvwxyz", "01234567890123456789",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)


def password_problem(password: str, username: str = "") -> str | None:
    """Why `password` is too weak for the admin account, or None when it will do."""
    if len(password) < MIN_LENGTH:
        return f"The password must have at least {MIN_LENGTH} characters."
    lowered = password.lower()
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        return "The password repeats too few characters; use a passphrase of several words."
    if _is_run(lowered):
        return "The password is a keyboard row or a sequence; it is among the first guessed."
    letters = re.sub(r"[^a-z]", "", lowered)
    if any(re.fullmatch(f"(?:{re.escape(word)})+", letters) for word in GUESSABLE_WORDS):
        return "The password is a common word padded with digits; it is among the first guessed."
    name = username.strip().lower()
    if name and len(lowered.replace(name, "")) < 8:
        return "The password is mostly the username; choose something unrelated."
    return None


def _is_run(text: str) -> bool:
    """Stretches of a keyboard row or of the alphabet or digits, forwards or backwards."""
    compact = re.sub(r"[^a-z0-9]", "", text)
    if len(compact) < 6:
        return False
    return any(compact in source or compact in source[::-1] for source in KEYBOARD_AND_SEQUENCES)
