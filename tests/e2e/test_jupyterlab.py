"""The JupyterLab path as analysts meet it (`make lab`): the server starts headless on a free local
port and answers, and every notebook in notebooks/ runs top to bottom through the project's kernel
with its default parameters (what "Run all" gives), in a copy of the built project so nothing is
written into the developer's own reports/."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_jupyterlab_answers_and_every_notebook_runs_with_default_parameters(built_copy,
                                                                            monkeypatch):
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "EQSTATS_ROOT": str(built_copy)}
    log = built_copy / "jupyterlab.log"
    root = ["--allow-root"] if os.geteuid() == 0 else []  # CI runs as root
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--port={port}",
             "--ip=127.0.0.1", f"--IdentityProvider.token={token}", *root,
             f"--ServerApp.root_dir={built_copy}",
             "--MappingKernelManager.default_kernel_name=eqstats"],
            env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
    try:
        status = None
        for _ in range(240):
            try:
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2) as r:
                    status = json.load(r)
                    break
            except OSError:
                time.sleep(0.5)
        assert status is not None, f"JupyterLab did not answer:\n{log.read_text()[-3000:]}"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=5) as r:
            assert r.status == 200 and b"JupyterLab" in r.read()
        with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/kernelspecs?token={token}", timeout=5) as r:
            assert "eqstats" in json.load(r)["kernelspecs"]
    finally:
        server.terminate()
        server.wait(timeout=30)

    monkeypatch.setenv("EQSTATS_ROOT", str(built_copy))
    notebooks = sorted((built_copy / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) == 5
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name="eqstats", timeout=900,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.output_type == "error" or o.get("name") == "stderr"]
        assert errors == [], f"{path.name}: {errors[:1]}"
