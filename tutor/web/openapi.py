"""The OpenAPI 3.1 description of the JSON API (tutor.web.api), served at /api/openapi.json."""

from __future__ import annotations

from tutor import __version__

_VERDICT = {
    "type": "object",
    "required": ["verdict", "score", "message", "method", "interpreted", "pretty"],
    "properties": {
        "verdict": {"type": "string", "enum": ["correct", "incorrect", "invalid"]},
        "score": {"type": "number", "minimum": 0, "maximum": 1, "description": "partial credit"},
        "message": {"type": "string", "description": "feedback: why it is wrong, or why it cannot be read"},
        "method": {"type": ["string", "null"],
                   "description": "symbolic, numeric or tolerance; for invalid: parse, limit, timeout or kind"},
        "interpreted": {"type": ["string", "null"], "description": "the answer as read, in the input language"},
        "pretty": {"type": ["string", "null"], "description": "the answer as read, in unicode"},
        "column": {"type": "integer", "description": "where the answer cannot be read (1-based)"},
        "form": {"type": "string", "description": "a right value in another form than the one required"},
        "entries": {"type": "array", "items": {"$ref": "#/components/schemas/Verdict"}},
    },
}
_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}


def _response(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


_ERRORS = {
    "401": _response("#/components/schemas/Error", "no valid token or password"),
    "413": {"description": "the request body is too large"},
    "415": _response("#/components/schemas/Error", "the body is not sent as application/json"),
    "422": _response("#/components/schemas/Error", "a field is missing or of the wrong type"),
}

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "tutor checking API", "version": __version__,
             "description": "Check answers in tutor's input language, and get and check exercise variants. "
                            "Every answer is read by tutor's own parser (never evaluated) and checked under "
                            "bounded time and size; an answer that cannot be read is an invalid verdict."},
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                            "basic": {"type": "http", "scheme": "basic"}},
        "schemas": {
            "Verdict": _VERDICT,
            "Error": _ERROR,
            "CheckRequest": {
                "type": "object", "required": ["expected", "answer"],
                "properties": {
                    "expected": {"type": "string", "example": "sigma(z)*(1 - sigma(z))"},
                    "answer": {"type": "string", "example": "e^-z/(1+e^-z)^2"},
                    "variables": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
                                  "description": "declared variables (default: those of expected)"},
                    "kind": {"type": "string", "default": "auto",
                             "description": "expression, number, vector, matrix, set, equation, interval, "
                                            "inequality (default: from the expected answer)"},
                    "rtol": {"type": "number", "description": "relative tolerance for decimals (default 1e-3)"},
                    "atol": {"type": "number", "description": "absolute tolerance for decimals (default 0)"},
                    "places": {"type": "integer", "description": "accept decimals correct to this many places"},
                    "form": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                             "description": "required forms: expanded, factored, single-fraction, exact, "
                                            "simplified, sig-figs:N, decimal-places:N, in-terms-of:sigma"},
                }},
            "CheckResult": {"allOf": [{"$ref": "#/components/schemas/Verdict"}, {
                "type": "object", "properties": {"variables": {"type": "array", "items": {"type": "string"}}}}]},
            "Exercise": {"type": "object", "required": ["id", "title", "topic", "difficulty", "variables"],
                         "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                        "topic": {"type": "string"}, "difficulty": {"type": "integer"},
                                        "variables": {"type": "array", "items": {"type": "string"}}}},
            "Problem": {"type": "object",
                        "required": ["id", "seed", "title", "topic", "prompt", "prompt_html", "variables", "kind"],
                        "properties": {"id": {"type": "string"}, "seed": {"type": "integer"},
                                       "title": {"type": "string"}, "topic": {"type": "string"},
                                       "difficulty": {"type": "integer"},
                                       "prompt": {"type": "string", "description": "unicode text"},
                                       "prompt_html": {"type": "string", "description": "HTML with MathML"},
                                       "variables": {"type": "array", "items": {"type": "string"}},
                                       "kind": {"type": "string"},
                                       "hints": {"type": "integer", "description": "how many hints it has"}},
                        "description": "never includes the answer"},
            "ProblemCheckRequest": {"type": "object", "required": ["seed", "answer"],
                                    "properties": {"seed": {"type": "integer", "minimum": 0},
                                                   "answer": {"type": "string"}}},
            "ProblemCheckResult": {"allOf": [{"$ref": "#/components/schemas/Verdict"}, {
                "type": "object", "properties": {"exercise": {"type": "string"}, "seed": {"type": "integer"},
                                                 "feedback": {"type": "string",
                                                              "description": "the exercise's diagnosis of a "
                                                                             "wrong answer, or the checker's"}}}]},
        },
    },
    "security": [{"bearer": []}, {"basic": []}],
    "paths": {
        "/api/check": {"post": {
            "summary": "Check an answer against an expected answer", "operationId": "check",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CheckRequest"}}}},
            "responses": {"200": _response("#/components/schemas/CheckResult", "the verdict"), **_ERRORS}}},
        "/api/exercises": {"get": {
            "summary": "List the exercises", "operationId": "listExercises",
            "responses": {"200": {"description": "the exercises", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"exercises": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Exercise"}}}}}}},
                **_ERRORS}}},
        "/api/exercises/{exercise_id}/problem": {"get": {
            "summary": "One variant of an exercise, without its answer", "operationId": "getProblem",
            "parameters": [{"name": "exercise_id", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "seed", "in": "query", "schema": {"type": "integer", "default": 1}}],
            "responses": {"200": _response("#/components/schemas/Problem", "the problem"),
                          "404": _response("#/components/schemas/Error", "no such exercise"), **_ERRORS}}},
        "/api/exercises/{exercise_id}/check": {"post": {
            "summary": "Check an answer to one variant, with feedback and diagnosis", "operationId": "checkProblem",
            "parameters": [{"name": "exercise_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ProblemCheckRequest"}}}},
            "responses": {"200": _response("#/components/schemas/ProblemCheckResult", "the verdict"),
                          "404": _response("#/components/schemas/Error", "no such exercise"), **_ERRORS}}},
        "/api/openapi.json": {"get": {"summary": "This description", "operationId": "openapi",
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    },
}


async def openapi(request):
    from tutor.web.responses import JSON

    return JSON(SPEC)
