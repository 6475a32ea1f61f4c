"""Practice in the browser, through the pages as a browser without JavaScript uses them."""

from __future__ import annotations

from click.testing import CliRunner

from tests.web.conftest import Student, client_of, make_app
from tutor.cli import cli
from tutor.practice.session import Quiz
from tutor.practice.store import open_store

TOPIC = "derivative-rules"


def attempts(app, user="alice"):
    return app.state.engine.store().attempts(user)


def test_home_lists_every_topic_with_a_form_to_practise_it(client):
    page = client.get("/")
    assert page.status_code == 200
    topics = client.app.state.engine.topics()
    for topic in topics:
        assert f'name="topic" value="{topic}"' in page.text
    assert "not practised" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_problem_page_shows_mathml_and_never_the_answer_key(client):
    student = Student(client)
    page = student.start(TOPIC)
    problem = student.problem()
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in page.text
    assert problem.answer_text not in page.text
    assert 'class="answer-key"' not in page.text and 'id="solution"' not in page.text
    assert 'name="answer"' in page.text and "autofocus" in page.text


def test_a_wrong_then_a_right_answer_are_judged_recorded_and_shown(client):
    student = Student(client)
    student.start(TOPIC)
    problem = student.problem()
    wrong = student.answer("x^100 + 7")
    assert "✗ Incorrect" in wrong.text and "2 tries left" in wrong.text
    assert "Interpreted as:" in wrong.text and "<mi>x</mi>" in wrong.text
    right = student.answer(problem.answer_text)
    assert "✓ Correct" in right.text
    assert 'class="answer-key"' in right.text and 'id="solution"' in right.text and "<details" in right.text
    rows = attempts(client.app)
    assert [(r.verdict, r.try_number, r.exercise_id) for r in rows] == [
        ("incorrect", 1, problem.spec.id), ("correct", 2, problem.spec.id)]


def test_an_unreadable_answer_costs_no_try_and_says_where(client):
    student = Student(client)
    student.start(TOPIC)
    page = student.answer("2x^^2")
    assert "Could not read" in page.text and "column 4" in page.text
    assert student.practice().current.tries_left == 3
    assert [r.verdict for r in attempts(client.app)] == ["invalid"]


def test_the_tries_run_out_and_the_answer_is_revealed(client):
    student = Student(client)
    student.start(TOPIC)
    for _ in range(3):
        page = student.answer("x^100 + 7")
    assert 'class="answer-key"' in page.text and student.problem().answer_text in page.text
    assert "Next problem" in page.text


def test_hints_are_shown_one_at_a_time_and_recorded_with_the_answer(client):
    student = Student(client)
    student.start("partial-derivatives")
    hints = list(student.problem().hints)
    assert hints, "the topic's exercises have hints"
    page = student.act("hint")
    assert f"Hint 1 of {len(hints)}" in page.text
    student.answer("x^100 + 7")
    assert attempts(client.app)[-1].hints_used == 1


def test_asking_for_the_solution_shows_it_and_is_recorded(client):
    student = Student(client)
    student.start(TOPIC)
    page = student.act("solution")
    assert 'id="solution"' in page.text and "<details" in page.text and "data-rule=" in page.text
    assert student.problem().answer_text in page.text
    [row] = attempts(client.app)
    assert (row.verdict, row.steps_shown) == ("skipped", True)
    after = student.answer("1")  # the problem is over: no more answers count
    assert 'name="answer"' not in after.text
    assert len(attempts(client.app)) == 1


def test_skip_then_next_then_the_summary(client):
    student = Student(client)
    student.start(TOPIC, count=2)
    student.act("skip")
    first = student.practice().current.result.exercise_id
    page = student.act("next")
    assert "Problem 2 of 2" in page.text
    assert student.practice().current.result.exercise_id != first or len(client.app.state.engine.topics()[TOPIC]) == 1
    student.act("skip")
    summary = student.act("next")
    assert "Session summary" in summary.text and summary.text.count('class="status-skipped"') == 2
    store = client.app.state.engine.store()
    assert store.sessions("alice")[0]["ended_at"] is not None


def test_end_leads_to_the_summary(client):
    student = Student(client)
    student.start(TOPIC)
    student.answer(student.problem().answer_text)
    summary = student.act("end")
    assert "Session summary" in summary.text and "right at the first try: 1" in summary.text


