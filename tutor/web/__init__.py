"""``tutor serve``: practice in a browser, an exercise browser for instructors, a JSON API.

* ``app``        the Starlette application and its configuration;
* ``engine``     the library, problems, store and checks, shared thread-safely;
* ``practice``   one student's practice session, driven by requests;
* ``pages_practice``, ``pages_exercises``, ``api``  the routes of each job;
* ``openapi``    the API's OpenAPI description;
* ``render``     page templates, prompts as MathML, worked solutions as nested steps;
* ``mathml``     engine values as presentation MathML;
* ``auth``, ``guard``, ``middleware``  credentials, identity and CSRF, body limit and headers.

Nothing is imported here: Starlette loads only when the server starts.
"""
