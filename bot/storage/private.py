"""Private files and directories for what var/ holds: conversations, feedback and logs are
personal data, so only the owner of the process may read them (issue 9, finding 9).

The modes are set explicitly: the ones passed to mkdir and open are reduced by the umask,
and do not apply at all to what already exists.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: str | os.PathLike[str]) -> Path:
    """The directory, created with mode 0700 when it is missing. An existing directory keeps
    its mode: a configured SQLite URL may point into a shared one such as /tmp."""
    directory = Path(path)
    if not directory.is_dir():
        directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(directory, DIR_MODE)
    return directory


def private_file(path: str | os.PathLike[str]) -> Path:
    """The file, created empty when it is missing, mode 0600 either way (an older release
    left its databases readable for everyone)."""
    file = Path(path)
    private_dir(file.parent)
    os.close(os.open(file, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    os.chmod(file, FILE_MODE)
    return file
