"""The image's lib folder on sys.path, as the image's scripts put /opt/quickhub/lib: its modules
import one another (quickhub_accounts reads the contract through quickhub_contract)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "image" / "lib"))
