"""Class-scale grading: per-student variants (assign) and reproducible, resumable grading.

    seeds        the variant seed of (salt, student, exercise)
    tables       CSV rows with their line numbers
    roster       reading a class roster (CSV)
    manifest     assignment.json: what was assigned, read back by grading
    assign       worksheets, answer templates and the answer key per student
    submissions  reading submitted answers (CSV, JSON, JSON lines, YAML), row by row
    worker       checking a chunk of answers to one exercise, Problems cached per process
    journal      finished results, appended as they finish and replayed on restart
    plan         which student x exercise items to grade, in output order
    grade        running them (in-process or a process pool), journaled, results in order
    progress     a progress bar on a terminal
    report       grades, per-student totals and the JSON report, written atomically
"""
