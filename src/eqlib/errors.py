"""Project exception types.

Every error a user can cause (bad input data, a bad parameters file, a publication check that fails)
is raised as one of these, with a message an analyst can act on: which file, which row(s), which
column, the offending value, what was expected and, for a misspelt category, the closest valid value.
Tracebacks are for programmers; these messages are for the people who run the reports.
"""

from __future__ import annotations


class EqlibError(Exception):
    """Base class of every error eqlib raises on purpose."""


class DataError(EqlibError):
    """One or more problems in the input data.

    ``problems`` holds one readable line per problem; ``str(error)`` lists them all, so a single
    run reports everything that needs fixing (lazy validation), not just the first problem.
    """

    def __init__(self, problems: list[str] | str, *, file: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.file = file
        header = f"{len(self.problems)} problem(s) in the input data"
        if file:
            header += f" ({file})"
        super().__init__(header + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class ParamsError(EqlibError):
    """A parameters file (``params/<year>.yaml``) is missing, unreadable or has a bad key or value."""

    def __init__(self, problems: list[str] | str, *, file: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.file = file
        header = f"{len(self.problems)} problem(s) in the parameters"
        if file:
            header += f" file {file}"
        super().__init__(header + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class PublicationError(EqlibError):
    """A published output failed a check (GOV.UK pre-submission rules, disclosure, accessibility)."""


class AccountingError(EqlibError):
    """A row-accounting step does not add up (rows in != kept + excluded)."""
