"""verwerk_termijnen through the task worker: `--inplannen` starts one hourly chain, never two.

With the database backend (django-tasks-db) and its worker, as production does; the other tests
run tasks at once (tests/settings.py: ImmediateBackend).
"""

import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from aanmelding.termijnen import termijnen_inplannen
from tests.factories import OpvangvoorstelFactory
from tests.loket.test_mail import DATABANK, werker

TAAK = "aanmelding.termijnen.termijnen_taak"


def wachtend():
    return list(DBTaskResult.objects.filter(task_path=TAAK, status="READY").order_by("run_after"))


@pytest.mark.django_db
def test_termijnen_taak_verwerkt_termijnen_en_plant_een_volgende_run(settings):
    settings.TASKS = DATABANK
    vandaag = timezone.localdate()
    verlopen = OpvangvoorstelFactory(antwoord_tegen=vandaag - datetime.timedelta(days=1), herinnerd_op=timezone.now())
    call_command("verwerk_termijnen", "--inplannen")
    [eerste] = wachtend()
    assert DBTaskResult.objects.ready().filter(pk=eerste.pk).exists()  # the first run: as soon as a worker is free
    werker()
    verlopen.refresh_from_db()
    assert verlopen.status == "verlopen"
    eerste.refresh_from_db()
    assert eerste.status == "SUCCESSFUL"
    assert eerste.return_value["verlopen"] == 1
    [volgende] = wachtend()
    assert (
        timezone.now() + datetime.timedelta(minutes=59)
        < volgende.run_after
        <= timezone.now() + datetime.timedelta(hours=1)
    )
    werker()  # not due yet: nothing runs, nothing more is planned
    assert wachtend() == [volgende]


@pytest.mark.django_db
def test_termijnen_inplannen_twee_keer_houdt_een_wachtende_taak(settings, capsys):
    settings.TASKS = DATABANK
    call_command("verwerk_termijnen", "--inplannen")
    call_command("verwerk_termijnen", "--inplannen")
    assert len(wachtend()) == 1
    assert "Al ingepland" in capsys.readouterr().out
    # A run planned by the chain itself, an hour from now, also keeps out a second chain.
    werker()
    call_command("verwerk_termijnen", "--inplannen")
    assert len(wachtend()) == 1
    assert DBTaskResult.objects.filter(task_path=TAAK).count() == 2  # the finished run and the next one


@pytest.mark.django_db
def test_termijnen_inplannen_weigert_zonder_databank_backend():
    # tests/settings.py: the ImmediateBackend keeps no task for later; cron is the way then.
    with pytest.raises(CommandError, match="cron"):
        call_command("verwerk_termijnen", "--inplannen")


@pytest.mark.django_db(transaction=True)
def test_termijnen_inplannen_twee_planners_tegelijk_een_keten(settings):
    """Two schedulers at the same moment (two workers starting): the lock lets one plan."""
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite has one writer at a time")
    settings.TASKS = DATABANK
    start = threading.Barrier(2)
    fouten = []

    def plannen():
        try:
            start.wait()
            termijnen_inplannen()
        except Exception as fout:  # pragma: no cover - shown by the assert below
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=plannen) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert fouten == []
    assert len(wachtend()) == 1
