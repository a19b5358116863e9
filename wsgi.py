from blog import create_app
from blog.web.worker_start import prepare_worker

# The app as the flask CLI loads it (`flask --app wsgi ...`): commands start without a server
# worker's preparation.
app = create_app()


def served_app():
    """granian's target (blog/serve.py APP_TARGET, a factory): the app, prepared for a worker's
    life of serving."""
    prepare_worker(app)
    return app
