class DomainError(Exception):
    """A rule of the domain was not met; the message is meant for the user (already translated)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(DomainError):
    """The actor may not take this decision."""
