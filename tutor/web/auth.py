"""Who may use the server: an access token, a users file of hashed passwords, signed cookies, CSRF.

A users file has one user per line, ``NAME ROLE HASH`` (``#`` starts a comment), where
ROLE is ``student`` or ``instructor`` and HASH is ``hash_password``'s scrypt string
(``tutor serve --hash-password`` prints one). Instructors (and holders of the token)
may see answer keys: the exercise browser and the validate reports; students may not.

The browser's session is a cookie signed with HMAC-SHA256 under a secret made when the
server starts; it holds the user, the role and the CSRF token that every form carries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from tutor.errors import TutorError
from tutor.web.throttle import FailedLogins, refusal

ROLES = ("student", "instructor")
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}  # about 16 MiB and tens of milliseconds per hash
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MAX_COOKIE = 4096


class AccessError(TutorError):
    """A users file or token that cannot be used."""


@dataclass(frozen=True)
class Identity:
    """Who made a request: a user name and a role."""

    user: str
    role: str = "student"

    @property
    def instructor(self) -> bool:
        return self.role == "instructor"


def hash_password(password: str, salt: bytes | None = None) -> str:
    """An scrypt hash string: ``scrypt$n$r$p$salt$hash`` (base64)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, maxmem=64 * 2 ** 20, dklen=32, **SCRYPT)
    return "$".join(["scrypt", str(SCRYPT["n"]), str(SCRYPT["r"]), str(SCRYPT["p"]),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the scrypt hash string (in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or int(n) > 2 ** 20 or int(r) > 32 or int(p) > 16:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.scrypt(password.encode("utf-8", "surrogatepass"), salt=base64.b64decode(salt, validate=True),
                                n=int(n), r=int(r), p=int(p), maxmem=128 * 2 ** 20, dklen=len(expected))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


def read_users(path) -> dict[str, tuple[str, str]]:
    """``{name: (role, hash)}`` from a users file; AccessError (one line) for a bad line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AccessError(f"cannot read the users file {path}: {getattr(error, 'strerror', None) or error}") from None
    users = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) != 3 or not _NAME.match(fields[0]) or fields[1] not in ROLES \
                or not fields[2].startswith("scrypt$"):
            raise AccessError(f"{path}, line {number}: expected NAME ROLE HASH (ROLE student or instructor, "
                              "HASH from tutor serve --hash-password)")
        if fields[0] in users:
            raise AccessError(f"{path}, line {number}: the user {fields[0]} appears twice")
        users[fields[0]] = (fields[1], fields[2])
    if not users:
        raise AccessError(f"the users file {path} has no users")
    return users


class TooManyFailures(Exception):
    """Refused before checking: too many failed logins from this address or for this name."""

    def __init__(self, seconds: int):
        super().__init__(refusal(seconds))
        self.seconds = seconds


class Access:
    """The credentials a server accepts: a token, users, both, or none (loopback only)."""

    def __init__(self, token: str | None = None, users: dict | None = None, local_user: str = "web"):
        if token is not None and len(token) < 16:
            raise AccessError("the access token must be at least 16 characters long")
        self.token = token
        self.users = users or {}
        self.local_user = local_user
        self._verified: dict[str, bool] = {}  # HMAC of (name, password) -> matched: scrypt once per pair
        self.failures = FailedLogins()  # wrong passwords and tokens, per client address and user name
        self._secret = secrets.token_bytes(32)

    @property
    def open(self) -> bool:
        """No credentials: everyone is the local user (allowed on loopback only)."""
        return self.token is None and not self.users

    def checked(self, address: str | None, user: str | None, check) -> Identity | None:
        """``check()``'s identity, unless ``address`` or ``user`` has failed too often (TooManyFailures);
        a failure is counted against both."""
        wait = self.failures.wait(address, user)
        if wait:
            raise TooManyFailures(wait)
        identity = check()
        if identity is None:
            self.failures.failed(address, user)
        else:
            self.failures.succeeded(user)
        return identity

    def check_token(self, token: str | None) -> Identity | None:
        if self.token is None or not token:
            return None
        if hmac.compare_digest(token.encode("utf-8", "surrogatepass"), self.token.encode("utf-8")):
            return Identity("token", "instructor")
        return None

    def check_password(self, name: str, password: str) -> Identity | None:
        entry = self.users.get(name)
        if entry is None or not password or len(password) > 1024:
            return None
        key = hmac.new(self._secret, f"{name}\0{password}".encode("utf-8", "surrogatepass"), "sha256").hexdigest()
        if key not in self._verified:
            if len(self._verified) > 10_000:
                self._verified.clear()
            self._verified[key] = verify_password(password, entry[1])
        return Identity(name, entry[0]) if self._verified[key] else None

    # -- the signed session cookie ------------------------------------------------------

    def seal(self, data: dict) -> str:
        body = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()
        return f"{body}.{self._sign(body)}"

    def unseal(self, cookie: str | None) -> dict | None:
        if not cookie or len(cookie) > MAX_COOKIE or "." not in cookie:
            return None
        body, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(body.encode()))
        except (ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None

    def _sign(self, body: str) -> str:
        return hmac.new(self._secret, body.encode(), "sha256").hexdigest()


def new_csrf() -> str:
    return secrets.token_urlsafe(24)
