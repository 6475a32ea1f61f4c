"""Many students at once: every attempt reaches the store, none is lost or mixed up."""

from __future__ import annotations

import threading

from tests.web.conftest import client_of, csrf_of, make_app
from tutor.web.auth import read_users

THREADS = 12
ANSWERS = 6


def test_concurrent_students_lose_no_attempt(tmp_path):
    from tutor.web.auth import hash_password

    digest = hash_password("pw")  # one hash for all: the test is about the store, not scrypt
    users = tmp_path / "class.users"
    users.write_text("".join(f"s{n} student {digest}\n" for n in range(THREADS)))
    app = make_app(tmp_path, host="0.0.0.0", users=read_users(users))
    made: dict = {}
    failures: list = []
    barrier = threading.Barrier(THREADS)

    def student(number: int):
        name = f"s{number}"
        try:
            with client_of(app) as client:
                csrf = csrf_of(client.get("/login").text)
                client.post("/login", data={"csrf": csrf, "name": name, "password": "pw"})
                csrf = csrf_of(client.get("/").text)
                started = client.post("/practice", data={"csrf": csrf, "count": "50", "seed": str(number)})
                key = started.headers["location"]
                barrier.wait()
                for n in range(ANSWERS):
                    client.get(key)
                    answer = "1/0" if n % 3 == 2 else f"x^97 + {n}x + {number}"  # wrong, some unreadable
                    response = client.post(f"{key}/answer", data={"csrf": csrf, "answer": answer})
                    assert response.status_code == 303, response.text
                    client.post(f"{key}/skip", data={"csrf": csrf})
                    client.post(f"{key}/next", data={"csrf": csrf})
                made[name] = ANSWERS
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(f"{name}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=student, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures
    assert not any(thread.is_alive() for thread in threads)
    rows = app.state.engine.store().attempts()
    for number in range(THREADS):
        mine = [r for r in rows if r.user == f"s{number}"]
        answers = [r.answer for r in mine if r.verdict != "skipped"]
        assert answers == [("1/0" if n % 3 == 2 else f"x^97 + {n}x + {number}") for n in range(ANSWERS)]
        assert len(mine) == 2 * ANSWERS  # each answer, then its skip
    assert len(rows) == THREADS * ANSWERS * 2
