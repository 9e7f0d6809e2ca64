"""The deadline work `manage.py verwerk_termijnen` does, every hour: from cron, or through the task worker.

Each step only acts on what is due and marks what it did, so a second run right after the first
does nothing. Every action goes through a service that writes its Logregel.

Through the worker: `manage.py verwerk_termijnen --inplannen` enqueues `termijnen_taak`, which
first plans its own next run an hour later (`run_after`) and then does the work, so one failing run
does not end the chain. `termijnen_inplannen` keeps at most one waiting run: it takes a lock
(PostgreSQL: `pg_advisory_xact_lock`; SQLite takes the database's one write lock at BEGIN) and
plans nothing when a run already waits. Two schedulers, two workers starting at once or a repeated
`--inplannen` therefore keep one chain.
"""

import datetime

from django.db import connections, router, transaction
from django.db.models import Exists, OuterRef
from django.tasks import TaskResultStatus, task, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from aanbod.vrije_plaatsen import verouderde_vrije_plaatsen_herinneren
from loket import signalen
from loket.logboek import logregel_schrijven
from loket.models import Logregel

from .levenscyclus import gezin_mailen
from .models import Opvangvoorstel, Opvangvraag, VoorstelStatus, VraagStatus
from .privacy import afgesloten_vragen_anonimiseren, doorverwijzingen_anonimiseren
from .registratie import opvangvraag_geen_reactie_melden
from .telvelden import telvelden_herstellen
from .voorstellen import voorstel_laten_verlopen

HERINNERING_DAGEN_VOOR_TERMIJN = 2
TELVELDEN_ACTIES = ["telvelden.hersteld", "telvelden.gecontroleerd"]


def termijnen_verwerken(*, nu=None) -> dict[str, int]:
    """Expire, remind and flag what is due at `nu`, anonymise the families and referrals past the
    desk's retention period, and once a day check and repair the report's kept columns. Returns the
    number of actions per kind.
    """
    nu = nu or timezone.now()
    aantallen = {
        "verlopen": voorstellen_laten_verlopen(nu=nu),
        "herinneringen_gezin": gezinnen_herinneren(nu=nu),
        "geen_reactie": vragen_zonder_reactie_melden(nu=nu),
        "herinneringen_aanbieder": verouderde_vrije_plaatsen_herinneren(nu=nu),
        "geanonimiseerd": afgesloten_vragen_anonimiseren(nu=nu),
        "doorverwijzingen_gewist": doorverwijzingen_anonimiseren(nu=nu),
        "telvelden_hersteld": telvelden_nachtelijk_herstellen(nu=nu),
    }
    # Higher apps' deadline work (e.g. rapportage's reminder to submit the yearly report).
    for _ontvanger, extra in signalen.termijnen_verwerken.send(sender=None, nu=nu):
        aantallen.update(extra)
    return aantallen


ELK_UUR = datetime.timedelta(hours=1)
# The key of the PostgreSQL advisory lock that guards the planning (any fixed number; "TERM").
PLANSLOT = 0x5445524D


class PlannenFout(Exception):
    """The task backend cannot plan a run for later (it runs tasks at once): use cron instead."""


@task
def termijnen_taak() -> dict[str, int]:
    """The deadline work as a task: plan the next run an hour from now, then do this run's work.

    Planned first, so a run that fails still leaves the next one; when a run already waits (a
    repeated `--inplannen`), none is added. Returns the number of actions per kind.
    """
    termijnen_inplannen(run_after=timezone.now() + ELK_UUR)
    return termijnen_verwerken()


def termijnen_inplannen(*, run_after=None):
    """Enqueue `termijnen_taak` for `run_after` (None: as soon as a worker is free), unless a run of
    it already waits. Returns the new task's result, or None when one was waiting.

    Raises PlannenFout when the task backend does not keep tasks for later. Side effects: one task
    row, in a transaction that holds the planning lock until it commits.
    """
    if not isinstance(task_backends[termijnen_taak.backend], DatabaseBackend):
        raise PlannenFout("de takenbackend bewaart geen taken voor later")
    alias = router.db_for_write(DBTaskResult)
    with transaction.atomic(using=alias):
        if connections[alias].vendor == "postgresql":
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PLANSLOT])
        wachtend = (
            DBTaskResult.objects.using(alias)
            .filter(task_path=termijnen_taak.module_path, status=TaskResultStatus.READY)
            .exists()
        )
        if wachtend:
            return None
        taak = termijnen_taak if run_after is None else termijnen_taak.using(run_after=run_after)
        return taak.enqueue()


