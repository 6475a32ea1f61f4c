"""Notebook output of an untrusted exercise: its words are escaped for HTML, TeX's dangerous commands
in its maths are defused, and a student's answer never reaches sympify or the page unescaped."""

from __future__ import annotations

import textwrap

HOSTILE = """
topic: hostile-notebook
exercises:
  - id: hn-script
    title: "<img src=x onerror=alert(1)>"
    variables: [x]
    define: {f: "x^2"}
    prompt: "<script>alert(1)</script> Differentiate {{ f }}; see $\\\\input{/etc/passwd}$ & more."
    answer: {value: "diff(f, x)"}
    hints: ["<b>bold</b> $\\\\write18{rm -rf /}$"]
    solution: ["<iframe>f′(x) = {{ answer }}</iframe>"]
"""


def test_hostile_exercise_text_is_escaped_and_its_tex_defused(tmp_path, marker):
    import tutor.notebook as tn
    from tutor.notebook.render import text_with_math_html

    exercises = tmp_path / "ex"
    exercises.mkdir()
    (exercises / "hostile.yaml").write_text(textwrap.dedent(HOSTILE), encoding="utf-8")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "hostile_nb.py").write_text(
        "from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\n"
        f"def exercise_dirs():\n    return [Path({str(exercises)!r})]\n", encoding="utf-8")
    problem = tn.problem("hn-script", seed=1, plugins_dir=str(plugins))
    page = problem._repr_html_()
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert r"\input" not in page and r"\backslash\mathrm{input" in page
    assert r"\input" not in problem._repr_latex_()
    solution = tn.solution(problem)._repr_html_()
    assert "<iframe>" not in solution and "&lt;iframe&gt;" in solution
    hint = text_with_math_html(problem.hints[0])
    assert "<b>" not in hint and r"\write18" not in hint
    # a student's answer that looks like code is read by tutor's parser, refused, and shown escaped
    checked = tn.check(problem, f"__import__('os').system('touch {marker}')")
    assert checked.status == "invalid" and "<" not in checked._repr_html_().replace("<div", "").replace(
        "</div>", "").replace("<b", "").replace("</b>", "")
    assert not marker.exists()
