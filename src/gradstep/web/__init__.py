"""The playground: a local web page and JSON API over gradstep (``gradstep serve``).

Needs the optional extra ``gradstep[web]`` (FastAPI and uvicorn). See ``docs/web.md``.
"""

from gradstep.web.app import create_app
from gradstep.web.limits import Limits

__all__ = ["Limits", "create_app"]
