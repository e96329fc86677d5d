"""Screenshot MLflow's UI as a user meets it (the experiment, a run, its metric charts, its model card, the registered models), and HTML reports.

Links printed by `unfair-tos train`, the reports and the README come from `unfair_tos.config.mlflow_ui_url`; this script opens
those same links in a real headless Chromium, so a person can check that they land on the model-training view (not MLflow 3's
GenAI view) and that the run reads well. It also shows, for comparison, the experiment opened without `?workflowType=...`.

Needs a Chromium and playwright, neither of which the project installs (CI has no browser, so this is a script, not a test):

    apt-get install -y chromium                 # Debian's browser; playwright downloads none
    .venv/bin/pip install playwright
    .venv/bin/python tools/ui_screens.py --out screens/              # trains a tiny run into a temporary store first
    .venv/bin/python tools/ui_screens.py --store mlflow.db --out screens/   # or shows the newest run of a store
    .venv/bin/python tools/ui_screens.py --store mlflow.db --html papermill_runs/BATCH/*.html --out screens/   # and a sweep's reports

It starts `mlflow ui` on a free loopback port and always stops it; the PNGs are written to `--out`, one per page.
"""
import argparse, os, signal, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
import mlflow
from unfair_tos.config import make_config, mlflow_ui_url, quiet_libraries

def free_port() -> int:
    "A TCP port free on 127.0.0.1 now."
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def tiny_run(folder:Path, data_dir:str|None) -> str:
    "Train a 2-epoch multilabel run on 48 clauses into a SQLite store in `folder`; its tracking URI."
    from unfair_tos.train import train
    cfg = make_config('cpu', task='multilabel', data_dir=data_dir, debug_sample=48, max_length=32, batch_size=16, epochs=2,
                      tracking_uri=f'sqlite:///{folder}/mlflow.db', output_dir=str(folder/'runs'), run_name='ui-screens')
    train(cfg)
    return cfg.tracking_uri

def wait_for(url:str, seconds:float=120):
    "Return once `url` answers, or raise after `seconds`."
    end = time.time() + seconds
    while time.time() < end:
        try: urllib.request.urlopen(url, timeout=2); return
        except OSError: time.sleep(1)
    raise TimeoutError(f"mlflow ui did not answer at {url} within {seconds}s")

def pages(tracking_uri:str, ui:str) -> dict[str, str]:
    "Name → address of each page to screenshot, for the newest run of the store."
    client = mlflow.MlflowClient(tracking_uri)
    run = client.search_runs([e.experiment_id for e in client.search_experiments()], order_by=['attributes.start_time DESC'], max_results=1)[0]
    exp, rid = run.info.experiment_id, run.info.run_id
    url = mlflow_ui_url(exp, rid, ui)
    shots = {'experiment-default-view': f"{ui}/#/experiments/{exp}", 'experiment': mlflow_ui_url(exp, ui=ui), 'run': url,
             'run-metrics': url.replace(f'/runs/{rid}', f'/runs/{rid}/model-metrics'),
             'run-model-card': url.replace(f'/runs/{rid}', f'/runs/{rid}/artifacts/model/README.md')}
    if client.search_registered_models(): shots['registered-models'] = f"{ui}/#/models"
    return shots

def screenshot(shots:dict[str, str], out:Path, chromium:str='/usr/bin/chromium'):
    "Open each address in headless Chromium and save a full-page PNG of it in `out`."
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=['--no-sandbox'])
        page = browser.new_page(viewport={'width': 1400, 'height': 900})
        for name, url in shots.items():
            page.goto(url, wait_until='load'); page.wait_for_timeout(8000)  # the UI polls the server forever, so no 'network idle': give it time to fetch and draw
            page.screenshot(path=str(out/f'{name}.png'), full_page=True)
            print(f"{name}: {url} -> {out/f'{name}.png'}")
        browser.close()

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--store', help="an MLflow SQLite file to show (its newest run); default: train a tiny run into a temporary one")
    ap.add_argument('--data_dir', help="LexGLUE UNFAIR-ToS folder for the tiny run; default: $UNFAIR_TOS_DATA, else the hub")
    ap.add_argument('--html', nargs='*', default=[], help="HTML reports (of `unfair-tos sweep`) to screenshot too")
    ap.add_argument('--out', default='screens', help="folder for the PNGs")
    args = ap.parse_args()
    quiet_libraries()
    uri = f'sqlite:///{Path(args.store).absolute()}' if args.store else tiny_run(Path(tempfile.mkdtemp()), args.data_dir)
    port = free_port(); ui = f'http://127.0.0.1:{port}'
    server = subprocess.Popen([sys.executable, '-m', 'mlflow', 'ui', '--backend-store-uri', uri, '--host', '127.0.0.1', '--port', str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # its own group: its workers stop with it
    try:
        wait_for(f'{ui}/health')
        screenshot(pages(uri, ui) | {f'report-{Path(h).stem}': Path(h).absolute().as_uri() for h in args.html}, Path(args.out))
    finally:
        os.killpg(server.pid, signal.SIGTERM); server.wait(30)

if __name__ == '__main__': main()
