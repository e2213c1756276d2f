"""How passwords are stored: Argon2id with the parameters OWASP gives as its first choice (19 MiB of memory,
two passes, one lane). It is memory-hard (a GPU or a custom chip gains little against it) and costs a
sign-in a fraction of the CPU of Django's default PBKDF2 (1,000,000 iterations): measured on this project's
machine in docs/performance.md ("Signing in"). Passwords stored with PBKDF2 still verify and are stored again
with Argon2id at the person's next sign-in (Django's ``must_update``)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
