"""Rate limit for the public QR check-in page: guessing phone digits for a name must not be cheap.

After 5 failed matches from one browser session (or, without a session cookie, one IP address) for a token
within 10 minutes, further attempts are refused. An IP address as a whole gets a larger allowance, since
a hall full of phones often shares one address through the venue's Wi-Fi.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 10 * 60
PER_BROWSER = 5
PER_ADDRESS = 30
TOO_MANY = "尝试次数过多，请稍后再试"


def _keys(request: HttpRequest, token: str) -> list[tuple[str, int]]:
    token_hash = hashlib.sha256(token.encode()).hexdigest()[:16]
    address = request.META.get("REMOTE_ADDR", "")
    session_key = request.session.session_key
    keys = [(f"gonghui:checkin:{token_hash}:ip:{address}", PER_ADDRESS if session_key else PER_BROWSER)]
    if session_key:
        keys.append((f"gonghui:checkin:{token_hash}:s:{session_key}", PER_BROWSER))
    return keys


def check_in_blocked(request: HttpRequest, token: str) -> bool:
    """True when this browser (or address) has used up its failed attempts for the token."""
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(request, token))


def check_in_failed(request: HttpRequest, token: str) -> None:
    """Count one failed match against this browser and its address."""
    for key, _ in _keys(request, token):
        if not cache.add(key, 1, timeout=WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=WINDOW_SECONDS)
