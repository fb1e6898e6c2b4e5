"""How dates are typed with the Arabic interface: as in English here, ISO or day first (Django's
Arabic formats name no input formats, so it would read 03/04/2018 month first). How dates are
shown comes from Django's Arabic formats."""

from khartoum.formats.en.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"]
