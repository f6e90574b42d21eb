"""The build's one step beyond pyproject.toml: a wheel that serves Swedish pages on its own.

``pip install .`` (a production image, the README's scaled-out recipe) gets no ``make``: the
catalogs are compiled here, and the templates and migrations, which live beside the package in the
checkout, are copied into it (``caseflow.shipped`` finds them either way). An editable install
serves the checkout's own folders, and ``make`` compiles its catalogs.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Folders of the checkout that the installed package needs beside its code.
SHIPPED_FOLDERS = ("templates", "migrations")


class BuildPyWithCatalogs(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return
        package = Path(self.build_lib) / "caseflow"
        for name in SHIPPED_FOLDERS:
            shutil.copytree(ROOT / name, package / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        compile_catalogs(package / "translations")


def compile_catalogs(translations: Path) -> None:
    """Each ``messages.po`` into the ``messages.mo`` Flask-Babel reads, as ``pybabel compile`` would."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in translations.glob("*/LC_MESSAGES/*.po"):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parts[-3])
        with po.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog, use_fuzzy=True)


setup(cmdclass={"build_py": BuildPyWithCatalogs})
