"""The JSON API: checking answers, exercises and their variants, the OpenAPI description."""

from __future__ import annotations

import json

import pytest

EXERCISE = "power-rule-integer"


def post(client, path, body, **headers):
    return client.post(path, content=json.dumps(body), headers={"content-type": "application/json", **headers})


@pytest.mark.parametrize("body, verdict, method", [
    ({"expected": "sigma(z)*(1 - sigma(z))", "answer": "e^-z/(1+e^-z)^2", "variables": ["z"]}, "correct", "numeric"),
    ({"expected": "6*x*y^3", "answer": "6xy³", "variables": "x,y"}, "correct", "symbolic"),
    ({"expected": "[[4, -1], [-1, 6]]", "answer": "[[4, -1], [1, 6]]"}, "incorrect", "numeric"),
    ({"expected": "x^2", "answer": "x^(10^10)", "variables": ["x"]}, "invalid", "limit"),
    ({"expected": "x^2 - 1", "answer": "(x - 1)(x + 1)", "form": "expanded"}, "incorrect", "symbolic"),
    ({"expected": "z = 2x + 3y - 1", "answer": "2x + 3y - z = 1"}, "correct", "symbolic"),
    ({"expected": "(-oo, -1) U (1, oo)", "answer": "x < -1 or x > 1", "kind": "interval"}, "correct", "symbolic"),
    ({"expected": "3.14159", "answer": "3.14", "places": 2}, "correct", "tolerance"),
])
def test_check_judges_as_tutor_check_does(client, body, verdict, method):
    import tutor

    response = post(client, "/api/check", body)
    assert response.status_code == 200, response.text
    data = response.json()
    assert (data["verdict"], data["method"]) == (verdict, method), data
    variables = body.get("variables")
    variables = variables.split(",") if isinstance(variables, str) else variables
    form = body.get("form", ())
    expected = tutor.check(body["expected"], body["answer"], variables, body.get("kind", "auto"),
                           places=body.get("places"), form=[form] if isinstance(form, str) else form)
    assert data["verdict"] == expected.status and data["message"] == expected.message


def test_check_says_which_variables_it_inferred(client):
    data = post(client, "/api/check", {"expected": "14m^2 + 12mb", "answer": "2m(7m + 6b)"}).json()
    assert data["verdict"] == "correct" and data["variables"] == ["b", "m"]


