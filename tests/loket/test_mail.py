"""Mail on the task queue: written with the change, sent by the worker, tried again, never twice.

The other tests run tasks at once (tests/settings.py: ImmediateBackend). These use the database
backend (django-tasks-db) and its worker, as production does.
"""

import datetime
import smtplib
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from loket.mail import mail_na_commit
from loket.models import Logregel, Mailbericht
from tests.aanmelding.ouder_hulp import aanmelden, stapdata
from tests.factories import OpvangvraagFactory

DATABANK = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SMTP_PLAT = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
    }
}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
WEIGERT = {"default": {"BACKEND": "tests.loket.test_mail.WeigerendeBackend"}}


class WeigerendeBackend(LocmemBackend):
    """A mail server that refuses the address for good (SMTP 550)."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({adres: (550, b"5.1.1 user unknown") for m in messages for adres in m.to})


def werker(naam="werker", *, in_test_transactie=True):
    """Run the queued tasks that are due, as `manage.py db_worker --batch` does, in this thread.

    The worker closes connections that are not in autocommit between tasks, as after a request;
    inside a test's transaction that would close the test's own connection.
    """
    if in_test_transactie:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            return werker(naam, in_test_transactie=False)
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=naam,
        excluded_queue_names=[],
    ).run()


def nu_aan_de_beurt():
    """Time passes: every task that waits for a later moment is due now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - datetime.timedelta(seconds=1))


@pytest.fixture
def wachtrij(settings, loket):
    loket.email = "loket@gent.be"
    loket.save(update_fields=["email"])
    settings.TASKS = DATABANK
    settings.MAIL_WACHTTIJD_SECONDEN = 60
    settings.MAIL_POGINGEN = 3


@pytest.mark.django_db
def test_mail_wordt_taak_in_dezelfde_transactie(wachtrij, loket):
    vraag = OpvangvraagFactory(gezin__loket=loket)
    with transaction.atomic():
        mail_na_commit(aan=["an@example.be"], sjabloon="vraag_ingediend", context={"vraag": vraag})
        transaction.set_rollback(True)
    assert (Mailbericht.objects.count(), DBTaskResult.objects.count()) == (0, 0)

    bericht = mail_na_commit(aan=["an@example.be", ""], sjabloon="vraag_ingediend", context={"vraag": vraag})
    assert (bericht.loket, bericht.aan, bericht.status) == (loket, ["an@example.be"], "wachtend")
    assert bericht.context == {"vraag": {"__model__": "aanmelding.opvangvraag", "pk": vraag.pk}}
    assert DBTaskResult.objects.get().args_kwargs == {"args": [], "kwargs": {"bericht_id": bericht.pk}}
    assert mail.outbox == []

    werker()
    assert len(mail.outbox) == 1
    verstuurd = mail.outbox[0]
    assert verstuurd.to == ["an@example.be"]
    assert vraag.referentie in verstuurd.subject
    assert verstuurd.reply_to == [loket.email]
    [(html, soort)] = verstuurd.alternatives
    assert soort == "text/html"
    assert loket.naam in html and vraag.referentie in html
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen, bericht.context) == ("verstuurd", 1, {})
    assert bericht.verstuurd_op is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_mailserver_plat_ouder_aanmelding_lukt_en_mail_vertrekt_later_een_keer(
    wachtrij, settings, client, loket, locatie
):
    settings.MAILERS = SMTP_PLAT
    response = aanmelden(client, stapdata(locatie=locatie))
    assert response.status_code == 302
    assert response.url == "/aanmelden/ingediend/"
    bericht = Mailbericht.objects.get()
    assert (bericht.sjabloon, bericht.aan, bericht.loket) == ("vraag_ingediend", ["an.peeters@example.be"], loket)

    werker()
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == ("wachtend", 1)
    assert bericht.laatste_fout.startswith("ConnectionRefusedError")
    wacht = bericht.volgende_poging_op - timezone.now()
    assert datetime.timedelta(seconds=50) < wacht <= datetime.timedelta(seconds=60)
    assert DBTaskResult.objects.filter(status="READY").get().run_after == bericht.volgende_poging_op
    werker()  # not due yet: nothing happens
    bericht.refresh_from_db()
    assert bericht.pogingen == 1

    nu_aan_de_beurt()
    werker()
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == ("wachtend", 2)
    # The wait doubles.
    assert bericht.volgende_poging_op - timezone.now() > datetime.timedelta(seconds=110)

    settings.MAILERS = LOCMEM
    nu_aan_de_beurt()
    werker()
    werker()
    assert [m.to for m in mail.outbox] == [["an.peeters@example.be"]]
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen, bericht.laatste_fout) == ("verstuurd", 3, "")


