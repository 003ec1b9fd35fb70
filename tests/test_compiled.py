"""The wheel's Cython-compiled modules (hatch_build.py) give the same tables as the Python sources.

Builds the wheel once (about a minute on two cores), installs it into a scratch folder and runs it there on the
bundled corpus in a subprocess; this process runs the sources of the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT
from extractor.pipeline import extract

FILES = sorted((ROOT / "corpus" / "seed").glob("seed-report.*")) + sorted((ROOT / "corpus" / "real-sample").glob("*.docx"))
# In the subprocess: which modules are compiled, and every table of every file as CSV.
PROBE = textwrap.dedent(
    """
    import json, sys
    import extractor.pipeline
    from extractor.extract import quantities
    from extractor.pipeline import extract
    compiled = [m.__file__.endswith(".so") for m in (extractor.pipeline, quantities)]
    tables = {p: {k: t.to_csv(index=False) for k, t in extract(p).tables().items()} for p in sys.argv[1:]}
    print(json.dumps({"compiled": compiled, "module": quantities.__file__, "tables": tables}))
    """
)


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory):
    """A folder holding the installed wheel, built from this checkout with its compiled modules."""
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler: the wheel would be pure Python")
    pytest.importorskip("Cython", reason="the dev extras bring Cython, which the wheel build needs here")
    scratch = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k != "EXTRACTOR_PURE"}
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(scratch / "dist"), str(ROOT)],
                   check=True, env=env, capture_output=True)
    wheel = next((scratch / "dist").glob("extractor-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(scratch / "site"), str(wheel)],
                   check=True, capture_output=True)
    return scratch / "site", wheel


def test_wheel_is_platform_specific_and_holds_compiled_modules(wheel_site):
    site, wheel = wheel_site
    assert "-cp3" in wheel.name and not wheel.name.endswith("-none-any.whl")
    compiled = sorted(p.relative_to(site).as_posix().split(".")[0] for p in site.joinpath("extractor").rglob("*.so"))
    assert "extractor/extract/quantities" in compiled and "extractor/segment/header" in compiled
    assert "extractor/pipeline" in compiled and "extractor/models" in compiled
    assert not any(name.endswith("__init__") for name in compiled)
    # The sources ship too: the pipeline version hashes them, and tracebacks show them.
    assert (site / "extractor" / "extract" / "quantities.py").is_file()
    assert (site / "extractor" / "rules_data" / "kinds.toml").is_file()


def test_compiled_modules_give_the_same_tables_as_the_sources(wheel_site):
    site, _ = wheel_site
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, FILES)], env=env, cwd=site, check=True,
                          capture_output=True, text=True)
    result = json.loads(done.stdout)
    assert result["compiled"] == [True, True], result["module"]
    assert len(result["tables"]) == len(FILES) == 5
    for path in FILES:
        ours = {k: t.to_csv(index=False) for k, t in extract(path).tables().items()}
        assert result["tables"][str(path)] == ours, path.name
    seed = result["tables"][str(ROOT / "corpus" / "seed" / "seed-report.txt")]
    assert "748684000000" in seed["amounts"]
