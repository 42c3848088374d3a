"""How the image's tools answer the launcher: JSON lines on stdout.

A tool writes any number of {"progress": "text"} lines, then exactly one final line:
{"ok": true, "result": ...} or {"ok": false, "error": "One sentence: what is wrong, what to do."}.
A sentence that points at one of the launcher's commands or options says so: its "template" has
a {} for each entry of "see" ("up", "users list", "logs", or an option such as "--force"), so that
the launcher can name them in its caller's words (a Java call for a library user); "error" is the
same sentence with the command line's words.
It exits 0, 1 when it refused or failed as foreseen (ToolError, or a library's SystemExit with a
message), 2 when it failed unexpectedly. The error sentence also goes to stderr, with the tool's
name, for whoever runs the tool by hand. An unexpected exception's text never reaches the final
line (it could hold what a user typed): the line names only its type, the traceback goes to stderr.

Lines are ASCII (json.dumps escapes the rest), so a reader may split the stream anywhere. While a
tool runs, stdout (fd 1) points at stderr: a child's or a stray print's output cannot break a line,
and the process is not dumpable, so another process of the same user cannot open the stream
through /proc. The launcher takes only the first final line. Tools start with python3 -I: a
user's ~/.local and PYTHON* variables do not reach them.
On a terminal (or when the tool asks for it) the same calls print for people instead.
"""
import argparse
import ctypes
import json
import os
import sys
import traceback

PR_SET_DUMPABLE = 4
EXPECTED = 1
UNEXPECTED = 2

_out = None  # the protocol's stream while main runs
_for_people = False


class ToolError(Exception):
    """A failure the tool foresaw; its text is the one sentence of the final line. Each {} in
    SENTENCE stands for the launcher command or option of SEE at that place."""

    def __init__(self, sentence, *see):
        pieces = sentence.split("{}")
        if len(pieces) != len(see) + 1:  # a {} in what a user typed: the words stay as they are
            pieces, see = [sentence], ()
        self.template, self.see = sentence, list(see)
        words = [word if word.startswith("--") else f"'quickhub {word}'" for word in see]
        super().__init__("".join(piece + word for piece, word in zip(pieces, words + [""])))


class ArgumentParser(argparse.ArgumentParser):
    """argparse whose usage errors are the tool's sentence (exit 1) instead of a usage text."""

    def error(self, message):
        raise ToolError(f"{message[:1].upper()}{message[1:]}; see '{self.prog} --help'.")


def fail(sentence, *see):
    raise ToolError(sentence, *see)


def progress(text):
    """A line for the user while the tool works."""
    if _for_people or _out is None:
        print(text, flush=True)
    else:
        _write({"progress": text})


def _write(line):
    _out.write(json.dumps(line) + "\n")
    _out.flush()


def _name():
    return os.path.basename(sys.argv[0]) or "the tool"


def main(fn, show=None, for_people=None):
    """Runs FN() and answers with what it returns, or with why it failed; then exits.

    SHOW(result) prints the result for people (default: as JSON, nothing for None); FOR_PEOPLE
    defaults to whether stdout is a terminal."""
    global _out, _for_people
    _for_people = sys.stdout.isatty() if for_people is None else for_people
    sys.stdout.flush()
    if _for_people:
        _out = sys.stdout
    else:
        # Run as a user, the tool shares its uid with the user's other processes: not dumpable,
        # its /proc/PID/fd is root's, so none of them can open the protocol stream and add lines.
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        _out = os.fdopen(os.dup(1), "w", encoding="ascii")
        os.dup2(2, 1)
    code, answer = 0, None
    try:
        answer = {"ok": True, "result": fn()}
    except ToolError as e:
        code, answer = EXPECTED, {"ok": False, "error": str(e)}
        if e.see:
            answer.update(template=e.template, see=e.see)
    except SystemExit as e:
        if isinstance(e.code, str):
            code, answer = EXPECTED, {"ok": False, "error": e.code}
        elif e.code:
            code, answer = EXPECTED, {"ok": False, "error": f"{_name()} stopped with exit code {e.code}."}
        else:  # --help
            answer = {"ok": True, "result": None}
    except BaseException as e:  # also KeyboardInterrupt: the caller still gets its line
        traceback.print_exc()
        code = UNEXPECTED
        answer = {"ok": False, "error": f"{_name()} failed unexpectedly ({type(e).__name__});"
                                        " its traceback is on its stderr: please report it as a bug."}
    sys.stdout.flush()
    if not answer["ok"]:
        print(f"{_name()}: {answer['error']}", file=sys.stderr, flush=True)
    if not _for_people:
        _write(answer)
    elif answer["ok"] and show:
        show(answer["result"])
    elif answer["ok"] and answer["result"] is not None:
        print(json.dumps(answer["result"], indent=2), flush=True)
    sys.exit(code)
