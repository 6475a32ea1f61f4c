"""``tutor serve``'s application: the routes of each job, behind the guard and the body limit.

    from tutor.web.app import ServeConfig, create_app
    app = create_app(ServeConfig(db_path="progress.db"))   # an ASGI app; uvicorn serves it
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from tutor.errors import TutorError
from tutor.limits import DEFAULT_LIMITS, Limits
from tutor.web.auth import Access, AccessError
from tutor.web.middleware import DEFAULT_MAX_BODY

LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


@dataclass
class ServeConfig:
    """How to serve: where, for whom, with which library and store."""

    db_path: object
    host: str = "127.0.0.1"
    plugins_dir: object = None
    token: str | None = None
    users: dict | None = None  # tutor.web.auth.read_users
    local_user: str = "web"    # the user of a server without credentials
    max_body: int = DEFAULT_MAX_BODY
    count: int = 10            # problems per practice session
    retries: int = 2
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)


def is_loopback(host: str) -> bool:
    if host in ("localhost", "[::1]"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_app(config: ServeConfig, engine=None):
    """The ASGI app. Raises AccessError for a non-loopback host without credentials."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from tutor.web import api, pages_exercises, pages_login, pages_practice
    from tutor.web.engine import Engine
    from tutor.web.guard import Guard
    from tutor.web.middleware import BodyLimit, SecurityHeaders
    from tutor.web.practice import Sessions
    from tutor.web.render import STATIC

    access = Access(config.token, config.users, config.local_user)
    if access.open and not is_loopback(config.host):
        raise AccessError(f"refusing to serve on {config.host} without credentials: give --token or --users FILE "
                          "(or bind 127.0.0.1)")
    routes = [*pages_login.routes(), *pages_practice.routes(), *pages_exercises.routes(), *api.routes(),
              Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static")]
    middleware = [Middleware(SecurityHeaders), Middleware(BodyLimit, max_body=config.max_body)]
    if access.open:  # a server without credentials answers only to local names (no DNS rebinding)
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=LOCAL_HOSTS))
    middleware.append(Middleware(Guard, access=access))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={TutorError: _one_line_error})
    app.state.config = config
    app.state.access = access
    app.state.engine = engine or Engine(config.db_path, config.plugins_dir, config.limits)
    app.state.sessions = Sessions()
    return app


async def _one_line_error(request, error: TutorError):
    """An error the engine explains (the progress database cannot be written, say): its one line, 500."""
    from tutor.web.responses import JSON, error_page

    if request.url.path.startswith("/api/"):
        return JSON({"error": str(error)}, status_code=500)
    return error_page(request, 500, str(error))
