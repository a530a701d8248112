import io
import json
import subprocess
import sys

import pytest

from assistant import commands

JOTTING = "50 min, 11/20. pt discussed work stress. HW: sleep diary. Denies SI/HI."


@pytest.fixture(autouse=True)
def _shared_engine(engine, monkeypatch):
    """The CLI loads the pipeline itself; hand it the session's engine so tests stay fast."""
    monkeypatch.setattr("assistant.commands.structure.load", lambda: engine)


def test_structure_cli_json_output_is_the_note(tmp_path, capsys):
    path = tmp_path / "note.txt"
    path.write_text(JOTTING, encoding="utf-8")
    assert commands.main(["structure", str(path), "--format", "json", "--date", "2026-11-29"]) == 0
    note = json.loads(capsys.readouterr().out)
    assert note["session"] == {
        "date": "2026-11-20",
        "duration_minutes": 50,
        "start_time": None,
        "end_time": None,
    }
    assert [i["text"] for i in note["sections"]["homework"]] == ["sleep diary"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_structure_cli_readable_formats_show_the_items(tmp_path, capsys, fmt):
    path = tmp_path / "note.txt"
    path.write_text(JOTTING, encoding="utf-8")
    assert commands.main(["structure", str(path), "--format", fmt, "--date", "2026-11-29"]) == 0
    out = capsys.readouterr().out
    assert "sleep diary" in out and "Denies SI/HI" in out and "2026-11-20" in out


def test_structure_cli_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(JOTTING.encode("utf-8"))))
    assert commands.main(["structure", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["session"]["duration_minutes"] == 50


def test_structure_cli_shared_examples(tmp_path, capsys, shared_examples):
    for example in shared_examples:
        path = tmp_path / "jotting.txt"
        path.write_text(example["text"], encoding="utf-8")
        args = ["structure", str(path), "--format", "json", "--date", example["reference_date"]]
        assert commands.main(args) == 0
        note = json.loads(capsys.readouterr().out)
        assert note["session"]["date"] == example["gold"]["date"], example["id"]
        for items in note["sections"].values():
            for item in items:
                assert example["text"][item["start"] : item["end"]] == item["text"]


def _error(capsys, argv):
    code = commands.main(argv)
    err = capsys.readouterr().err.strip()
    return code, err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t", "empty"),
        (b"\xff\xfe\xfa not utf8", "not UTF-8"),
        (b"\x00\x01\x02binary", "binary"),
        (b"a" * 20_001, "over the limit"),
    ],
)
def test_structure_cli_bad_input_exits_2_with_one_sentence(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, err = _error(capsys, ["structure", str(path)])
    assert code == 2
    assert message in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_structure_cli_missing_file_exits_2(tmp_path, capsys):
    code, err = _error(capsys, ["structure", str(tmp_path / "nope.txt")])
    assert code == 2 and "does not exist" in err


def test_structure_cli_folder_given_as_file_exits_2(tmp_path, capsys):
    code, err = _error(capsys, ["structure", str(tmp_path)])
    assert code == 2 and "--batch" in err


def test_structure_cli_batch_needs_out(tmp_path, capsys):
    code, err = _error(capsys, ["structure", "--batch", str(tmp_path)])
    assert code == 2 and "--out" in err


def test_structure_cli_batch_writes_one_line_per_file(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(JOTTING, encoding="utf-8")
    (folder / "b.txt").write_text("11/21 45 min. grief. Next session: review.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"")
    out = tmp_path / "results.jsonl"
    code = commands.main(
        ["structure", "--batch", str(folder), "--out", str(out), "--date", "2026-11-29"]
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    err = capsys.readouterr().err
    assert code == 1  # one file could not be structured
    assert [r["file"] for r in rows] == ["a.txt", "b.txt", "c.txt"]
    assert rows[1]["note"]["session"]["date"] == "2026-11-21"
    assert "empty" in rows[2]["error"]
    assert "2 of 3 jottings" in err


def test_structure_cli_batch_unwritable_out_exits_2(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(JOTTING, encoding="utf-8")
    code, err = _error(
        capsys, ["structure", "--batch", str(folder), "--out", str(tmp_path / "no" / "x.jsonl")]
    )
    assert code == 2 and "Cannot write" in err


def test_structure_cli_through_the_console_script_parser(tmp_path, capsys):
    from web import cli as web_cli

    path = tmp_path / "note.txt"
    path.write_text(JOTTING, encoding="utf-8")
    assert web_cli.main(["structure", str(path), "--format", "json"]) == 0
    assert "sleep diary" in capsys.readouterr().out


def test_structure_cli_output_cut_short_by_its_reader_prints_no_traceback(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(JOTTING * 250, encoding="utf-8")  # more than a pipe holds
    script = "import sys; from web.cli import main; sys.exit(main(sys.argv[1:]))"
    cli = subprocess.Popen(
        [sys.executable, "-c", script, "structure", str(path), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    cli.stdout.read(10)
    cli.stdout.close()  # like `| head -c 10`
    err = cli.stderr.read().decode()
    assert cli.wait(timeout=120) == 0
    assert "Traceback" not in err


def test_structure_cli_previous_links_the_homework_review(tmp_path, capsys):
    last, new = tmp_path / "last.txt", tmp_path / "new.txt"
    last.write_text(JOTTING, encoding="utf-8")
    assert commands.main(["structure", str(last), "--format", "json"]) == 0
    previous = tmp_path / "last.json"
    previous.write_text(capsys.readouterr().out, encoding="utf-8")
    new.write_text("50 min. Client forgot the sleep diary. Discussed work.", encoding="utf-8")
    args = ["structure", str(new), "--format", "json", "--previous", str(previous)]
    assert commands.main(args) == 0
    note = json.loads(capsys.readouterr().out)
    linked = [i for items in note["sections"].values() for i in items if "homework_ref" in i]
    assert [(i["homework_ref"], i["homework_status"]) for i in linked] == [(0, "not_done")]


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json", "is not JSON"), ("[1, 2]", "one note"), ('{"sections": 3}', "no 'sections'")],
)
def test_structure_cli_bad_previous_exits_2(tmp_path, capsys, content, message):
    new, previous = tmp_path / "new.txt", tmp_path / "last.json"
    new.write_text(JOTTING, encoding="utf-8")
    previous.write_text(content, encoding="utf-8")
    code, err = _error(capsys, ["structure", str(new), "--previous", str(previous)])
    assert code == 2 and message in err and "Traceback" not in err
