"""Problems found in content, reported one per line as `path:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"


def unreadable(error: OSError) -> str:
    """The message for a file that cannot be read: gone, or made unreadable, since its folder was listed."""
    return f"could not be read ({error.strerror or error}); check that it is still there and readable"


def errors(problems) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems) -> list[Problem]:
    return [p for p in problems if not p.is_error]