def telvelden_nachtelijk_herstellen(*, nu) -> int:
    """Once a day (the first run after midnight, Belgian time): check the report's kept columns of
    every request and repair those that differ (aanmelding.telvelden.telvelden_herstellen).

    Side effects: one Logregel, `telvelden.hersteld` when requests were repaired (the report page
    tells the coordinators of those desks), else `telvelden.gecontroleerd`; a later run on the same
    day finds that row and does nothing. Returns the number of repaired requests.
    """
    middernacht = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(nu), datetime.time.min), timezone.get_default_timezone()
    )
    if Logregel.objects.filter(actie__in=TELVELDEN_ACTIES, tijdstip__gte=middernacht).exists():
        return 0
    controle = telvelden_herstellen(door=None)
    if controle.in_orde:
        details = {"aantal_vragen": controle.aantal_vragen}
        logregel_schrijven(door=None, actie="telvelden.gecontroleerd", details=details)
    return controle.afwijkend


def voorstellen_laten_verlopen(*, nu) -> int:
    """Every open offer whose answer deadline lies before today expires."""
    vandaag = timezone.localdate(nu)
    te_laat = Opvangvoorstel.objects.filter(status=VoorstelStatus.OPEN, antwoord_tegen__lt=vandaag)
    return sum(voorstel_laten_verlopen(voorstel=voorstel, nu=nu) for voorstel in te_laat.select_related("vraag"))


def gezinnen_herinneren(*, nu) -> int:
    """Mail the family once, two days before an open offer's deadline.

    Side effects per offer: `herinnerd_op` set, Logregel `opvangvoorstel.herinnerd`, mail after commit.
    """
    grens = timezone.localdate(nu) + datetime.timedelta(days=HERINNERING_DAGEN_VOOR_TERMIJN)
    aantal = 0
    te_herinneren = Opvangvoorstel.objects.filter(
        status=VoorstelStatus.OPEN, antwoord_tegen__lte=grens, herinnerd_op__isnull=True
    )
    for voorstel in te_herinneren.select_related("vraag__loket", "vraag__gezin", "locatie"):
        with transaction.atomic():
            bijgewerkt = Opvangvoorstel.objects.filter(pk=voorstel.pk, herinnerd_op__isnull=True).update(
                herinnerd_op=nu
            )
            if not bijgewerkt:
                continue
            logregel_schrijven(door=None, actie="opvangvoorstel.herinnerd", object=voorstel, loket=voorstel.vraag.loket)
            gezin_mailen(voorstel.vraag, "voorstel_herinnering", voorstel=voorstel)
        aantal += 1
    return aantal


def vragen_zonder_reactie_melden(*, nu) -> int:
    """Flag open requests that no preferred location answered with an offer within the desk's deadline.
    A chosen location's first offer carries the mark the policy dashboard reads (Opvangvoorstel.eerste_reactie)."""
    reactie = Opvangvoorstel.objects.filter(vraag=OuterRef("pk"), eerste_reactie=True)
    kandidaten = (
        Opvangvraag.objects.filter(
            status__in=[VraagStatus.INGEDIEND, VraagStatus.IN_BEHANDELING],
            geen_reactie_gemeld_op__isnull=True,
            voorkeuren__isnull=False,
        )
        .filter(~Exists(reactie))
        .select_related("loket")
        .distinct()
    )
    aantal = 0
    for vraag in kandidaten:
        termijn = vraag.ingediend_op + datetime.timedelta(days=vraag.loket.reactietermijn_dagen)
        if termijn <= nu and opvangvraag_geen_reactie_melden(vraag=vraag, nu=nu):
            aantal += 1
    return aantal
