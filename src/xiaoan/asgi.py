import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoan.settings")
application = get_asgi_application()

from xiaoan.core.pii import require_key  # noqa: E402 (needs the settings loaded above)

require_key()  # production refuses to serve without XIAOAN_PII_KEY
