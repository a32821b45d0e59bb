"""How the web server's worker processes run Python: the garbage collector's settings.

A request builds thousands of short-lived containers (query clones, rows, the dictionaries of a
JSON page). With the interpreter's default, the cyclic collector ran after every 700 of them,
several times per API page, each time walking whatever the request still held: half a
millisecond of a 5 ms page (bench/api_milestones.py, with and without). Almost all of those
objects are freed by reference counting anyway; the collector is only for reference cycles, so
it can run far less often. What was loaded at start-up (Django, the apps, the URL patterns)
lives as long as the process: ``gc.freeze`` takes it out of every later collection.
"""

import gc

from config.env import env_int


def tune_garbage_collection() -> tuple[int, int, int]:
    """Freeze what is loaded and collect the youngest objects every ``GC_THRESHOLD``
    allocations (default 20,000); returns the thresholds now in force."""
    gc.collect()
    gc.freeze()
    first = env_int("GC_THRESHOLD", 20_000)
    _, second, third = gc.get_threshold()
    gc.set_threshold(first, second, third)
    return gc.get_threshold()
