"""Logging in and out: a user's password (the users file) or the access token, then a signed cookie."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse
from starlette.routing import Route

from tutor.web.auth import TooManyFailures, new_csrf
from tutor.web.guard import client_address, csrf_ok, session_cookie
from tutor.web.responses import form_text, html_page


def routes() -> list:
    return [Route("/login", login_page), Route("/login", login, methods=["POST"]),
            Route("/logout", logout, methods=["POST"])]


async def login_page(request):
    access = request.app.state.access
    if access.open:
        return RedirectResponse("/", status_code=303)
    return html_page(request, "login.j2", with_users=bool(access.users), with_token=access.token is not None,
                     failed=False)


async def login(request):
    access = request.app.state.access
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return html_page(request, "login.j2", status=403, with_users=bool(access.users),
                         with_token=access.token is not None, failed=True)
    name, password, token = (form_text(form.get(field)) for field in ("name", "password", "token"))
    address = client_address(request.scope)
    try:
        if token:
            identity = access.checked(address, None, lambda: access.check_token(token))
        else:
            identity = await run_in_threadpool(access.checked, address, name,
                                               lambda: access.check_password(name, password))
    except TooManyFailures as refused:
        response = html_page(request, "login.j2", status=429, with_users=bool(access.users),
                             with_token=access.token is not None, failed=True, refused=str(refused))
        response.headers["Retry-After"] = str(refused.seconds)
        return response
    if identity is None:
        return html_page(request, "login.j2", status=401, with_users=bool(access.users),
                         with_token=access.token is not None, failed=True)
    session = {"user": identity.user, "role": identity.role, "csrf": new_csrf()}  # a new session: no fixation
    request.scope["state"]["cookie_set"] = True
    response = RedirectResponse("/", status_code=303)
    response.raw_headers.append((b"set-cookie", session_cookie(access, session, request.scope)))
    return response


async def logout(request):
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return RedirectResponse("/", status_code=303)
    request.scope["state"]["cookie_set"] = True
    response = RedirectResponse("/login", status_code=303)
    response.raw_headers.append((b"set-cookie", b"tutor_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"))
    return response
