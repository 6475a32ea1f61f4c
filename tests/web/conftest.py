"""Fixtures for tutor serve's tests: an app on a fresh progress database, driven in-process
by Starlette's TestClient, and a ``Student`` that practises through the pages as a browser does."""

from __future__ import annotations

import re
import warnings

import pytest

pytest.importorskip("starlette")
with warnings.catch_warnings():  # Starlette prefers httpx2 now; httpx is what the test extra installs
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from tutor.web.app import ServeConfig, create_app  # noqa: E402

LOCAL = "http://127.0.0.1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


def make_app(tmp_path, **settings):
    settings.setdefault("db_path", tmp_path / "progress.db")
    return create_app(ServeConfig(**settings))


def client_of(app, **options) -> TestClient:
    return TestClient(app, base_url=LOCAL, follow_redirects=False, **options)


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path, local_user="alice")


@pytest.fixture
def client(app):
    with client_of(app) as client:
        yield client


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


class Student:
    """Practise through the pages: every step a form post and its redirect, as without JavaScript."""

    def __init__(self, client, user: str | None = None):
        self.client = client
        self.user = user or client.app.state.config.local_user
        self.csrf = csrf_of(client.get("/").text)
        self.key = None

    def start(self, topic: str | None = None, count: int = 3, seed: int | None = None):
        data = {"csrf": self.csrf, "count": str(count)}
        if topic:
            data["topic"] = topic
        if seed is not None:
            data["seed"] = str(seed)
        response = self.client.post("/practice", data=data)
        assert response.status_code == 303, response.text
        self.key = response.headers["location"].rsplit("/", 1)[1]
        return self.page()

    @property
    def base(self) -> str:
        return f"/practice/{self.key}"

    def page(self):
        response = self.client.get(self.base)
        assert response.status_code in (200, 303)
        return response

    def practice(self):
        return self.client.app.state.sessions.get(self.key, self.user)

    def problem(self):
        """The engine's problem on screen (the test's answer key)."""
        result = self.practice().current.result
        return self.client.app.state.engine.problem(result.exercise_id, result.seed)

    def act(self, action: str, **fields):
        response = self.client.post(f"{self.base}/{action}", data={"csrf": self.csrf, **fields})
        assert response.status_code == 303, response.text
        return self.client.get(response.headers["location"].split("#")[0], follow_redirects=True)

    def answer(self, text: str):
        return self.act("answer", answer=text)


class LiveServer:
    """A real uvicorn serving ``app`` on a free loopback port, in a thread of this process."""

    def __init__(self, app):
        import socket

        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = None

    def __enter__(self):
        import threading

        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        stopped = threading.Event()
        while not self.server.started:  # up once uvicorn says so (a bounded wait, not a sleep to time it)
            assert self.thread.is_alive(), "uvicorn stopped before it started"
            stopped.wait(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(30)
        self.socket.close()
