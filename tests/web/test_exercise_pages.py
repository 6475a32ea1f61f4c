"""The instructors' exercise browser: variants with answer keys, and validate reports."""

from __future__ import annotations

EXERCISE = "power-rule-integer"


def test_the_exercise_list_links_every_exercise(client):
    page = client.get("/exercises")
    assert page.status_code == 200
    for exercise_id in client.app.state.engine.library:
        assert f'href="/exercises/{exercise_id}"' in page.text


def test_an_exercise_page_shows_prompt_key_hints_diagnoses_and_solution(client):
    page = client.get(f"/exercises/{EXERCISE}", params={"seed": 5})
    assert page.status_code == 200
    problem = client.app.state.engine.problem(EXERCISE, 5)
    assert problem.answer_text in page.text
    for hint in problem.hints:
        assert hint.replace("'", "&#39;").replace('"', "&#34;") in page.text
    for _, diagnosis in problem.diagnoses:
        assert diagnosis.message.replace("'", "&#39;").replace('"', "&#34;") in page.text
    assert "<details" in page.text and page.text.count("<math") >= 3
    other = client.get(f"/exercises/{EXERCISE}", params={"seed": 6})
    assert client.app.state.engine.problem(EXERCISE, 6).answer_text in other.text


def test_bad_seeds_and_unknown_exercises(client):
    assert client.get(f"/exercises/{EXERCISE}", params={"seed": "x"}).status_code == 400
    assert client.get(f"/exercises/{EXERCISE}", params={"seed": "-1"}).status_code == 400
    assert client.get("/exercises/nope").status_code == 404
    assert client.get("/exercises/nope/validate").status_code == 404


def test_the_validate_report_of_the_exercises_file(client):
    spec = client.app.state.engine.library[EXERCISE]
    page = client.get(f"/exercises/{EXERCISE}/validate", params={"seeds": 2})
    assert page.status_code == 200
    in_file = sum(1 for s in client.app.state.engine.library.values() if s.source == spec.source)
    assert f"{in_file} exercises, {2 * in_file} variants: ok" in page.text
    assert client.get(f"/exercises/{EXERCISE}/validate", params={"seeds": "1000"}).status_code == 400


def test_a_broken_exercise_file_is_reported(tmp_path):
    from tests.web.conftest import client_of, make_app

    plugins = tmp_path / "plugins"
    (plugins / "broken").mkdir(parents=True)
    (plugins / "broken" / "__init__.py").write_text(
        "from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\ndef exercise_dirs():\n"
        "    return [Path(__file__).parent]\n")
    (plugins / "broken" / "broken.yaml").write_text(
        "topic: broken\nexercises:\n  - id: wrong-key\n    title: A wrong key\n    variables: [x]\n"
        "    prompt: Differentiate x^2.\n    answer: {value: \"2*x\"}\n"
        "    solution:\n      - steps: \"diff_steps(x^3, x)\"\n")
    app = make_app(tmp_path, local_user="alice", plugins_dir=str(plugins))
    with client_of(app) as client:
        page = client.get("/exercises/wrong-key/validate", params={"seeds": 1})
    assert page.status_code == 200
    assert "failure" in page.text and "wrong-key" in page.text
