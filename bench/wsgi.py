"""The portal's WSGI application as gunicorn serves it in production, plus one response header,
X-Bench-Worker: the worker's process id. The benchmark's cache check uses it to make sure that
every worker, not just one, serves the changed page. It costs about a microsecond a request.
"""

import os

from coworking_norge.wsgi import application as portal


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        headers.append(("X-Bench-Worker", str(os.getpid())))  # per call: right even with --preload
        return start_response(status, headers, exc_info)

    return portal(environ, start)
