"""Signals that let a higher app take part in work a lower app drives, without the lower one importing it."""

from django.dispatch import Signal

# Sent by verwerk_termijnen (termijnen_verwerken) with `nu`; a receiver returns {kind: number of actions}.
# rapportage connects its reminder to submit the yearly report (rapportage.services.termijnen_ontvanger).
termijnen_verwerken = Signal()
