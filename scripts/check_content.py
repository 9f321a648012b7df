"""Check the answer texts and the local information before they go live.

    python -m scripts.check_content [bestand]      (or: make check-content [FILE=...])

Checks the national answers (the `responses:` of the FAQ files in ZWW_ANSWERS_DIR, default
data/faq) and the local content file (the argument, else ZWW_LOCAL_CONTENT) with exactly the
rules the running bot applies when it reads them again. Prints what is wrong in Dutch, one line
per entry, and exits with 1; prints a short summary and exits with 0 when all is well.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.domain import live_content, local_content
from bot.settings import get_settings


def check(answers_dir: Path, local_file: Path | None) -> tuple[bool, list[str]]:
    """(all fine, lines to print)."""
    lines: list[str] = []
    ok = True
    try:
        answers = live_content.load_national_responses(answers_dir)
        topics = sum(1 for name in answers if name.startswith("utter_faq/"))
        lines.append(f"Landelijke antwoorden: in orde ({topics} onderwerpen in {answers_dir}).")
    except live_content.ContentError as error:
        ok = False
        lines.append(str(error))
    if local_file is None:
        lines.append("Lokale informatie: geen bestand ingesteld (ZWW_LOCAL_CONTENT).")
        return ok, lines
    try:
        found = local_content.load(local_file)
        lines.append(
            f"Lokale informatie: in orde ({len(found.answers)} onderwerpen in {local_file})."
        )
    except local_content.LocalContentError as error:
        ok = False
        lines.append(str(error))
    return ok, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_content")
    parser.add_argument("file", nargs="?", help="bestand met lokale informatie")
    args = parser.parse_args(argv)
    settings = get_settings()
    local_file = Path(args.file) if args.file else settings.local_content
    ok, lines = check(settings.answers_dir, local_file)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
