"""How dates are typed in English here: ISO first (what the admin's calendar writes), then
day first as the secretariat and its partners write them (14/03/2018), never month first:
03/04/2018 is the 3rd of April."""

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
