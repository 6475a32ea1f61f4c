"""Every request's identity and CSRF token, checked before any route runs.

The identity comes from a bearer token (``Authorization: Bearer TOKEN``), HTTP Basic
credentials of the users file, or the signed session cookie a login sets; on a server
without credentials (loopback only) everyone is the local user. Requests without one
are refused: 401 for the API, a redirect to the login page for pages. Every browser
gets a session cookie holding its CSRF token, which every form post must carry.
"""

from __future__ import annotations

import base64
import binascii

from tutor.web.auth import Access, Identity, TooManyFailures, new_csrf

COOKIE = "tutor_session"
PUBLIC = ("/login", "/static/")  # reachable before logging in


def identify(access: Access, headers, session: dict, address: str | None = None) -> Identity | None:
    """The request's identity, or None; TooManyFailures when ``address`` (or the user name given)
    has failed to log in too often."""
    if access.open:
        return Identity(access.local_user, "instructor")
    authorization = headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer":
        return access.checked(address, None, lambda: access.check_token(credentials.strip()))
    if scheme.lower() == "basic":
        try:
            name, _, password = base64.b64decode(credentials.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        return access.checked(address, name, lambda: access.check_password(name, password))
    if session.get("user") and session.get("role"):
        return Identity(str(session["user"]), str(session["role"]))
    return None


def client_address(scope) -> str | None:
    """The client's address as the server saw it (behind a proxy: the proxy's, unless uvicorn
    is told to trust its forwarded headers)."""
    client = scope.get("client")
    return client[0] if client else None


class Guard:
    """ASGI middleware: attach ``state['identity']`` and ``state['session']``, refuse strangers."""

    def __init__(self, app, access: Access):
        self.app, self.access = app, access

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from starlette.datastructures import Headers
        from starlette.requests import cookie_parser
        from starlette.responses import JSONResponse, RedirectResponse

        headers = Headers(scope=scope)
        session = self.access.unseal(cookie_parser(headers.get("cookie", "")).get(COOKIE))
        fresh = session is None or not isinstance(session.get("csrf"), str)
        if fresh:
            session = {"csrf": new_csrf()}
        try:
            identity = identify(self.access, headers, session, client_address(scope))
        except TooManyFailures as refused:
            response = JSONResponse({"error": str(refused)}, status_code=429,
                                    headers={"Retry-After": str(refused.seconds)})
            return await response(scope, receive, send)
        state = scope.setdefault("state", {})
        state["session"], state["identity"] = session, identity
        path = scope.get("path", "")
        if identity is None and not path.startswith(PUBLIC):
            if path.startswith("/api/"):
                response = JSONResponse({"error": "authentication required: a bearer token or a user's password"},
                                        status_code=401, headers={"WWW-Authenticate": 'Bearer, Basic realm="tutor"'})
            else:
                response = RedirectResponse("/login", status_code=303)
            return await response(scope, receive, send)

        async def send_with_cookie(message):
            if fresh and message["type"] == "http.response.start" and not state.get("cookie_set"):
                message = {**message, "headers": [*message.get("headers", []),
                                                   (b"set-cookie", session_cookie(self.access, session, scope))]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def session_cookie(access: Access, session: dict, scope) -> bytes:
    """The Set-Cookie value for ``session``: signed, HttpOnly, SameSite=Strict (Secure over https)."""
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    return f"{COOKIE}={access.seal(session)}; Path=/; HttpOnly; SameSite=Strict{secure}".encode()


def csrf_ok(request, submitted) -> bool:
    """True when a form's (or header's) CSRF token is this browser session's."""
    import hmac

    expected = request.scope["state"]["session"].get("csrf", "")
    return isinstance(submitted, str) and bool(expected) and hmac.compare_digest(submitted, expected)
