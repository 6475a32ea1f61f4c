"""Practice: ``tutor quiz``, ``tutor review`` and ``tutor stats``, one module per job.

* ``session``   the quiz loop: ask, read answers and commands, judge, record;
* ``commands``  what a student may type besides an answer (hint, steps, skip, ...);
* ``display``   what the student reads: answer notes, verdicts, carets, the expected answer;
* ``summary``   how each problem went, and the end-of-session summary;
* ``terminal``  reading and writing lines on a terminal or a pipe;
* ``ratings``   how a problem went: the first-try rule and its spaced-repetition rating;
* ``scheduler`` FSRS cards, which exercise comes next, and progress per topic (its public
  functions next_exercise, record_attempt and end_problem serve every front end);
* ``clock``     real time, or a fixed time for tests (TUTOR_CLOCK);
* ``wrap``      text wrapped to the terminal's width;
* ``store``     the attempts in SQLite, one transaction per answer.

Nothing is imported here, so ``tutor stats`` loads only the scheduler and the store.
"""
