"""How passwords are kept: Argon2id at the parameters OWASP's Password Storage Cheat Sheet gives
as its first choice (19 MiB of memory, two passes, one lane), about 20 ms a check on this
product's machines. Django's default, PBKDF2 at a million iterations, costs some 300 ms of a
web worker's CPU at every sign-in, so that at month end a few people signing in at once hold up
every page behind them. A password kept the older way still works and is kept anew this way
when its holder next signs in (Django rehashes a password whose hasher or parameters differ
from the first in PASSWORD_HASHERS)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