@pytest.mark.django_db
def test_mailserver_te_lang_plat_mail_mislukt_met_reden(wachtrij, settings, loket):
    settings.MAILERS = SMTP_PLAT
    vraag = OpvangvraagFactory(gezin__loket=loket)
    bericht = mail_na_commit(aan=["an@example.be"], sjabloon="vraag_ingediend", context={"vraag": vraag})
    for _poging in range(3):
        werker()
        nu_aan_de_beurt()
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == ("mislukt", 3)
    assert bericht.laatste_fout.startswith("ConnectionRefusedError")
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@pytest.mark.django_db
def test_adres_geweigerd_mislukt_meteen_en_staat_bij_de_coordinator(wachtrij, settings, client, loket, coordinator):
    settings.MAILERS = WEIGERT
    vraag = OpvangvraagFactory(gezin__loket=loket)
    bericht = mail_na_commit(aan=["fout@example.be"], sjabloon="vraag_ingediend", context={"vraag": vraag})
    werker()
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == ("mislukt", 1)
    assert "550" in bericht.laatste_fout

    client.force_login(coordinator)
    pagina = client.get(reverse("loket:mails"))
    assert pagina.status_code == 200
    assert [b.pk for b in pagina.context["pagina"]] == [bericht.pk]
    assert "fout@example.be" in pagina.text and "vraag_ingediend" in pagina.text and "550" in pagina.text

    settings.MAILERS = LOCMEM
    response = client.post(reverse("loket:mail_opnieuw", kwargs={"pk": bericht.pk}), follow=True)
    assert "De mail staat opnieuw klaar om te versturen." in response.text
    assert Logregel.objects.filter(actie="mail.opnieuw", object_id=str(bericht.pk)).count() == 1
    werker()
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == ("verstuurd", 1)
    assert [m.to for m in mail.outbox] == [["fout@example.be"]]
    # A second click finds it sent: no second mail.
    response = client.post(reverse("loket:mail_opnieuw", kwargs={"pk": bericht.pk}), follow=True)
    assert "Deze mail was al verstuurd." in response.text
    werker()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_coordinator_ziet_alleen_mails_van_eigen_loket(client, loket, ander_loket, coordinator):
    eigen = Mailbericht.objects.create(loket=loket, aan=["a@example.be"], sjabloon="x", status="mislukt")
    ander = Mailbericht.objects.create(loket=ander_loket, aan=["b@example.be"], sjabloon="x", status="mislukt")
    Mailbericht.objects.create(loket=None, aan=["c@example.be"], sjabloon="inloglink", status="mislukt")
    client.force_login(coordinator)
    assert [b.pk for b in client.get(reverse("loket:mails")).context["pagina"]] == [eigen.pk]
    assert client.get(f"{reverse('loket:mails')}?loket={ander_loket.code}").status_code == 404
    assert client.post(reverse("loket:mail_opnieuw", kwargs={"pk": ander.pk})).status_code == 404
    ander.refresh_from_db()
    assert ander.status == "mislukt"


@pytest.mark.parametrize("aantal", [1, 10])
@pytest.mark.django_db
def test_mails_pagina_vast_aantal_queries(client, loket, coordinator, django_assert_num_queries, aantal):
    for i in range(aantal):
        Mailbericht.objects.create(loket=loket, aan=[f"{i}@example.be"], sjabloon="x", status="mislukt")
    client.force_login(coordinator)
    client.get(reverse("loket:mails"))
    # 8 to read, 1 to log the look at the addresses (one insert for every row).
    with django_assert_num_queries(9):
        client.get(reverse("loket:mails"))


@pytest.mark.django_db
def test_mails_pagina_logt_elke_getoonde_mail(client, loket, ander_loket, coordinator):
    eigen = Mailbericht.objects.create(loket=loket, aan=["a@example.be"], sjabloon="x", status="mislukt")
    Mailbericht.objects.create(loket=ander_loket, aan=["b@example.be"], sjabloon="x", status="mislukt")
    client.force_login(coordinator)
    client.get(reverse("loket:mails"))
    regels = Logregel.objects.filter(actie="mailbericht.bekeken")
    assert [(r.object_id, r.loket_id, r.gebruiker_id) for r in regels] == [(str(eigen.pk), loket.pk, coordinator.pk)]


@pytest.mark.django_db
def test_zonder_wachtrij_faalt_de_pagina_van_de_ouder_niet(settings, client, loket, locatie):
    """With tasks run at once (no worker) a mail server that is down still never breaks the parent's page."""
    settings.MAILERS = SMTP_PLAT
    response = aanmelden(client, stapdata(locatie=locatie))
    assert response.status_code == 302
    bericht = Mailbericht.objects.get()
    assert bericht.status in ("wachtend", "mislukt")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twee_werkers_versturen_elke_mail_een_keer(settings):
    from tests.factories import LoketFactory

    settings.TASKS = DATABANK
    loket = LoketFactory(code="twee-werkers")
    berichten = [
        mail_na_commit(aan=[f"ouder{i}@example.be"], sjabloon="wisverzoek_nieuw", context={"loket": loket})
        for i in range(40)
    ]
    # The coordinator clicked "again" on some before the worker came: two tasks for one mail.
    for bericht in berichten[:10]:
        from loket.mail import _inplannen

        _inplannen(bericht)
    barriere = threading.Barrier(2)
    fouten = []

    def draai(naam):
        try:
            barriere.wait(timeout=10)
            werker(naam, in_test_transactie=False)
        except Exception as fout:  # pragma: no cover - shown in the assertion
            fouten.append(repr(fout))
        finally:
            connection.close()

    draden = [threading.Thread(target=draai, args=(naam,)) for naam in ("werker-a", "werker-b")]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)
    assert fouten == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"ouder{i}@example.be" for i in range(40))
    assert Mailbericht.objects.filter(status="verstuurd").count() == 40
    werkers = {tuple(taak.worker_ids) for taak in DBTaskResult.objects.all()}
    assert werkers == {("werker-a",), ("werker-b",)}, "both workers took tasks"
