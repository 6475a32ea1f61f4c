"""tutor in Jupyter: rendered problems, verdicts and solutions, the widget quiz driven from Python, and
docs/notebook.ipynb executed by a real kernel (nbclient)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import ROOT
from quiz_course import RIGHT, WRONG, plugins_dir
from tutor.practice.clock import fixed_clock, parse_time
from tutor.practice.store import open_store

NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
DAY0 = parse_time("2026-03-02T09:00:00+00:00")


# -- rendering ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def power_problem():
    import tutor.notebook as tn

    return tn.problem("power-rule-integer", seed=3)


def test_a_problem_shows_its_prompt_with_latex_from_the_engine(power_problem):
    bundle = power_problem._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/latex"}
    assert r"Differentiate f(x) = \(7 x^{7}\). Give f′(x)." in bundle["text/html"]
    assert "[power-rule-integer, seed 3, topic derivative-rules]" in bundle["text/html"]
    assert power_problem._repr_latex_() == r"$\text{Differentiate f(x) = }7 x^{7}\text{. Give f′(x).}$"
    assert power_problem._repr_html_() == bundle["text/html"]
    assert "Differentiate f(x) = 7·x⁷" in bundle["text/plain"]


def test_a_verdict_shows_itself_and_a_checked_answer_typesets_its_reading(power_problem):
    import tutor.notebook as tn

    verdict = power_problem.check("7x^6")
    assert "interpreted as: <code>7·x⁶</code>" in verdict._repr_html_() and "✗ incorrect" in verdict._repr_html_()
    assert verdict._repr_mimebundle_()["text/latex"].startswith(r"$\text{7·x⁶}\quad\text{✗ incorrect")
    right = tn.check(power_problem, "49x^6")
    assert right.status == "correct"
    assert r"interpreted as: \(49 x^{6}\)" in right._repr_html_() and "✓ correct" in right._repr_html_()
    assert right._repr_latex_().startswith(r"$49 x^{6}\quad\text{✓ correct")
    unreadable = tn.check(power_problem, "49x^<6")
    assert unreadable.value_latex is None and "could not read that" in unreadable._repr_html_()
    assert "unexpected &#x27;&lt;&#x27;" in unreadable._repr_html_()   # the message, escaped for HTML


def test_a_worked_solution_shows_each_step_with_its_maths(power_problem):
    import tutor.notebook as tn

    shown = tn.solution(power_problem)
    page = shown._repr_html_()
    assert page.startswith('<div class="tutor-solution"><b>Worked solution</b><ol><li>')
    assert r"\(\frac{d}{dx}\left[7 x^{7}\right] = 49 x^{6}\)" in page
    assert page.count("<li>") == len(shown.lines()) >= 3
    assert r"\frac{d}{dx}\left[x^{7}\right] = 7 x^{6}" in shown._repr_latex_()
    assert shown._repr_mimebundle_()["text/plain"] == shown.text and "49·x⁶" in shown.text


def test_importing_tutor_notebook_imports_neither_sympy_nor_ipywidgets():
    """A fresh interpreter is the point: what the import itself loads."""
    code = ("import sys, tutor, tutor.notebook\n"
            "print('sympy' in sys.modules, 'ipywidgets' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.split() == ["False", "False"], result.stderr


# -- the widget quiz, driven from Python --------------------------------------------------------

@pytest.fixture
def quiz(tmp_path):
    import tutor.notebook as tn

    plugins = plugins_dir(tmp_path)
    made = tn.quiz(topic="quizdemo-derivatives", user="ada", db=tmp_path / "p.db", seed=2, retries=1,
                   plugins_dir=str(plugins), clock=fixed_clock(DAY0))
    yield made
    made.close()


def test_the_widget_quiz_reads_as_you_type_and_judges_on_submit(quiz, tmp_path):
    first = quiz.problem.id
    assert first == "qd-square"                      # new material, the easier first
    assert r"\(x^{2} + 3 x\)" in quiz.prompt.value
    quiz.answer.value = "2x+"
    assert "cannot read that yet" in quiz.interpreted.value
    quiz.answer.value = WRONG[first]
    assert quiz.interpreted.value == r"interpreted as: \(2 x\)"
    quiz.submit.click()
    assert quiz.verdict.status == "incorrect" and "You forgot the derivative of 3·x" in quiz.feedback_text
    assert "1 try left" in quiz.feedback_text and not quiz.submit.disabled
    quiz.hint.click()
    assert "Hint 1 of 2: The power rule" in quiz.help.value
    quiz.answer.value = RIGHT[first]
    quiz.submit.click()
    assert quiz.verdict.status == "correct" and quiz.submit.disabled and quiz.next.description == "next"
    quiz.next.click()
    assert quiz.problem.id == "qd-cube" and quiz.answer.value == "" and not quiz.submit.disabled
    quiz.solution.click()
    assert "Worked solution" in quiz.help.value and "f′(x) = 12·x²." in quiz.help.value
    quiz.answer.value = RIGHT["qd-cube"]
    quiz.submit.click()
    assert quiz.verdict.status == "correct"
    with open_store(tmp_path / "p.db") as store:
        attempts = store.attempts("ada")
        reviews = store.reviews("ada")
    assert [(a.exercise_id, a.verdict, a.hints_used, a.steps_shown, a.try_number) for a in attempts] == [
        ("qd-square", "incorrect", 0, False, 1), ("qd-square", "correct", 1, False, 2),
        ("qd-cube", "correct", 0, True, 1)]
    assert all(a.created_at.startswith("2026-03-02T09:00") for a in attempts)
    # right after a hint and a retry: hard; right after the worked solution: again
    assert [(r["exercise_id"], r["rating"], r["first_try"]) for r in reviews] == [("qd-square", 2, 0),
                                                                                  ("qd-cube", 1, 0)]


def test_next_skips_an_unfinished_problem_and_tries_run_out(quiz, tmp_path):
    quiz.next.click()                                 # skip the first, untouched
    second = quiz.problem.id
    for _ in range(2):                                # retries=1: two wrong answers end it
        quiz.answer.value = WRONG[second]
        quiz.submit.click()
    assert "The answer:" in quiz.feedback_text and quiz.submit.disabled
    quiz.answer.value = "2x+)"                        # a finished problem takes no more answers
    quiz.submit.click()
    with open_store(tmp_path / "p.db") as store:
        verdicts = [(a.exercise_id, a.verdict) for a in store.attempts("ada")]
        assert [r["rating"] for r in store.reviews("ada")] == [1, 1]
    assert verdicts == [("qd-square", "skipped"), (second, "incorrect"), (second, "incorrect")]


def test_an_unknown_topic_is_refused_naming_the_topics(tmp_path):
    import tutor.notebook as tn

    with pytest.raises(ValueError, match="unknown topic or exercise 'nope'; the topics are: .*derivative-rules"):
        tn.quiz(topic="nope", db=tmp_path / "p.db")


# -- the example notebook, run by a kernel -------------------------------------------------------

@pytest.mark.slow
def test_the_example_notebook_runs_and_its_quiz_is_driven_from_python(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    # Jupyter's and IPython's files, and the kernel spec (this interpreter), all in the test's folder
    for name, folder in (("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    spec = tmp_path / "data" / "kernels" / "tutor-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "tutor test", "language": "python"}))
    monkeypatch.setenv("TUTOR_DB", str(tmp_path / "progress.db"))
    monkeypatch.setenv("TUTOR_CLOCK", "2026-03-02T09:00:00+00:00")
    monkeypatch.delenv("TUTOR_PLUGINS_DIR", raising=False)

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cells = len(notebook.cells)
    notebook.cells.append(nbformat.v4.new_code_cell(
        "q.answer.value = q.problem.answer_text\nq.submit.click()\nprint(q.verdict.status, q.problem.id)\nq.close()"))
    client = nbclient.NotebookClient(notebook, kernel_name="tutor-test", timeout=600, startup_timeout=300,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()

    def outputs(index):
        return notebook.cells[index].get("outputs", [])

    def text(index):
        parts = []
        for output in outputs(index):
            parts.append(output.get("text", ""))
            parts.extend(str(value) for value in output.get("data", {}).values())
        return "\n".join(parts)

    assert not any(output.get("output_type") == "error" for cell in notebook.cells for output in
                   cell.get("outputs", []))
    code = [n for n, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    problem_cell, right_cell, wrong_cell, status_cell, solution_cell, quiz_cell, typed_cell, submit_cell = code[1:9]
    assert r"Differentiate f(x) = \(7 x^{7}\)" in outputs(problem_cell)[0]["data"]["text/html"]
    assert "text/latex" in outputs(problem_cell)[0]["data"]
    assert r"interpreted as: \(49 x^{6}\)" in text(right_cell) and "✓ correct" in text(right_cell)
    assert "✗ incorrect" in text(wrong_cell) and "'correct'" in text(status_cell)
    assert "Worked solution" in text(solution_cell) and r"49 x^{6}" in text(solution_cell)
    assert "application/vnd.jupyter.widget-view+json" in outputs(quiz_cell)[0]["data"]
    assert r"interpreted as: \(2 x\)" in text(typed_cell)
    assert text(submit_cell).split("\n")[0] == "incorrect"
    assert len(notebook.cells) == cells + 1
    status, exercise = text(len(notebook.cells) - 1).split()
    assert status == "correct"
    with open_store(tmp_path / "progress.db") as store:
        attempts = store.attempts("notebook-demo")
        reviews = store.reviews("notebook-demo")
    assert [(a.exercise_id, a.verdict, a.answer) for a in attempts] == [
        (exercise, "incorrect", "2x"), (exercise, "correct", attempts[1].answer)]
    assert [r["exercise_id"] for r in reviews] == [exercise]
