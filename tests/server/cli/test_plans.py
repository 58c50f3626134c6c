"""Plan, ask, apply (``server.cli.plans``): a file is shown as what it would change, applied
only on a yes, never half applied, and an unreadable or wrong file changes nothing."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import pytest

from domain.errors import DomainError
from server.cli.plans import plan_ask_apply, write_out
from server.files.floor_file import FileErrors


@dataclass
class Plan:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.changed)


@pytest.fixture
def run(demo_db, capsys, monkeypatch):
    """``run(plan, answer=…, yes=…, read=…, apply=…)`` -> (exit code, stdout, stderr, applied)."""

    def go(plan: Plan, *, answer: str = "", yes: bool = False, read=lambda svc: "doc",
           apply=None) -> tuple[int, str, str, list]:  # fmt: skip
        applied: list = []
        monkeypatch.setattr("builtins.input", lambda prompt: print(prompt) or answer)
        args = argparse.Namespace(db=demo_db, restaurant="demo", file="menu.json", yes=yes)
        code = plan_ask_apply(args, read, lambda svc, doc: plan,
                              apply or (lambda svc, planned, doc: applied.append(doc)))  # fmt: skip
        out, err = capsys.readouterr()
        return code, out, err, applied

    return go


def test_the_plan_is_shown_and_applied_only_on_a_yes(run):
    plan = Plan(added=["item Menemen"], changed=["item Çay"], kept=["item Simit"])
    code, out, _, applied = run(plan, answer="n")
    assert code == 1 and applied == [] and "nothing changed" in out
    assert out.splitlines()[:3] == ["+ item Menemen", "~ item Çay",
                                    "= item Simit  (not in the file: kept)"]  # fmt: skip
    assert "apply 1 new and 1 changed? [y/N]" in out
    code, out, _, applied = run(plan, answer="Yes ")
    assert code == 0 and applied == ["doc"] and "imported: 1 new, 1 changed" in out
    code, out, _, applied = run(plan, yes=True)
    assert code == 0 and applied == ["doc"] and "[y/N]" not in out


def test_a_plan_that_changes_nothing_asks_nothing(run):
    code, out, _, applied = run(Plan(kept=["item Simit"]), answer="y")
    assert code == 0 and applied == [] and out.endswith("nothing to change\n")


def test_an_unreadable_or_wrong_file_or_a_refused_apply_changes_nothing(run):
    def unreadable(svc):
        raise FileNotFoundError(2, "No such file or directory")

    def wrong(svc):
        raise FileErrors(["line 3 (price): not a number", "line 5 (name): empty"])

    def refused(svc, planned, doc):
        raise DomainError("invalid_value", "no such picture", field="image")

    plan = Plan(added=["item X"])
    code, _, err, applied = run(plan, yes=True, read=unreadable)
    assert code == 1 and applied == [] and "cannot read menu.json: No such file or directory" in err
    code, _, err, _ = run(plan, yes=True, read=wrong)
    assert code == 1 and "nothing imported, 2 error(s)" in err and "  line 5 (name)" in err
    code, out, err, _ = run(plan, yes=True, apply=refused)
    assert code == 1 and "nothing imported: image no such picture" in err
    assert "imported:" not in out


def test_an_export_goes_to_its_file_or_to_standard_output(tmp_path, capsys):
    write_out("{}\n", str(tmp_path / "menu.json"))
    assert (tmp_path / "menu.json").read_text(encoding="utf-8") == "{}\n"
    write_out("a,b\n", None)
    assert capsys.readouterr().out == "a,b\n"
