"""tutor serve under hostile input: the hostile-answer corpus through the API and the pages,
hostile expected answers, and a check that never ends, which times out in a worker thread."""

from __future__ import annotations

import json
import os
import threading

import pytest

pytest.importorskip("starlette")

from tests.security.test_limits import HOSTILE as LIMIT_BOMBS  # noqa: E402
from tests.test_hostile import HOSTILE, PAYLOAD_FILES, ROOT  # noqa: E402
from tests.web.conftest import Student, client_of, make_app  # noqa: E402

ANSWERS = {**HOSTILE, **{f"limits/{n}": text for n, text in enumerate(LIMIT_BOMBS)}}
EXERCISE = "power-rule-integer"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("web"), local_user="alice")
    with client_of(app) as client:
        yield client


@pytest.fixture(autouse=True)
def nothing_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield
    assert os.listdir(tmp_path) == []
    for name in PAYLOAD_FILES:
        assert not (ROOT / name).exists(), f"{name} appeared in the repository"


def _post(client, path, body):
    return client.post(path, content=json.dumps(body, ensure_ascii=True),
                       headers={"content-type": "application/json"})


def assert_invalid_or_too_large(response, answer):
    body_size = len(json.dumps(answer, ensure_ascii=True))
    if response.status_code == 413:
        assert body_size > 64 * 1024 - 200
        return
    assert response.status_code == 200, response.text[:200]
    data = response.json()
    assert data["verdict"] in ("invalid", "incorrect"), data["message"]
    if data["verdict"] == "incorrect":  # a legal but huge value is judged, never run
        return
    assert data["method"] in ("parse", "limit", "timeout", "kind")
    message = data["message"]
    assert message.strip() and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("key", sorted(ANSWERS))
def test_hostile_answers_through_the_check_api(server, key):
    answer = ANSWERS[key]
    response = _post(server, "/api/check", {"expected": "x^2", "answer": answer, "variables": ["x"]})
    assert_invalid_or_too_large(response, answer)


@pytest.mark.parametrize("key", sorted(ANSWERS))
def test_hostile_answers_to_an_exercise(server, key):
    answer = ANSWERS[key]
    response = _post(server, f"/api/exercises/{EXERCISE}/check", {"seed": 1, "answer": answer})
    assert_invalid_or_too_large(response, answer)


@pytest.mark.parametrize("key", sorted(k for k in ANSWERS if len(ANSWERS[k]) <= 4000))
def test_hostile_answers_in_the_live_preview(server, key):
    student = Student(server)
    student.start("derivative-rules")
    response = server.get(f"{student.base}/preview", params={"answer": ANSWERS[key].encode("utf-8", "replace")})
    assert response.status_code == 200
    data = response.json()
    assert "\n" not in data["message"] and "Traceback" not in data["message"]


@pytest.mark.parametrize("key", ["code/import-system", "code/f-string-double", "huge/tower-9", "char/nul",
                                 "huge/parens-1000", "code/open-write-chained"])
def test_hostile_expected_answers_are_one_line_refusals(server, key):
    response = _post(server, "/api/check", {"expected": ANSWERS[key], "answer": "x"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert "\n" not in error and "Traceback" not in error


def test_hostile_answers_through_the_practice_form_are_recorded_as_invalid(server):
    student = Student(server)
    student.start("derivative-rules")
    before = len(server.app.state.engine.store().attempts("alice"))
    sent = [ANSWERS[k] for k in ("code/import-system", "huge/tower-9", "char/rtl-override", "huge/parens-1000")]
    for answer in sent:
        page = student.answer(answer)
        assert page.status_code == 200 and "Could not read" in page.text
    rows = server.app.state.engine.store().attempts("alice")[before:]
    assert [r.verdict for r in rows] == ["invalid"] * len(sent)


SPIN_PLUGIN = '''
import threading
from pathlib import Path

from tutor import hookimpl

HERE = Path(__file__).parent


def check_spin(expected, answer, judge):
    (HERE / "ran_in.txt").write_text(threading.current_thread().name)
    while True:
        pass


@hookimpl
def exercise_dirs():
    return [HERE / "spin_exercises"]


@hookimpl
def register_answer_kinds(register):
    register("spin", check_spin)
'''

SPIN_EXERCISE = """topic: spin
exercises:
  - id: never-ends
    title: A check that never ends
    variables: [x]
    prompt: Type x.
    answer: {value: "x", kind: spin}
"""


def test_a_check_that_never_ends_times_out_off_the_main_thread(tmp_path_factory):
    place = tmp_path_factory.mktemp("spin")
    plugins = place / "plugins"
    (plugins / "spin_exercises").mkdir(parents=True)
    (plugins / "spin_plugin.py").write_text(SPIN_PLUGIN)
    (plugins / "spin_exercises" / "spin.yaml").write_text(SPIN_EXERCISE)
    app = make_app(place, local_user="alice", plugins_dir=str(plugins))
    with client_of(app) as client:
        response = _post(client, "/api/exercises/never-ends/check", {"seed": 1, "answer": "x"})
        assert response.status_code == 200
        data = response.json()
        assert (data["verdict"], data["method"]) == ("invalid", "timeout")
        assert (plugins / "ran_in.txt").read_text() != threading.main_thread().name
        student = Student(client)
        student.start("spin")
        page = student.answer("x")
        assert "longer than the limit" in page.text
        assert client.get("/api/exercises").status_code == 200  # the server still answers


HOSTILE_PROMPT = """topic: hostile-prompt
exercises:
  - id: script-in-prompt
    title: "<img src=x onerror=alert(1)>"
    variables: [x]
    define:
      f: "x^2"
    prompt: "<script>alert(1)</script> f = {{ f }}, again {{ f | pretty }};
      a forged slot \\ue000abcdef0123456789:0\\ue001"
    hints: ["<b>bold</b>"]
    answer: {value: "diff(f, x)"}
"""


def test_exercise_text_is_escaped_and_only_engine_maths_is_markup(tmp_path_factory):
    place = tmp_path_factory.mktemp("prompt")
    plugins = place / "plugins"
    (plugins / "hostile_prompt").mkdir(parents=True)
    (plugins / "hostile_prompt" / "__init__.py").write_text(
        "from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\ndef exercise_dirs():\n"
        "    return [Path(__file__).parent]\n")
    (plugins / "hostile_prompt" / "prompt.yaml").write_text(HOSTILE_PROMPT)
    app = make_app(place, local_user="alice", plugins_dir=str(plugins))
    with client_of(app) as client:
        pages = [client.get("/exercises/script-in-prompt").text]
        student = Student(client)
        student.start("hostile-prompt")
        student.act("hint")
        pages.append(client.get(student.base).text)
        api = client.get("/api/exercises/script-in-prompt/problem").json()["prompt_html"]
    for text in [*pages, api]:
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold" not in text
        assert "&lt;script&gt;" in text
        prompt = text[text.index("f = "):]
        assert prompt.count("<math") >= 2 and "<msup><mi>x</mi><mn>2</mn></msup>" in prompt
        assert "abcdef0123456789:0" in prompt  # a slot the exercise forged stays text
