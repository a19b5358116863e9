"""The floor: a minimal Flask app that returns the article's bytes from memory.

Served by the same granian settings as the blog, it shows the most any Flask view could do on
this machine, so the article page is judged against the server's ceiling, not only nginx's.
"""

import os
from pathlib import Path

from flask import Flask, Response

PAGE = Path(os.environ.get("BENCH_FLOOR_FILE", __file__)).read_bytes()

app = Flask(__name__)


@app.get("/")
def page() -> Response:
    return Response(PAGE, mimetype="text/html")
