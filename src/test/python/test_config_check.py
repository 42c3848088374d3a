"""quickhub-config-check's report of a hub configuration that does not load: the snippet's file (as
the hub folder names it) and line, the exception's type and message."""
import importlib.machinery
import importlib.util
import pathlib

BIN = pathlib.Path(__file__).resolve().parents[3] / "image" / "bin"
loader = importlib.machinery.SourceFileLoader("config_check", str(BIN / "quickhub-config-check"))
spec = importlib.util.spec_from_loader("config_check", loader)
check = importlib.util.module_from_spec(spec)
loader.exec_module(check)


def failure(source, name="20-course.py"):
    path = check.SNIPPETS + name
    try:
        exec(compile(source, path, "exec"), {"c": None})
    except Exception as e:
        return e
    raise AssertionError("the snippet ran")


def test_a_syntax_error_names_the_snippet_and_its_line():
    error = failure("x = 1\nc.JupyterHub.template_vars = {\n")
    assert check.describe(error).startswith("config.d/20-course.py, line 2: SyntaxError: ")


def test_an_exception_names_the_innermost_line_in_a_snippet():
    error = failure("courses = {}\n\ndef course():\n    return courses['physics']\n\ncourse()\n")
    assert check.describe(error) == "config.d/20-course.py, line 4: KeyError: 'physics'"


def test_an_error_outside_any_snippet_or_configuration_has_no_place():
    assert check.describe(ValueError("port is not a number")) == "ValueError: port is not a number"


def test_other_files_keep_their_path():
    assert check.shown("/usr/lib/python3/x.py") == "/usr/lib/python3/x.py"
