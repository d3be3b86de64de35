"""The Qt-free message model: templates travel with errors and are rendered in core."""

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, render


def test_user_error_of_renders_english_and_keeps_the_template() -> None:
    error = UserError.of("file_not_found",
                         QT_TRANSLATE_NOOP("messages", "There is no file at {file}."),
                         QT_TRANSLATE_NOOP("messages", "Check the path and try again."),
                         file="/tmp/x.csv")
    assert error.message == "There is no file at /tmp/x.csv."
    assert error.hint == "Check the path and try again."
    assert error.template == "There is no file at {file}."
    assert error.params == {"file": "/tmp/x.csv"}


def test_render_degrades_to_the_template_when_a_value_is_missing() -> None:
    assert render("Row {row} is bad", {}) == "Row {row} is bad"
    assert render("Row {row} is bad", {"row": 3}) == "Row 3 is bad"
