#!/usr/bin/env python3
"""Load test of ``tutor serve``: many students practising at once on a real uvicorn.

    python bench/serve_load.py [--clients 50] [--seconds 30] [--answers N] [--hostile 0.1] [--json]

Starts ``tutor serve`` (a separate process, loopback, a users file of one user per client,
a fresh progress database), then runs ``--clients`` threads, each a student who logs in,
starts a practice session and, until ``--seconds`` have passed (or after ``--answers``
answers each), reads the problem page, answers (a share ``--hostile`` of the answers
from a corpus of hostile ones: code, exponent towers, deep nesting, huge numbers),
sometimes takes a hint or skips, and moves on when a problem is over.

Checks, and exits 1 when either fails: no request failed (every status is the one the
page flow expects, no exception, no timeout), and every answer and skip a client made
is in the store, for its user, in order. Prints the request latencies (p50, p95, p99,
max; not asserted: the machine's load decides them).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
HOSTILE = [
    "__import__('os').system('touch pwned')", "9^9^9^9", "x^(10^10)", "(" * 1000 + "x" + ")" * 1000,
    "1e999999", "exp(exp(exp(exp(exp(99)))))", "10^199*" * 22 + "1", "-" * 3000 + "x", "sin(" * 60 + "x" + ")" * 60,
    "lambda x: x", "x\u202e+1", "(x+1)^1000*(x-1)^1000*(x+2)^1000*(x-2)^1000", "'x'", "{{x}}",
]
ORDINARY = ["2x", "x^2 + 1", "3x^2 - 2", "e^(-x)", "sigma(z)(1 - sigma(z))", "[2x, 2y]", "[[2, 0], [0, 2]]",
            "0", "1/x", "2x + 3y", "{1, 2}", "-1", "x y", "2 x^ 2", "sin(x)cos(x)"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(folder: Path, clients: int) -> tuple[subprocess.Popen, str]:
    sys.path.insert(0, str(ROOT))
    from tutor.web.auth import hash_password

    digest = hash_password("load-password")  # one hash for every user: the bench is not about scrypt
    users = folder / "load.users"
    users.write_text("".join(f"student{n} student {digest}\n" for n in range(clients)))
    port = free_port()
    command = [sys.executable, "-m", "tutor", "serve", "--host", "127.0.0.1", "--port", str(port), "--users",
               str(users), "--db", str(folder / "load.db"), "--count", "100"]
    server = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            raise SystemExit(f"tutor serve stopped: {server.stderr.read()}")
        try:
            if httpx.get(url + "/login", timeout=2).status_code == 200:
                return server, url
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            server.kill()
            raise SystemExit("tutor serve did not start within 120 s")
        threading.Event().wait(0.1)


class Student(threading.Thread):
    """One client: logs in, practises, records what it sent and how long each request took."""

    def __init__(self, number: int, url: str, stop_at: float, answers: int | None, hostile: float, seed: int):
        super().__init__(daemon=True)
        self.name_ = f"student{number}"
        self.url, self.stop_at, self.limit, self.hostile = url, stop_at, answers, hostile
        self.rng = random.Random(f"{seed}:{number}")
        self.sent: list = []        # (verdict-or-'answer', text) as the store should hold them, in order
        self.latencies: list = []
        self.failures: list = []

    def request(self, client, method: str, path: str, expect: tuple, **options):
        started = time.perf_counter()
        try:
            response = client.request(method, self.url + path, **options)
        except Exception as error:  # noqa: BLE001 - a failure of the run, reported
            self.failures.append(f"{method} {path}: {type(error).__name__}: {error}")
            return None
        self.latencies.append(time.perf_counter() - started)
        if response.status_code not in expect:
            self.failures.append(f"{method} {path}: HTTP {response.status_code}: {response.text[:120]!r}")
            return None
        return response

    def run(self):
        import httpx

        with httpx.Client(timeout=60, follow_redirects=False) as client:
            page = self.request(client, "GET", "/login", (200,))
            if page is None:
                return
            csrf = CSRF.search(page.text).group(1)
            if self.request(client, "POST", "/login", (303,), data={"csrf": csrf, "name": self.name_,
                                                                    "password": "load-password"}) is None:
                return
            csrf = CSRF.search(self.request(client, "GET", "/", (200,)).text).group(1)
            started = self.request(client, "POST", "/practice", (303,), data={"csrf": csrf, "count": "100"})
            if started is None:
                return
            base = started.headers["location"]
            answered = 0
            while time.monotonic() < self.stop_at and (self.limit is None or answered < self.limit):
                page = self.request(client, "GET", base, (200, 303))
                if page is None or page.status_code == 303:
                    return
                if 'name="answer"' not in page.text:  # the problem is over
                    if self.request(client, "POST", base + "/next", (303,), data={"csrf": csrf}) is None:
                        return
                    continue
                roll = self.rng.random()
                if roll < 0.05:
                    if self.request(client, "POST", base + "/skip", (303,), data={"csrf": csrf}) is None:
                        return
                    self.sent.append(("skipped", ""))
                    continue
                if roll < 0.1:
                    self.request(client, "POST", base + "/hint", (303,), data={"csrf": csrf})
                    continue
                text = self.rng.choice(HOSTILE if self.rng.random() < self.hostile else ORDINARY)
                preview = self.request(client, "GET", base + "/preview", (200,), params={"answer": text})
                if preview is None:
                    return
                if self.request(client, "POST", base + "/answer", (303,),
                                data={"csrf": csrf, "answer": text}) is None:
                    return
                self.sent.append(("answer", text))
                answered += 1


def percentile(values: list, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the clients practise")
    parser.add_argument("--answers", type=int, default=None, help="stop each client after this many answers")
    parser.add_argument("--hostile", type=float, default=0.1, help="share of hostile answers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tutor-serve-load-") as folder:
        folder = Path(folder)
        server, url = start_server(folder, options.clients)
        try:
            began = time.monotonic()
            students = [Student(n, url, began + options.seconds, options.answers, options.hostile, options.seed)
                        for n in range(options.clients)]
            for student in students:
                student.start()
            for student in students:
                student.join(options.seconds + 600)
            wall = time.monotonic() - began
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        hung = [s.name_ for s in students if s.is_alive()]
        failures = [f"{s.name_}: {f}" for s in students for f in s.failures] + [f"{n}: never finished" for n in hung]
        from tutor.practice.store import open_store

        missing = []
        with open_store(folder / "load.db", create=False) as store:
            stored = store.attempts()
        for student in students:
            rows = [(("skipped", "") if r.verdict == "skipped" else ("answer", r.answer))
                    for r in stored if r.user == student.name_]
            if rows != student.sent:
                missing.append(f"{student.name_}: sent {len(student.sent)}, stored {len(rows)}")
        latencies = [value for s in students for value in s.latencies]
        result = {
            "clients": options.clients, "seconds": round(wall, 1), "requests": len(latencies),
            "requests_per_second": round(len(latencies) / wall, 1) if wall else None,
            "answers_and_skips": sum(len(s.sent) for s in students), "stored": len(stored),
            "hostile_answers": sum(1 for s in students for kind, text in s.sent if text in HOSTILE),
            "p50_ms": round(1000 * percentile(latencies, 0.50), 1),
            "p95_ms": round(1000 * percentile(latencies, 0.95), 1),
            "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
            "max_ms": round(1000 * max(latencies, default=0.0), 1),
            "failures": failures[:20], "failed_requests": len(failures), "missing": missing,
        }
    if options.json:
        print(json.dumps(result))
    else:
        print(f"{result['clients']} clients, {result['seconds']} s: {result['requests']} requests "
              f"({result['requests_per_second']}/s), {result['answers_and_skips']} answers and skips "
              f"({result['hostile_answers']} hostile), {result['stored']} attempts stored")
        print(f"latency: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
              f"max {result['max_ms']} ms")
        print(f"failed requests: {result['failed_requests']}; clients with missing attempts: {len(missing)}")
        for line in result["failures"] + missing:
            print(f"  {line}")
    return 0 if not failures and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
