"""Calendar arithmetic shared by every app: N years or N months from a date, clamped as people count.

One rule for all: the same day number, clamped to the last day of the target month (31 January
plus one month is 28 or 29 February; 29 February minus a year is 28 February). Works on dates and
on aware datetimes alike (the time and time zone stay).
"""

import calendar


def jaren_later(datum, jaren):
    """The same day `jaren` years later (earlier when negative); 29 February becomes 28 February."""
    try:
        return datum.replace(year=datum.year + jaren)
    except ValueError:
        return datum.replace(year=datum.year + jaren, day=28)


def maanden_later(datum, maanden=1):
    """The same day `maanden` calendar months later (earlier when negative), clamped to that month's end.

    DESIGN.md's "minstens 1 maand later gestart" is `maanden_later(origineel)`.
    """
    jaar, maand = divmod(datum.year * 12 + datum.month - 1 + maanden, 12)
    maand += 1
    return datum.replace(year=jaar, month=maand, day=min(datum.day, calendar.monthrange(jaar, maand)[1]))
