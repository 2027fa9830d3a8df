"""Several desk staff on one host: processes writing at once lose nothing; a killed writer loses
nothing it had committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from netdiag.cases import add_case, get_case, list_cases, open_log

WRITERS = 4
PER_WRITER = 25

# Each writer adds its own cases and appends a note to one shared case (a read-modify-write of the
# notes: a lost update would drop someone's note). All wait for a start file to begin together.
WRITER = textwrap.dedent("""
    import sys, time, pathlib
    from netdiag.cases import open_log, add_case, update_case
    path, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.005)
    with open_log(path, user=name, timeout=60) as log:
        for i in range(count):
            add_case(log, f"{name}-{i}", received_at="2026-11-20 10:00", text="掉话", cell="A1")
            update_case(log, 1, note=f"{name} {i}")
""")


def test_processes_writing_at_once_lose_no_write(tmp_path):
    path = tmp_path / "cases.db"
    with open_log(path) as log:
        add_case(log, "SHARED", received_at="2026-11-20 09:00", text="shared case")
    go = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{n}", str(PER_WRITER), str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(WRITERS)
    ]
    go.touch()
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with open_log(path) as log:
        frame = list_cases(log)
        assert len(frame) == 1 + WRITERS * PER_WRITER
        assert set(frame["complaint_id"]) == {"SHARED"} | {f"w{n}-{i}" for n in range(WRITERS) for i in range(PER_WRITER)}
        shared = get_case(log, "SHARED")
        notes = [line.split(": ", 1)[1] for line in shared.notes.splitlines()]
        assert sorted(notes) == sorted(f"w{n} {i}" for n in range(WRITERS) for i in range(PER_WRITER))
        assert sum(h.field == "notes" for h in shared.history) == WRITERS * PER_WRITER
        per_case = log.conn.execute("SELECT count(*) FROM history WHERE field = 'case'").fetchone()[0]
        assert per_case == 1 + WRITERS * PER_WRITER


# A writer that imports a large frame of tickets in chunks of 10 and says which it committed.
KILLED = textwrap.dedent("""
    import sys
    import pandas as pd
    from netdiag.cases import open_log, import_tickets
    from netdiag.cases import importer
    importer.CHUNK = 10
    path, total = sys.argv[1], int(sys.argv[2])
    tickets = pd.DataFrame({"complaint_id": [f"T{i:05d}" for i in range(total)],
                            "received_at": "2026-11-20 10:00", "symptom": "call_drop", "cell": "A1"})
    def said(done, all_):
        print(done, flush=True)
    with open_log(path) as log:
        import_tickets(log, tickets, progress=said)
""")


def test_a_writer_killed_mid_import_loses_nothing_committed(tmp_path):
    path = tmp_path / "cases.db"
    open_log(path).close()
    total = 20_000
    writer = subprocess.Popen([sys.executable, "-c", KILLED, str(path), str(total)], stdout=subprocess.PIPE, text=True)
    committed = 0
    for line in writer.stdout:
        committed = int(line)
        if committed >= 300:
            break
    os.kill(writer.pid, signal.SIGKILL)  # mid-batch: it was writing the next chunks
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    with open_log(path) as log:  # opens (the WAL is recovered) and passes quick_check
        assert log.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        held = list_cases(log)
        assert len(held) >= committed
        assert len(held) % 10 == 0  # whole chunks only: none half-written
        assert list(held["complaint_id"]) == [f"T{i:05d}" for i in range(len(held))]
        history = log.conn.execute("SELECT count(*) FROM history").fetchone()[0]
        assert history == len(held)  # each case with its history row, never one without the other
