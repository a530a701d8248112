import pytest

import assistant


def test_api_empty_input_raises_named_error(engine):
    with pytest.raises(assistant.EmptyInputError, match="empty"):
        engine.structure("   \n\t ")


def test_api_too_long_input_raises_named_error(engine):
    with pytest.raises(assistant.InputTooLongError, match="limit of 20,000"):
        engine.structure("a" * 20_001)


def test_api_bytes_input_is_refused(engine):
    with pytest.raises(assistant.InvalidInputError):
        engine.structure(b"50 min")  # type: ignore[arg-type]
