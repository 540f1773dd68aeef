"""Domain errors: raised by services and pure helpers, turned into pages or messages by views.

Must not import Flask.
"""


class DomainError(Exception):
    """A rule of the domain was broken; ``message`` is Indonesian, shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class ValidationError(DomainError):
    pass
