"""A web worker gives back the memory of an Argon2 password check (19 MiB) once the check is
done (config.runtime.return_large_allocations, set by config.gunicorn), where by default glibc
keeps it for good after the first."""

import subprocess
import sys

CHECKS = """
import sys
from config.runtime import return_large_allocations
if sys.argv[1] == "set":
    assert return_large_allocations()
from identity.hashers import Argon2idPasswordHasher
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
hasher = Argon2idPasswordHasher()
before = rss_mb()
encoded = hasher.encode("a passphrase", hasher.salt())
for _ in range(5):
    assert hasher.verify("a passphrase", encoded)
print(rss_mb() - before)
"""


def growth_mb(mode: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", CHECKS, mode], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def test_a_password_check_gives_its_memory_back():
    assert growth_mb("set") < 4
    # What it guards against: without it, the worker keeps the check's 19 MiB.
    assert growth_mb("default") > 12
