"""`mkdocs serve` rebuilds on edits, re-renders only what changed, and does not loop."""

import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from sitetools import build_env, copy_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, project):
        self.lines: queue.Queue[str] = queue.Queue()
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project, env=build_env(project), stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip())

    def wait_for(self, text: str, seconds: float = 120) -> list[str]:
        """Every line up to and including the first that contains `text`."""
        seen, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return seen
        pytest.fail(f"no {text!r} within {seconds} s; saw:\n" + "\n".join(seen))

    def quiet_for(self, seconds: float) -> list[str]:
        time.sleep(seconds)
        return [self.lines.get() for _ in range(self.lines.qsize())]

    def get(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/ml-derived/{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    project = copy_project(tmp_path / "project")
    running = Server(project)
    running.wait_for("Serving on")
    yield project, running
    running.stop()


def rebuilt_figures(lines: list[str]) -> str:
    return next(line.split("rendered now: ", 1)[1] for line in lines if "rendered now: " in line)


def test_editing_one_figure_script_rerenders_exactly_that_figure(server):
    project, running = server
    with open(project / "figures_src" / "plot_log_loss.py", "a", encoding="utf-8") as script:
        script.write("\n# an edit\n")
    lines = running.wait_for("Reloading browsers")
    assert rebuilt_figures(lines) == "plot_log_loss"
    assert not [line for line in running.quiet_for(4) if "Building documentation" in line or "Detected" in line]


def test_editing_a_page_rerenders_no_figure(server):
    project, running = server
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    lines = running.wait_for("Reloading browsers")
    assert rebuilt_figures(lines) == "none"


def test_a_broken_figure_is_reported_and_the_server_keeps_running(server):
    project, running = server
    script = project / "figures_src" / "plot_log_loss.py"
    original = script.read_text(encoding="utf-8")
    broken = re.sub(r"(def figure\(\)[^:]*:)", r"\1\n    raise RuntimeError('broken on purpose')", original, count=1)
    assert broken != original
    script.write_text(broken, encoding="utf-8")
    lines = running.wait_for("An error happened during the rebuild")
    assert any("figures_src/plot_log_loss.py" in line for line in lines)
    assert running.process.poll() is None
    script.write_text(original, encoding="utf-8")
    running.wait_for("Reloading browsers")


def test_editing_a_derivation_module_reverifies_it_and_updates_the_page(server):
    project, running = server
    module = project / "src" / "derivations" / "catalogue" / "sigmoid.py"
    text = module.read_text(encoding="utf-8")
    edited = text.replace('"Write the fraction as a product of two fractions"', '"Split the fraction into two factors"')
    assert edited != text
    module.write_text(edited, encoding="utf-8")
    running.wait_for("Reloading browsers")
    page = running.get("foundations/sigmoid/")
    assert "Split the fraction into two factors" in page
    assert "Write the fraction as a product of two fractions" not in page
