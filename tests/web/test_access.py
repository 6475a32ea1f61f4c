"""Who may use the server: loopback by default, a token or users on any other address,
answer keys for instructors only, sessions in signed cookies, size-limited bodies."""

from __future__ import annotations

import base64
import json

import pytest
from click.testing import CliRunner

from tests.web.conftest import Student, client_of, csrf_of, make_app
from tutor.cli import cli
from tutor.web.auth import AccessError, hash_password, read_users, verify_password

TOKEN = "a-token-of-at-least-16-characters"


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "class.users"
    path.write_text("# a class\n"
                    f"ada student {hash_password('ada-password')}\n"
                    f"prof instructor {hash_password('prof-password')}\n")
    return path


def test_a_non_loopback_server_without_credentials_refuses_to_start(tmp_path):
    for host in ("0.0.0.0", "192.168.1.10", "::", "example.org"):
        with pytest.raises(AccessError, match="refusing to serve"):
            make_app(tmp_path, host=host)
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1"):
        make_app(tmp_path, host=host)


def test_tutor_serve_refuses_in_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2
    assert "refusing to serve on 0.0.0.0 without credentials" in result.output
    assert "Traceback" not in result.output
    short = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--token", "short", "--db", str(tmp_path / "p.db")])
    assert short.exit_code == 2 and "at least 16 characters" in short.output


