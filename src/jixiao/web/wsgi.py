"""WSGI entry point (``gunicorn jixiao.web.wsgi``): Django behind the request-size door."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from jixiao.web.limits import BodyLimit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
application = BodyLimit(get_wsgi_application(), settings.REQUEST_MAX_BYTES)
