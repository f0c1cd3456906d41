#!/usr/bin/env python3
"""Compares typed answers with expected ones as the real Anki does on a type-in card's
answer side.

Usage: anki-compare-answers.py CASES_JSON OUTPUT_JSON

CASES_JSON holds a list of {"expected": field HTML, "typed": text, "combining": bool};
OUTPUT_JSON gets, in the same order, the HTML Anki's compare_answer gives for each.
"""

import json
import os
import sys
import tempfile

from anki.collection import Collection


def main():
    cases_path, out_path = sys.argv[1], sys.argv[2]
    with open(cases_path, encoding="utf-8") as file:
        cases = json.load(file)
    with tempfile.TemporaryDirectory() as work_dir:
        col = Collection(os.path.join(work_dir, "collection.anki2"))
        compared = [
            col.compare_answer(case["expected"], case["typed"], case["combining"])
            for case in cases
        ]
        col.close()
    with open(out_path, "w", encoding="utf-8") as file:
        json.dump(compared, file, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