def test_unauthenticated_requests_to_a_non_loopback_server_are_refused(tmp_path):
    app = make_app(tmp_path, host="0.0.0.0", token=TOKEN)
    with client_of(app) as client:
        assert client.get("/api/exercises").status_code == 401
        assert client.post("/api/check", content="{}", headers={"content-type": "application/json"}).status_code == 401
        assert client.get("/api/openapi.json").status_code == 401
        for path in ("/", "/exercises", "/exercises/power-rule-integer", "/practice/x"):
            response = client.get(path)
            assert (response.status_code, response.headers["location"]) == (303, "/login"), path
        assert client.get("/api/exercises", headers={"authorization": "Bearer wrong-token-of-some-length"}
                          ).status_code == 401
        assert client.get("/api/exercises", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert client.get("/login").status_code == 200 and client.get("/static/tutor.css").status_code == 200


def test_a_browser_logs_in_with_the_token(tmp_path):
    app = make_app(tmp_path, host="0.0.0.0", token=TOKEN)
    with client_of(app) as client:
        csrf = csrf_of(client.get("/login").text)
        assert client.post("/login", data={"csrf": csrf, "token": "wrong-token-of-some-length"}).status_code == 401
        response = client.post("/login", data={"csrf": csrf, "token": TOKEN})
        assert (response.status_code, response.headers["location"]) == (303, "/")
        assert "HttpOnly" in response.headers["set-cookie"] and "SameSite=Strict" in response.headers["set-cookie"]
        assert client.get("/").status_code == 200
        assert client.get("/exercises").status_code == 200  # the token's holder is an instructor


def test_users_log_in_and_students_never_see_answer_keys(tmp_path, users_file):
    app = make_app(tmp_path, host="0.0.0.0", users=read_users(users_file))
    with client_of(app) as client:
        csrf = csrf_of(client.get("/login").text)
        assert client.post("/login", data={"csrf": csrf, "name": "ada", "password": "nope"}).status_code == 401
        assert client.post("/login", data={"name": "ada", "password": "ada-password"}).status_code == 403  # no CSRF
        assert client.post("/login", data={"csrf": csrf, "name": "ada", "password": "ada-password"}).status_code == 303
        assert client.get("/exercises").status_code == 403
        assert client.get("/exercises/power-rule-integer").status_code == 403
        assert client.get("/exercises/power-rule-integer/validate").status_code == 403
        student = Student(client, "ada")
        student.start("derivative-rules")
        student.answer(student.problem().answer_text)
        assert [a.user for a in app.state.engine.store().attempts()] == ["ada"]
        csrf = csrf_of(client.get("/").text)
        assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    with client_of(app) as teacher:
        csrf = csrf_of(teacher.get("/login").text)
        teacher.post("/login", data={"csrf": csrf, "name": "prof", "password": "prof-password"})
        assert teacher.get("/exercises").status_code == 200
        assert teacher.app.state.sessions.get(student.key, "prof") is None  # not ada's session


def test_the_api_takes_basic_credentials(tmp_path, users_file):
    app = make_app(tmp_path, host="0.0.0.0", users=read_users(users_file))

    def basic(name, password):
        return {"authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}

    with client_of(app) as client:
        assert client.get("/api/exercises", headers=basic("ada", "ada-password")).status_code == 200
        assert client.get("/api/exercises", headers=basic("ada", "wrong")).status_code == 401
        assert client.get("/api/exercises", headers={"authorization": "Basic %%%"}).status_code == 401


def test_a_forged_or_altered_session_cookie_is_not_a_login(tmp_path, users_file):
    app = make_app(tmp_path, host="0.0.0.0", users=read_users(users_file))
    forged = base64.urlsafe_b64encode(json.dumps({"user": "prof", "role": "instructor", "csrf": "x"}).encode())
    with client_of(app, cookies={"tutor_session": forged.decode() + ".00"}) as client:
        assert client.get("/exercises").status_code == 303
    other = make_app(tmp_path, host="0.0.0.0", users=read_users(users_file))  # another server's secret
    sealed = other.state.access.seal({"user": "prof", "role": "instructor", "csrf": "x"})
    with client_of(app, cookies={"tutor_session": sealed}) as client:
        assert client.get("/exercises").status_code == 303


def test_password_hashes_and_users_files():
    stored = hash_password("secret")
    assert stored.startswith("scrypt$") and "secret" not in stored
    assert verify_password("secret", stored) and not verify_password("Secret", stored)
    assert not verify_password("secret", "scrypt$99999999$8$1$AAAA$AAAA")  # too costly parameters
    assert not verify_password("secret", "md5$whatever")


@pytest.mark.parametrize("text, words", [
    ("ada student plaintext\n", "line 1"),
    ("ada teacher scrypt$1\n", "line 1"),
    ("# nobody\n", "has no users"),
    ("ada student scrypt$x\nada student scrypt$y\n", "appears twice"),
])
def test_bad_users_files_are_one_line_errors(tmp_path, text, words):
    path = tmp_path / "bad.users"
    path.write_text(text)
    with pytest.raises(AccessError, match=words) as caught:
        read_users(path)
    assert "\n" not in str(caught.value)
    result = CliRunner().invoke(cli, ["serve", "--users", str(path), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2 and words in result.output


def test_hash_password_prints_a_users_file_hash():
    result = CliRunner().invoke(cli, ["serve", "--hash-password"], input="pw-123\npw-123\n")
    assert result.exit_code == 0
    assert verify_password("pw-123", result.output.strip().splitlines()[-1])


def test_an_open_server_answers_only_to_local_host_names(tmp_path):
    app = make_app(tmp_path)
    with client_of(app) as client:
        assert client.get("/", headers={"host": "evil.example"}).status_code == 400
        assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_request_bodies_are_size_limited(tmp_path):
    app = make_app(tmp_path, max_body=2048)
    with client_of(app) as client:
        big = json.dumps({"expected": "x", "answer": "x+" * 2000 + "x"})
        response = client.post("/api/check", content=big, headers={"content-type": "application/json"})
        assert response.status_code == 413

        def chunks():  # no Content-Length: the limit still holds while the body arrives
            for _ in range(10):
                yield b"x" * 1000

        response = client.post("/api/check", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413
        small = client.post("/api/check", content=json.dumps({"expected": "x", "answer": "x"}),
                            headers={"content-type": "application/json"})
        assert small.status_code == 200


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/"), client.get("/api/exercises"), client.get("/static/preview.js"),
                     client.get("/nope")):
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
