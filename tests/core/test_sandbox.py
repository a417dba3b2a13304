"""The sandbox (core/sandbox.py, core/limited.py): what a parser may cost, and what stops it.

Every upload check and photo re-encoding runs through it, so its limits are
tested here with functions made to break them (tests/core/sandbox_targets.py).
"""

import fcntl

import pytest
from django.db import transaction

from core import sandbox

MB = 1024 * 1024
QUICK = sandbox.Limits(cpu=1, memory=256 * MB, wall=10)
T = "tests.core.sandbox_targets"


def test_a_child_answers_with_data_and_bytes():
    result, blob = sandbox.run(f"{T}:echo", b"abc", QUICK, suffix="!")
    assert result == {"size": 3, "suffix": "!"}
    assert blob == b"abc!"


def test_a_loop_is_stopped_by_the_cpu_limit():
    with pytest.raises(sandbox.Refusal) as stopped:
        sandbox.run(f"{T}:spin", b"", QUICK)
    assert stopped.value.code == sandbox.TIME


def test_a_sleeping_child_is_stopped_by_the_wall_clock():
    with pytest.raises(sandbox.Refusal) as stopped:
        sandbox.run(f"{T}:sleep", b"", sandbox.Limits(cpu=5, memory=256 * MB, wall=0.5))
    assert stopped.value.code == sandbox.TIME


def test_memory_is_capped():
    with pytest.raises(sandbox.Refusal) as stopped:
        sandbox.run(f"{T}:hog", b"", QUICK)
    assert stopped.value.code == sandbox.MEMORY


def test_a_crash_is_a_failure_not_an_error_page():
    with pytest.raises(sandbox.Refusal) as crashed:
        sandbox.run(f"{T}:crash", b"", QUICK)
    assert crashed.value.code == sandbox.FAILED


def test_the_child_writes_no_file(tmp_path):
    with pytest.raises(sandbox.Refusal) as refused:
        sandbox.run(f"{T}:write_file", b"", QUICK)
    assert refused.value.code == sandbox.FAILED


def test_a_refusal_keeps_its_code_and_details():
    with pytest.raises(sandbox.Refusal) as refused:
        sandbox.run(f"{T}:refuse", b"", QUICK)
    assert (refused.value.code, refused.value.params) == ("nope", {"why": "test"})


def test_a_parser_bug_is_a_failure_with_its_traceback():
    with pytest.raises(sandbox.Refusal) as failed:
        sandbox.run(f"{T}:boom", b"", QUICK)
    assert failed.value.code == sandbox.FAILED
    assert "a parser bug" in failed.value.detail


def test_an_answer_longer_than_allowed_is_refused(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_ANSWER", 1000)
    with pytest.raises(sandbox.Refusal) as refused:
        sandbox.run(f"{T}:large", b"", QUICK, size=5000)
    assert refused.value.code == sandbox.FAILED
    assert sandbox.run(f"{T}:large", b"", QUICK, size=10)[1] == b"x" * 10


def test_a_budget_stops_optional_work_and_the_child_goes_on():
    result, _blob = sandbox.run(f"{T}:budgeted", b"", sandbox.Limits(2, 256 * MB, 10))
    assert result["stopped"] == "BudgetSpent"
    assert 0.15 <= result["cpu"] < 1.5


@pytest.mark.django_db
def test_no_parse_starts_inside_a_transaction():
    """On SQLite a transaction holds the write lock from its start: a parse inside one
    stalled every other editor. Files are checked before the transaction opens."""
    with transaction.atomic(), pytest.raises(sandbox.TransactionOpen):
        sandbox.run(f"{T}:echo", b"", QUICK)
    with transaction.atomic(), pytest.raises(sandbox.TransactionOpen):
        sandbox.run_many(f"{T}:echo", [b"a"], QUICK)
    assert sandbox.run(f"{T}:echo", b"a", QUICK)[0]["size"] == 1


def test_when_every_slot_is_taken_a_parse_waits_then_is_refused_as_busy(settings, tmp_path):
    settings.SANDBOX_LOCK_DIR = tmp_path
    settings.SANDBOX_SLOTS = 1
    settings.SANDBOX_WAIT = 0.3
    with open(tmp_path / "slot-0", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(sandbox.Refusal) as busy:
            sandbox.run(f"{T}:echo", b"", QUICK)
        assert busy.value.code == sandbox.BUSY
        fcntl.flock(held, fcntl.LOCK_UN)
    assert sandbox.run(f"{T}:echo", b"ab", QUICK)[0]["size"] == 2


def test_a_batch_answers_each_file_and_names_the_one_at_fault():
    answers = sandbox.run_many(
        f"{T}:echo", [b"a", b"bb", b"ccc"], QUICK, each=[{"suffix": "1"}, {}, {"suffix": "3"}]
    )
    assert [blob for _result, blob in answers] == [b"a1", b"bb", b"ccc3"]
    # One file of a batch stops the child: each is run again on its own.
    answers = sandbox.run_many(f"{T}:spin", [b"x"], QUICK)
    assert isinstance(answers[0], sandbox.Refusal) and answers[0].code == sandbox.TIME


def test_a_refusal_in_a_batch_is_that_file_s_alone():
    answers = sandbox.run_many(f"{T}:refuse", [b"a", b"b"], QUICK)
    assert [answer.code for answer in answers] == ["nope", "nope"]


def test_a_check_runs_once_per_uploaded_file():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    calls = []

    @sandbox.once_per_file
    def check(uploaded):
        calls.append(uploaded.name)
        if uploaded.name == "xau.pdf":
            raise ValidationError("xấu")
        return uploaded.name.upper()

    good, bad = SimpleUploadedFile("tot.pdf", b"1"), SimpleUploadedFile("xau.pdf", b"2")
    assert check(good) == check(good) == "TOT.PDF"
    for _ in range(2):
        with pytest.raises(ValidationError):
            check(bad)
    assert calls == ["tot.pdf", "xau.pdf"]


def test_only_one_holder_of_a_lock_at_a_time(settings, tmp_path):
    settings.SANDBOX_LOCK_DIR = tmp_path
    with sandbox.only_one("uploads-of-7") as first:
        assert first is True
        with sandbox.only_one("uploads-of-7") as second, sandbox.only_one("uploads-of-8") as other:
            assert second is False and other is True
    with sandbox.only_one("uploads-of-7") as again:
        assert again is True
