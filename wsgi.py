from blog import create_app
from blog.web.worker_start import prepare_worker

app = create_app()
prepare_worker(app)
