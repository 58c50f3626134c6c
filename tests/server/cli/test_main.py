"""``passline`` itself: its version, and a help that names every command."""

from __future__ import annotations

import tomllib
from pathlib import Path

from server import create_app
from server.cli import build_parser

ROOT = Path(__file__).resolve().parents[3]


def test_the_version_is_pyprojects_everywhere_it_is_said(passline, tmp_path):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    code, out, _ = passline("--version")
    assert code == 0 and out.strip() == f"passline {version}"
    client = create_app({"DATABASE": str(tmp_path / "p.db")}).test_client()
    assert client.get("/api/v1/health").get_json()["version"] == version
    assert client.get("/api/v1/openapi.json").get_json()["info"]["version"] == version


def test_the_help_names_every_command_with_a_line(passline):
    code, out, _ = passline("--help")
    commands = build_parser()._subparsers._group_actions[0].choices
    assert code == 0 and len(commands) >= 14
    for name in commands:
        assert any(line.split()[:1] == [name] and len(line.split()) > 1
                   for line in out.splitlines()), f"{name} has no line of its own"  # fmt: skip


def test_every_commands_help_ends_with_an_example_that_parses():
    import shlex

    from server.cli import build_parser, commands

    parser = build_parser()
    found = dict(commands(parser))
    assert len(found) >= 28
    for path, command in found.items():
        help_text = command.format_help()
        assert "Example" in help_text, path
        examples = [line.strip() for line in help_text.split("Example", 1)[1].splitlines()[1:]
                    if line.strip().startswith("passline ")]  # fmt: skip
        assert examples, path
        for example in examples:
            argv = shlex.split(example)[1:]
            assert " ".join(argv[: len(path.split())]) == path, example
            parser.parse_args(argv)  # exits (fails the test) on an option it does not have