def test_web_attempts_are_in_tutor_stats(client, tmp_path):
    student = Student(client)
    student.start(TOPIC)
    student.answer(student.problem().answer_text)
    result = CliRunner().invoke(cli, ["stats", "--user", "alice", "--db", str(tmp_path / "progress.db"), "--json"])
    assert result.exit_code == 0, result.output
    assert '"topic": "derivative-rules"' in result.output and '"correct": 1' in result.output


def test_the_home_page_shows_mastery_after_practice(client):
    student = Student(client)
    student.start(TOPIC)
    student.answer(student.problem().answer_text)
    page = client.get("/")
    assert "<meter" in page.text


def test_the_next_problem_is_the_quiz_schedulers_choice(tmp_path):
    """The same seed and history give the web the exercises tutor quiz would ask, in order."""
    app = make_app(tmp_path, local_user="alice")
    with client_of(app) as client:
        student = Student(client)
        student.start(TOPIC, count=4, seed=77)
        shown = []
        for _ in range(4):
            shown.append(student.practice().current.result.exercise_id)
            student.act("skip")
            student.act("next")
    library = app.state.engine.library
    candidates = [s for s in library.values() if s.topic == TOPIC]
    lines = iter(["skip"] * 4)
    asked = []
    with open_store(tmp_path / "quiz.db") as store:
        def make_problem(spec, seed):
            asked.append(spec.id)
            return app.state.engine.problem(spec.id, seed)

        Quiz(candidates, make_problem, store, read=lambda prompt: next(lines), write=lambda *a: None,
             user="alice", seed=77, count=4, render_solution=lambda problem, style: "").run()
    assert shown == asked


def test_forms_without_the_csrf_token_are_refused_and_change_nothing(client):
    student = Student(client)
    student.start(TOPIC)
    response = client.post(f"{student.base}/answer", data={"answer": "1"})
    assert response.status_code == 403
    response = client.post(f"{student.base}/answer", data={"answer": "1", "csrf": "forged"})
    assert response.status_code == 403
    assert client.post("/practice", data={"topic": TOPIC}).status_code == 403
    assert attempts(client.app) == []


def test_the_live_preview_reads_without_checking(client):
    student = Student(client)
    student.start(TOPIC)
    good = client.get(f"{student.base}/preview", params={"answer": "3x^2 + 1"}).json()
    assert good["ok"] and good["text"] == "3*x^2 + 1" and "<msup><mi>x</mi><mn>2</mn></msup>" in good["mathml"]
    bad = client.get(f"{student.base}/preview", params={"answer": "3x^^2"}).json()
    assert not bad["ok"] and bad["column"] == 4 and "unexpected" in bad["message"]
    assert client.get(f"{student.base}/preview", params={"answer": ""}).json()["ok"] is False
    assert attempts(client.app) == []
    assert student.problem().answer_text not in str(good)


def test_another_users_session_and_unknown_pages_are_not_found(client):
    student = Student(client)
    student.start(TOPIC)
    assert client.get("/practice/not-a-session").status_code == 404
    assert client.post(f"{student.base}/dance", data={"csrf": student.csrf}).status_code == 404
    sessions = client.app.state.sessions
    assert sessions.get(student.key, "mallory") is None


def test_answers_from_forms_with_lone_surrogates_or_nul_are_stored_safely(client):
    student = Student(client)
    student.start(TOPIC)
    body = f"csrf={student.csrf}&answer=x%ED%A0%80%FF%00".encode()  # a surrogate's bytes, a stray byte, NUL
    response = client.post(f"{student.base}/answer", content=body,
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 303
    page = client.get(student.base)
    assert page.status_code == 200 and "Could not read" in page.text
    assert attempts(client.app)[0].verdict == "invalid"


def test_static_files_are_served_and_nothing_is_fetched_from_outside(client):
    assert client.get("/static/preview.js").status_code == 200
    assert client.get("/static/tutor.css").status_code == 200
    student = Student(client)
    page = student.start(TOPIC)
    assert "http://" not in page.text.replace("http://www.w3.org/1998/Math/MathML", "")
    assert "https://" not in page.text
