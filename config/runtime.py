"""How the web server's worker processes run Python: the garbage collector's settings.

A request builds thousands of short-lived containers (query clones, rows, the dictionaries of a
JSON page). With the interpreter's default, the cyclic collector ran after every 700 of them,
several times per API page, each time walking whatever the request still held: half a
millisecond of a 5 ms page (bench/api_milestones.py, with and without). Almost all of those
objects are freed by reference counting anyway; the collector is only for reference cycles, so
it can run far less often. What was loaded at start-up (Django, the apps, the URL patterns)
lives as long as the process: ``gc.freeze`` takes it out of every later collection.
"""

import ctypes
import ctypes.util
import gc

from config.env import env_int

# mallopt's parameter for the size from which glibc's malloc maps memory of its own.
M_MMAP_THRESHOLD = -3


def tune_garbage_collection() -> tuple[int, int, int]:
    """Freeze what is loaded and collect the youngest objects every ``GC_THRESHOLD``
    allocations (default 20,000); returns the thresholds now in force."""
    gc.collect()
    gc.freeze()
    first = env_int("GC_THRESHOLD", 20_000)
    _, second, third = gc.get_threshold()
    gc.set_threshold(first, second, third)
    return gc.get_threshold()


def return_large_allocations(threshold: int = 128 * 1024) -> bool:
    """Have glibc's malloc give every allocation of ``threshold`` bytes or more memory mapped
    for it alone, returned to the system when freed. By default the threshold rises to the
    largest such block freed: after one Argon2 password check (19 MiB) every later one is
    carved from the heap and its memory stays with the worker for good (some 20 MB a web
    worker). Setting it fixes it (``mallopt``). Returns whether it was set: False where the
    C library is not glibc's."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, threshold))
