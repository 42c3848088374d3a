"""The image's lib folder on sys.path, as the image's scripts put /opt/quickhub/lib: its modules
import one another (quickhub_accounts reads the contract through quickhub_contract). And a
temporary folder that every user may pass through, for tests that work as a user."""
import os
import pathlib
import shutil
import sys
import tempfile

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "image" / "lib"))


@pytest.fixture
def base():
    """A folder every user may pass through (pytest's own are root's only)."""
    path = pathlib.Path(tempfile.mkdtemp(prefix="quickhub-test-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path)
