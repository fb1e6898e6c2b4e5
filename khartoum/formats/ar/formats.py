"""Dates in Arabic: "18 مايو 2017", "18 مايو", and the month's full name on a date tile
(Arabic months are not abbreviated); digits as the Process's Arabic papers write them
(0-9). Typed day first, as in English: Django's Arabic formats give no input formats, and
its default reads 03/04/2018 month first."""

from khartoum.formats.en.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_MONTH_FORMAT = "N"

__all__ = [
    "DATETIME_INPUT_FORMATS",
    "DATE_FORMAT",
    "DATE_INPUT_FORMATS",
    "MONTH_DAY_FORMAT",
    "SHORT_MONTH_FORMAT",
]