@pytest.mark.parametrize("body, status, words", [
    ({"answer": "x"}, 422, '"expected" must be a string'),
    ({"expected": "x", "answer": 3}, 422, '"answer" must be a string'),
    ({"expected": "x", "answer": "x", "variables": [1]}, 422, '"variables"'),
    ({"expected": "x", "answer": "x", "kind": "poem"}, 422, '"kind" must be'),
    ({"expected": "x", "answer": "x", "rtol": "big"}, 422, '"rtol" must be a number'),
    ({"expected": "x", "answer": "x", "rtol": -1}, 422, '"rtol"'),
    ({"expected": "x", "answer": "x", "places": 2.5}, 422, '"places" must be a whole number'),
    ({"expected": "x", "answer": "x", "form": "beautiful"}, 422, '"form"'),
    ({"expected": "x +* 2", "answer": "x"}, 422, "the expected answer cannot be read"),
    ({"expected": "[1, 2]", "answer": "x", "kind": "matrix"}, 422, "does not fit"),
])
def test_bad_check_requests_are_one_line_errors(client, body, status, words):
    response = post(client, "/api/check", body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert words in error and "\n" not in error and "Traceback" not in error


def test_check_wants_a_json_object(client):
    assert client.post("/api/check", data={"expected": "x", "answer": "x"}).status_code == 415
    response = client.post("/api/check", content="{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert post(client, "/api/check", ["x", "x"]).status_code == 400
    assert post(client, "/api/check", "x").status_code == 400


def test_deeply_nested_json_is_refused_not_crashed(client):
    response = client.post("/api/check", content="[" * 10_000 + "]" * 10_000,
                           headers={"content-type": "application/json"})
    assert response.status_code == 400


def test_exercises_lists_the_library(client):
    data = client.get("/api/exercises").json()
    ids = {item["id"] for item in data["exercises"]}
    assert ids == set(client.app.state.engine.library)
    entry = next(item for item in data["exercises"] if item["id"] == EXERCISE)
    assert entry["topic"] == "derivative-rules" and entry["variables"] == ["x"]


def test_a_problem_comes_without_its_answer(client):
    response = client.get(f"/api/exercises/{EXERCISE}/problem", params={"seed": 3})
    assert response.status_code == 200
    data = response.json()
    problem = client.app.state.engine.problem(EXERCISE, 3)
    assert data["prompt"] == problem.prompt and "<math" in data["prompt_html"]
    assert data["seed"] == 3 and data["kind"] == "expression" and data["variables"] == ["x"]
    assert "answer" not in data and problem.answer_text not in response.text


def test_an_answer_to_a_problem_gets_feedback_and_diagnosis(client):
    problem = client.app.state.engine.problem(EXERCISE, 3)
    right = post(client, f"/api/exercises/{EXERCISE}/check", {"seed": 3, "answer": problem.answer_text}).json()
    assert right["verdict"] == "correct" and right["exercise"] == EXERCISE and right["seed"] == 3
    wrong_value, diagnosis = problem.diagnoses[0]
    diagnosed = post(client, f"/api/exercises/{EXERCISE}/check", {"seed": 3, "answer": wrong_value.text}).json()
    assert diagnosed["verdict"] == "incorrect"
    assert diagnosed["feedback"] == diagnosis.message and diagnosed["score"] == diagnosis.credit


@pytest.mark.parametrize("path, body, status", [
    ("/api/exercises/no-such-thing/check", {"seed": 1, "answer": "x"}, 404),
    (f"/api/exercises/{EXERCISE}/check", {"seed": -1, "answer": "x"}, 422),
    (f"/api/exercises/{EXERCISE}/check", {"seed": True, "answer": "x"}, 422),
    (f"/api/exercises/{EXERCISE}/check", {"seed": 1}, 422),
])
def test_bad_problem_checks_are_refused(client, path, body, status):
    response = post(client, path, body)
    assert response.status_code == status and response.json()["error"]


def test_unknown_exercises_and_bad_seeds_for_problems(client):
    assert client.get("/api/exercises/nope/problem").status_code == 404
    assert client.get(f"/api/exercises/{EXERCISE}/problem", params={"seed": "x"}).status_code == 422
    assert client.get(f"/api/exercises/{EXERCISE}/problem", params={"seed": 10 ** 12}).status_code == 422


def test_the_openapi_description_covers_every_api_route(client):
    from starlette.routing import Route

    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.") and spec["info"]["title"]
    routes = {(route.path, method.lower()) for route in client.app.routes
              if isinstance(route, Route) and route.path.startswith("/api/") for method in route.methods - {"HEAD"}}
    described = {(path, method) for path, operations in spec["paths"].items() for method in operations}
    assert routes == described
    for operations in spec["paths"].values():
        for operation in operations.values():
            assert "200" in operation["responses"] and operation["operationId"]
    schemas = spec["components"]["schemas"]
    text = json.dumps(spec)
    referenced = {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}
    assert referenced == set(schemas)  # every reference resolves, every schema is used
    assert schemas["CheckRequest"]["required"] == ["expected", "answer"]


def test_the_openapi_description_matches_what_the_api_sends(client):
    """The fields a check returns are the Verdict schema's (plus the route's own)."""
    spec = client.get("/api/openapi.json").json()
    verdict = spec["components"]["schemas"]["Verdict"]
    data = post(client, "/api/check", {"expected": "[1, 2]", "answer": "[1, 3]"}).json()
    assert set(verdict["required"]) <= set(data) <= set(verdict["properties"]) | {"variables"}
    problem = client.get(f"/api/exercises/{EXERCISE}/problem").json()
    assert set(problem) == set(spec["components"]["schemas"]["Problem"]["properties"])
