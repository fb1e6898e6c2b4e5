"""Dates in French: "18 mai 2017", "18 mai", "mai 2017" and "nov. 2016" on a date tile
(Django's own abbreviations, with their full stops). Typed day first, as in English."""

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
