"""Domain errors shared by every app: each carries a message in Chinese that names what and where."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action; `field` names the form field the message belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    """The object does not exist or is outside the actor's scope; the two are never told apart."""

    def __init__(self, message: str = "未找到该记录") -> None:
        super().__init__(message)


class KeyConfigurationError(RuntimeError):
    """Field-encryption keys are missing or do not match the database: the system must not start."""


class InvalidInput(DomainError):
    """Several field errors found in one pass: {field: [messages]}, all in Chinese."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        first_field = next(iter(errors))
        super().__init__("；".join(m for msgs in errors.values() for m in msgs), field=first_field)
