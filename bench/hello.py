"""The fastest a Flask app can be here: the yardstick the benchmark divides by."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
