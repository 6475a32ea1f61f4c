"""Practice: ``tutor quiz`` and ``tutor stats``, one module per job.

* ``session``   the quiz loop: ask, read answers and commands, judge, record;
* ``commands``  what a student may type besides an answer (hint, steps, skip, ...);
* ``display``   what the student reads: answer notes, verdicts, carets, the expected answer;
* ``summary``   how each problem went, and the end-of-session summary;
* ``terminal``  reading and writing lines on a terminal or a pipe;
* ``scheduler`` which exercise comes next (Leitner boxes), and progress per topic;
* ``store``     the attempts in SQLite, one transaction per answer.

Nothing is imported here, so ``tutor stats`` loads only the scheduler and the store.
"""
