"""How dates are written and typed in English here.

Written as people do in the Process's papers: "18 May 2017" (DATE_FORMAT), "18 May"
(MONTH_DAY_FORMAT), "May 2017" on a date tile (SHORT_MONTH_FORMAT, a name of the site's own:
core.formats.site_format). The other languages' modules say the same in theirs.

Typed: ISO first (what the admin's calendar writes), then
day first as the secretariat and its partners write them (14/03/2018), never month first:
03/04/2018 is the 3rd of April."""

DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_MONTH_FORMAT = "M"

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2018-03-14
    "%d/%m/%Y",  # 14/03/2018
    "%d.%m.%Y",  # 14.03.2018
    "%d-%m-%Y",  # 14-03-2018
    "%d %B %Y",  # 14 March 2018
    "%d %b %Y",  # 14 Mar 2018
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M",
]
