"""Wheel build hook: the modules that segment and extract compiled with Cython, beside their Python sources.

A wheel (``pip install .``) gets the compiled modules, which run the same code about 10 % faster; an
editable install (``pip install -e .``) gets none, so that an edit to a source always takes effect. Where no C
compiler is found the wheel is pure Python, with a warning; ``EXTRACTOR_PURE=1`` asks for that outright.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileHook(BuildHookInterface):
    """Compiles the configured modules (``[tool.hatch.build.targets.wheel.hooks.custom] compile``)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        """Build the extension modules into a scratch folder and add them to the wheel."""
        if version == "editable" or os.environ.get("EXTRACTOR_PURE", "0").lower() not in ("", "0", "false", "no"):
            return
        sources = sorted(
            path for pattern in self.config["compile"] for path in glob.glob(pattern, root_dir=self.root)
            if not path.endswith("__init__.py")  # a compiled package __init__ breaks relative imports
        )
        self._scratch = tempfile.TemporaryDirectory(prefix="extractor-build-")
        try:
            built = _compile(Path(self.root), sources, Path(self._scratch.name))
        except Exception as exc:  # noqa: BLE001 - no compiler, no headers: the pure wheel still works
            self.app.display_warning(f"extractor: building pure Python modules, compiling failed: {exc}")
            return
        for module, library in built.items():
            build_data["force_include"][str(library)] = module.replace(".", "/") + library.name[library.name.index("."):]
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        """Remove the scratch folder."""
        if getattr(self, "_scratch", None) is not None:
            self._scratch.cleanup()


def _compile(root: Path, sources: list[str], scratch: Path) -> dict[str, Path]:
    # Cython writes C files and setuptools compiles them, both under ``scratch``: the checkout stays clean.
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    # No debug information and -O2: half the compile time of Python's default -g -O3, the same speed measured.
    flags = ["-g0", "-O2"] if os.name == "posix" else []
    extensions = [Extension(source[:-3].replace("/", "."), [source], extra_compile_args=flags) for source in sources]
    # Annotations stay hints: "exclude: list[...] = ()" must not become a type check at call time.
    directives = {"language_level": 3, "annotation_typing": False}
    with contextlib.chdir(root):  # relative sources, so that the C files land under ``scratch``
        compiled = cythonize(extensions, compiler_directives=directives, build_dir=str(scratch / "c"), quiet=True,
                             nthreads=os.cpu_count() or 1)
        command = Distribution({"ext_modules": compiled}).get_command_obj("build_ext")
        command.build_lib, command.build_temp = str(scratch / "lib"), str(scratch / "tmp")
        command.parallel = os.cpu_count() or 1
        command.ensure_finalized()
        command.run()
    return {ext.name: Path(command.get_ext_fullpath(ext.name)) for ext in compiled}
