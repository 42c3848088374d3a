"""How the image's tools answer the launcher (image/lib/quickhub_tool.py): each test runs a small
tool in a child Python, as the launcher does, and reads its stdout, stderr and exit code."""
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

LIB = pathlib.Path(__file__).resolve().parents[3] / "image" / "lib"
spec = importlib.util.spec_from_file_location("quickhub_tool", LIB / "quickhub_tool.py")
quickhub_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(quickhub_tool)


def run_tool(body, *args, stdin=""):
    """Runs a tool whose work() is BODY; returns (stdout lines as JSON, stderr, exit code)."""
    source = "import quickhub_tool as tool\n" + textwrap.dedent(body)
    source += "\ntool.main(lambda: work(*sys.argv[1:]))\n" if "def work" in body else ""
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + source, *args], input=stdin, text=True,
        capture_output=True, env={**os.environ, "PYTHONPATH": str(LIB)})
    return [json.loads(line) for line in done.stdout.splitlines()], done.stderr, done.returncode


def test_a_result_is_the_one_final_line_and_exit_code_0():
    lines, err, code = run_tool("""
        def work():
            return {"added": ["ann"], "passwords": {}}
    """)
    assert lines == [{"ok": True, "result": {"added": ["ann"], "passwords": {}}}]
    assert (err, code) == ("", 0)


def test_progress_lines_come_before_the_result():
    lines, _, code = run_tool("""
        def work():
            tool.progress("started ann (1/2)")
            tool.progress("started bob (2/2)")
    """)
    assert lines == [{"progress": "started ann (1/2)"}, {"progress": "started bob (2/2)"},
                     {"ok": True, "result": None}]
    assert code == 0


def test_fail_gives_the_sentence_on_stdout_and_stderr_and_exit_code_1():
    lines, err, code = run_tool("""
        def work():
            tool.fail("There is no user 'x'; list the accounts.")
    """)
    assert lines == [{"ok": False, "error": "There is no user 'x'; list the accounts."}]
    assert "There is no user 'x'; list the accounts." in err
    assert code == quickhub_tool.EXPECTED == 1


def test_a_sentence_that_points_at_a_launcher_command_carries_its_template():
    lines, err, code = run_tool("""
        def work():
            tool.fail("There is no user 'x'; {} shows the accounts.", "users list")
    """)
    assert lines == [{"ok": False, "error": "There is no user 'x'; 'quickhub users list' shows the accounts.",
                      "template": "There is no user 'x'; {} shows the accounts.", "see": ["users list"]}]
    assert "'quickhub users list' shows the accounts." in err
    assert code == 1


def test_options_keep_their_own_words_and_a_typed_brace_pair_leaves_the_sentence_alone():
    assert str(quickhub_tool.ToolError("add {} to replace it.", "--force")) == "add --force to replace it."
    odd = quickhub_tool.ToolError("no such account: a{}b; check {}.", "users list")
    assert str(odd) == "no such account: a{}b; check {}."
    assert odd.see == []


def test_fail_raises_the_tool_error_a_tool_may_catch():
    with pytest.raises(quickhub_tool.ToolError, match="nothing was registered"):
        quickhub_tool.fail("installing x failed; nothing was registered.")


def test_a_library_refusal_by_system_exit_is_an_expected_error():
    lines, _, code = run_tool("""
        def work():
            raise SystemExit("The seed list is refused; no seed account was made.")
    """)
    assert lines == [{"ok": False, "error": "The seed list is refused; no seed account was made."}]
    assert code == 1


def test_an_unexpected_exception_hides_its_text_and_exits_2():
    lines, err, code = run_tool("""
        def work(password):
            raise ValueError("bad password " + password)
    """, "s3cret-typed")
    assert len(lines) == 1 and lines[0]["ok"] is False
    assert "ValueError" in lines[0]["error"]
    assert "s3cret-typed" not in lines[0]["error"]
    assert "Traceback" in err, "the traceback goes to stderr, for whoever runs it by hand"
    assert code == quickhub_tool.UNEXPECTED == 2


def test_stray_output_of_children_and_prints_goes_to_stderr():
    lines, err, code = run_tool("""
        import subprocess
        def work():
            print("stray")
            subprocess.run(["echo", "from a child"], check=True)
            return 1
    """)
    assert lines == [{"ok": True, "result": 1}]
    assert "stray" in err and "from a child" in err
    assert code == 0


def test_lines_are_ascii_whatever_the_text():
    done = subprocess.run(
        [sys.executable, "-c", "import quickhub_tool as tool\ntool.main(lambda: 'Zoë ✓')"],
        capture_output=True, env={**os.environ, "PYTHONPATH": str(LIB)})
    assert done.stdout.isascii()
    assert json.loads(done.stdout) == {"ok": True, "result": "Zoë ✓"}


def test_a_usage_error_is_a_sentence_not_a_usage_text():
    lines, _, code = run_tool("""
        def work(*args):
            parser = tool.ArgumentParser(prog="quickhub-x")
            parser.add_argument("--grant", action="store_true")
            parser.parse_args(args)
    """, "--bogus")
    assert lines == [{"ok": False,
                      "error": "Unrecognized arguments: --bogus; see 'quickhub-x --help'."}]
    assert code == 1


def test_secrets_read_from_stdin_are_not_echoed():
    lines, err, code = run_tool("""
        def work():
            password = sys.stdin.readline().rstrip("\\n")
            if password == "":
                tool.fail("The password on stdin is empty.")
            return {"passwords": {}}
    """, stdin="kept-quiet-42\n")
    assert "kept-quiet-42" not in json.dumps(lines) + err
    assert code == 0


def test_for_people_the_same_calls_print_text():
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import quickhub_tool as tool
            def work():
                tool.progress("creating kernel 'k'")
                return [{"name": "k"}]
            tool.main(work, show=lambda kernels: print("NAME", kernels[0]["name"]), for_people=True)
        """)], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(LIB)})
    assert done.stdout == "creating kernel 'k'\nNAME k\n"
    assert done.returncode == 0



def test_a_running_tool_is_not_dumpable_so_its_stream_cannot_be_opened_through_proc():
    lines, _, code = run_tool("""
        import ctypes
        def work():
            return ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    """)
    assert lines == [{"ok": True, "result": 0}]
    assert code == 0


def test_the_tools_the_launcher_runs_ignore_a_users_python_paths():
    contract = json.loads((LIB.parent / "contract.json").read_text())
    for name in contract["tools"]:
        first = (LIB.parent / "bin" / name).read_text().splitlines()[0]
        if "python" in first:
            assert first == "#!/usr/bin/python3 -I", name
