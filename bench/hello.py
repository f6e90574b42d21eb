"""The latency bench's floor: a Flask hello-world served by the same gunicorn settings as Caseflow."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
