#!/usr/bin/env python3
"""Imports a package into a fresh collection with the real Anki library and dumps it as JSON.

Usage: anki-import-dump.py PACKAGE OUTPUT_JSON

A `.colpkg` goes through Anki's "Import > Collection package", which replaces the whole
collection with the package's and unpacks its media; an `.apkg` through "Import > Deck
package" into an empty collection.

The JSON has the shape `anki-fixtures.py` dumps (see `dump` there), so tests compare what
Spool exported with what Anki made of it. Needs the venv described in anki-fixtures.py.
"""

import importlib.util
import json
import os
import sys
import tempfile

from anki._backend import RustBackend
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def load_fixtures_module():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "anki-fixtures.py")
    spec = importlib.util.spec_from_file_location("anki_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    package, output = os.path.abspath(sys.argv[1]), sys.argv[2]
    fixtures = load_fixtures_module()
    with tempfile.TemporaryDirectory() as work_dir:
        col_path = os.path.join(work_dir, "collection.anki2")
        if package.endswith(".colpkg"):
            # What the desktop app does: the collection closed, the package's put in its place.
            RustBackend().import_collection_package(
                col_path=col_path,
                backup_path=package,
                media_folder=os.path.join(work_dir, "collection.media"),
                media_db=os.path.join(work_dir, "collection.media.db2"),
            )
            col = Collection(col_path)
        else:
            col = Collection(col_path)
            col.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=package,
                    options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False),
                )
            )
        contents = fixtures.dump(col)
        col.close()
    with open(output, "w", encoding="utf-8") as file:
        json.dump(contents, file, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
