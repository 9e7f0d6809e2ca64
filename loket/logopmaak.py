"""The log's JSON format (LOG_FORMAT=json): imported by the logging setup, before the apps load."""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's fields, a traceback if any."""

    def format(self, record):
        regel = {
            "tijd": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "niveau": record.levelname,
            "logger": record.name,
        }
        verzoek = getattr(record, "verzoek", None)
        if verzoek is not None:
            regel.update(verzoek)
        else:
            regel["bericht"] = record.getMessage()
        if record.exc_info:
            regel["traceback"] = self.formatException(record.exc_info)
        return json.dumps(regel, ensure_ascii=False, default=str)
