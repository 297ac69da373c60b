"""The project's exceptions and the exit codes they map to.

Every failure a user can cause or meet is one of these; the CLI turns them into a one-line reason and an exit code,
so scripts can tell a bad input from a broken database without parsing messages.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # unexpected: a bug or an environment we did not foresee
    USAGE = 2  # click's own code for bad options
    INPUT = 3  # a file that is missing, unreadable or malformed as a whole
    DATABASE = 4  # the database cannot be reached, migrated or written
    NOT_AVAILABLE = 5  # a command whose work arrives with a later issue
    REJECTED_ROWS = 6  # --strict import that found bad rows: nothing was written
    MISSING_DEPENDENCY = 7  # an external program (tesseract, poppler) is absent
    ORCHESTRATION = 8  # the Prefect API could not be started or reached


class SohoaError(Exception):
    """Base of every error the CLI reports as a one-line reason."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InputError(SohoaError):
    exit_code = ExitCode.INPUT


class DatabaseError(SohoaError):
    exit_code = ExitCode.DATABASE


class NotAvailableError(SohoaError):
    exit_code = ExitCode.NOT_AVAILABLE


class RejectedRowsError(SohoaError):
    exit_code = ExitCode.REJECTED_ROWS


class MissingDependencyError(SohoaError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class OrchestrationError(SohoaError):
    exit_code = ExitCode.ORCHESTRATION
