"""Failed logins are limited: after MAX_FAILURES wrong passwords or tokens from one address
(or for one name) within the window, attempts are refused with 429 and Retry-After, even
with the right password, until the window has passed (the clock is the throttle's, moved
by the test); a logged-in session is not affected."""

from __future__ import annotations

import base64

import pytest

from tests.web.conftest import client_of, csrf_of, make_app
from tutor.web.auth import hash_password, read_users
from tutor.web.throttle import MAX_FAILURES, WINDOW_SECONDS, FailedLogins

TOKEN = "a-token-of-at-least-16-characters"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def throttled(tmp_path):
    users = tmp_path / "class.users"
    users.write_text(f"ada student {hash_password('ada-password')}\nbob student {hash_password('bob-password')}\n")
    app = make_app(tmp_path, host="0.0.0.0", users=read_users(users), token=TOKEN)
    clock = app.state.access.failures.clock = Clock()
    return app, clock


def log_in(client, csrf, **fields):
    return client.post("/login", data={"csrf": csrf, **fields})


def test_a_guessed_password_is_refused_after_the_limit_even_when_right(throttled):
    app, clock = throttled
    with client_of(app) as client:
        csrf = csrf_of(client.get("/login").text)
        for _ in range(MAX_FAILURES):
            assert log_in(client, csrf, name="ada", password="guess").status_code == 401
        refused = log_in(client, csrf, name="ada", password="ada-password")
        assert refused.status_code == 429 and "too many failed logins" in refused.text
        assert 0 < int(refused.headers["Retry-After"]) <= WINDOW_SECONDS
        clock.now += WINDOW_SECONDS
        assert log_in(client, csrf, name="ada", password="ada-password").status_code == 303


def test_the_api_refuses_a_token_guesser_with_429(throttled):
    app, clock = throttled
    with client_of(app) as client:
        for n in range(MAX_FAILURES):
            wrong = {"authorization": f"Bearer wrong-token-number-{n:04d}"}
            assert client.get("/api/exercises", headers=wrong).status_code == 401
        right = {"authorization": f"Bearer {TOKEN}"}
        refused = client.get("/api/exercises", headers=right)
        assert refused.status_code == 429 and "too many failed logins" in refused.json()["error"]
        clock.now += WINDOW_SECONDS + 1
        assert client.get("/api/exercises", headers=right).status_code == 200


def test_a_name_under_attack_from_many_addresses_is_limited_too():
    clock = Clock()
    failures = FailedLogins(clock)
    for n in range(MAX_FAILURES):
        failures.failed(f"10.0.0.{n}", "ada")
    assert failures.wait("10.0.1.1", "ada") > 0  # a new address, the same name
    assert failures.wait("10.0.1.1", "bob") == 0
    failures.succeeded("ada")
    assert failures.wait("10.0.1.1", "ada") == 0


def test_basic_credentials_count_and_a_logged_in_browser_keeps_working(throttled):
    app, _ = throttled
    with client_of(app) as browser, client_of(app) as guesser:
        csrf = csrf_of(browser.get("/login").text)
        assert log_in(browser, csrf, name="bob", password="bob-password").status_code == 303
        for _ in range(MAX_FAILURES):
            wrong = {"authorization": "Basic " + base64.b64encode(b"bob:guess").decode()}
            assert guesser.get("/api/exercises", headers=wrong).status_code == 401
        assert guesser.get("/api/exercises", headers=wrong).status_code == 429
        assert browser.get("/").status_code == 200  # the session cookie is not a password attempt
