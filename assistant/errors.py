"""Named errors of the NLP library. Each carries one sentence a user can act on."""


class NotewellError(Exception):
    """Base of every error the library raises on purpose."""


class EmptyInputError(NotewellError, ValueError):
    """The jotting holds no text."""

    def __init__(self) -> None:
        super().__init__("The jotting is empty: paste or type the session notes first.")


class InputTooLongError(NotewellError, ValueError):
    """The jotting is longer than the configured limit."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            f"The jotting has {length:,} characters, over the limit of {limit:,}: "
            "split it into one jotting per session."
        )


class InvalidInputError(NotewellError, ValueError):
    """The input is not text the engine can read (binary, wrong encoding)."""


class ResourceError(NotewellError, RuntimeError):
    """A lexicon or model file of the runtime data is missing or malformed."""


class UserError(NotewellError):
    """A problem with a command's input that the user can fix."""


class TemplateError(NotewellError, ValueError):
    """A note template file is not valid JSON or breaks the template rules."""


class PreviousNoteError(NotewellError, ValueError):
    """The previous note handed to `structure` is not a StructuredNote or its dict."""


class GoalsError(NotewellError, ValueError):
    """The treatment goals handed to the goal suggester are not goal texts or their dicts."""
