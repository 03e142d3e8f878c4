"""The production password hashers at the lowest cost they accept, for the tests.

The same algorithms in the same order, so a hash looks as in production
("argon2$argon2id$…"), verifies the same way and an older one is upgraded at the next
login as it would be; only the work per hash is cut, which the tests do not measure.
Production (config.settings) keeps its own costs.
"""

from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    PBKDF2SHA1PasswordHasher,
    ScryptPasswordHasher,
)


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8  # KiB: argon2's minimum for one lane
    parallelism = 1


class CheapPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1


class CheapPBKDF2SHA1PasswordHasher(PBKDF2SHA1PasswordHasher):
    iterations = 1


class CheapScryptPasswordHasher(ScryptPasswordHasher):
    work_factor = 2


CHEAP = {
    f"{base.__module__}.{base.__qualname__}": f"{__name__}.{cheap.__qualname__}"
    for cheap in (CheapArgon2PasswordHasher, CheapPBKDF2PasswordHasher,
                  CheapPBKDF2SHA1PasswordHasher, CheapScryptPasswordHasher)
    for base in cheap.__mro__[1:2]
}


def cheap(hashers: list[str]) -> list[str]:
    """`hashers` (a PASSWORD_HASHERS list) with each known one made cheap."""
    return [CHEAP.get(path, path) for path in hashers]
