"""The embedded SQLite database under two writers at once (the default of `make run`)."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Read a counter, wait, write it plus one, in one transaction: two of these at once lose an update,
# or one fails with "database is locked", unless a transaction takes the write lock when it begins.
SCHRIJVER = """
import sys, time
import django
django.setup()
from django.db import connection, transaction
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM teller")
        n = cursor.fetchone()[0]
        time.sleep(float(sys.argv[1]))
        cursor.execute("UPDATE teller SET n = %s", [n + 1])
"""


def test_twee_schrijvers_tegelijk_wachten_op_elkaar(tmp_path):
    import sqlite3

    pad = tmp_path / "db.sqlite3"
    with sqlite3.connect(pad) as db:
        db.execute("CREATE TABLE teller (n integer)")
        db.execute("INSERT INTO teller VALUES (0)")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{pad}", "DJANGO_SETTINGS_MODULE": "loket.settings"}

    def schrijver(wacht):
        return subprocess.Popen(
            [sys.executable, "-c", SCHRIJVER, str(wacht)], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
        )

    eerste = schrijver(2)
    time.sleep(1)  # the first has read and waits; the second reads and writes now
    tweede = schrijver(0)
    fouten = [proces.communicate(timeout=60)[1] for proces in (eerste, tweede)]
    assert [eerste.returncode, tweede.returncode] == [0, 0], fouten
    with sqlite3.connect(pad) as db:
        assert db.execute("SELECT n FROM teller").fetchone() == (2,)
