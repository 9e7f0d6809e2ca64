"""One calendar rule for every app: the same day number, clamped to the target month's last day."""

import datetime
import zoneinfo

from loket.datums import jaren_later, maanden_later

BRUSSEL = zoneinfo.ZoneInfo("Europe/Brussels")


def d(tekst):
    return datetime.date.fromisoformat(tekst)


def test_maanden_later_klemt_op_laatste_dag():
    assert [
        maanden_later(d("2026-01-31")),
        maanden_later(d("2024-01-31")),
        maanden_later(d("2026-12-15")),
        maanden_later(d("2026-03-31"), -1),
        maanden_later(d("2024-03-31"), -1),
        maanden_later(d("2025-01-15"), -3),
        maanden_later(d("2025-12-31"), -6),
        maanden_later(d("2025-12-31"), 14),
    ] == [
        d("2026-02-28"),
        d("2024-02-29"),
        d("2027-01-15"),
        d("2026-02-28"),
        d("2024-02-29"),
        d("2024-10-15"),
        d("2025-06-30"),
        d("2027-02-28"),
    ]


def test_jaren_later_klemt_29_februari_en_houdt_het_uur():
    moment = datetime.datetime(2028, 2, 29, 10, 0, tzinfo=BRUSSEL)
    assert jaren_later(moment, -5) == datetime.datetime(2023, 2, 28, 10, 0, tzinfo=BRUSSEL)
    assert jaren_later(d("2026-03-01"), -5) == d("2021-03-01")
    assert jaren_later(d("2024-02-29"), 2) == d("2026-02-28")
    assert jaren_later(d("2024-02-29"), 4) == d("2028-02-29")
