"""What every route uses: the request's identity and engine, pages, JSON, form text, refusals."""

from __future__ import annotations

import json

from starlette.responses import HTMLResponse, Response

from tutor.web.render import page

MAX_FIELD = 10_000  # characters of one form field read


class JSON(Response):
    """JSON in ASCII (\\u escapes): any text, a lone surrogate included, is sent intact and safely."""

    media_type = "application/json"

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def identity(request):
    return request.scope["state"]["identity"]


def engine(request):
    return request.app.state.engine


def csrf(request) -> str:
    return request.scope["state"]["session"]["csrf"]


def html_page(request, template: str, status: int = 200, **values) -> HTMLResponse:
    """A page from ``template`` with the identity and CSRF token every page's layout needs."""
    who = identity(request)
    text = page(template, user=who, csrf=csrf(request), open_server=request.app.state.access.open, **values)
    return HTMLResponse(text, status_code=status, headers={"Cache-Control": "no-store"})


def error_page(request, status: int, message: str) -> HTMLResponse:
    return html_page(request, "error.j2", status=status, message=message)


def form_text(value) -> str:
    """A form field as text fit for the store and the page: bounded, lone surrogates replaced."""
    text = value if isinstance(value, str) else ""
    return text[:MAX_FIELD].encode("utf-8", "replace").decode("utf-8")


def forbidden_unless_instructor(request):
    """A 403 page (or JSON for the API) unless the request may see answer keys; None when it may."""
    who = identity(request)
    if who is not None and who.instructor:
        return None
    if request.url.path.startswith("/api/"):
        return JSON({"error": "instructors only: answer keys are not shown to students"}, status_code=403)
    return error_page(request, 403, "Instructors only: answer keys are not shown to students.")
