#!/usr/bin/env python3
"""Seeds a zigd home with N ended sessions (both indexes and a two-line log each) and M zag processes, in the
bytes zig and zag write (docs/format.md, docs/processes.md). Usage: cli-seed.py HOME SESSIONS PROCESSES"""
import json, os, sys, uuid, datetime

home, n_sessions, n_processes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
project = os.path.join(home, ".zig", "projects", "home-ada-src-app")
logs = os.path.join(project, "logs", "sessions")
os.makedirs(logs, exist_ok=True)
start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
glob, proj = [], []
for i in range(n_sessions):
    sid = str(uuid.UUID(int=(i * 0x9E3779B97F4A7C15 + 12345) % (1 << 128), version=4))
    t0 = start + datetime.timedelta(minutes=i)
    t1 = t0 + datetime.timedelta(seconds=42)
    ts0, ts1 = t0.isoformat(), t1.isoformat()
    path = os.path.join(logs, sid + ".jsonl")
    with open(path, "w") as f:
        f.write(json.dumps({"seq": 1, "ts": ts0, "zig_session_id": sid, "type": "zig_session_started",
                            "workflow_name": "wf%d" % (i % 7), "workflow_path": "/home/ada/src/app/wf.zwf",
                            "workspace_path": project, "cwd": "/home/ada/src/app", "prompt": None, "tier_count": 1},
                           separators=(",", ":")) + "\n")
        f.write(json.dumps({"seq": 2, "ts": ts1, "zig_session_id": sid, "type": "zig_session_ended",
                            "status": "success" if i % 5 else "failure", "duration_ms": 42000},
                           separators=(",", ":")) + "\n")
    status = "success" if i % 5 else "failure"
    glob.append({"zig_session_id": sid, "workflow_name": "wf%d" % (i % 7), "project": project, "log_path": path,
                 "started_at": ts0, "ended_at": ts1, "status": status})
    proj.append({"zig_session_id": sid, "workflow_name": "wf%d" % (i % 7),
                 "workflow_path": "/home/ada/src/app/wf.zwf", "log_path": path, "started_at": ts0,
                 "ended_at": ts1, "status": status, "workspace_path": project})
with open(os.path.join(home, ".zig", "sessions_index.json"), "w") as f:
    f.write(json.dumps({"sessions": glob}, indent=2, ensure_ascii=False))
with open(os.path.join(project, "logs", "index.json"), "w") as f:
    f.write(json.dumps({"sessions": proj}, indent=2, ensure_ascii=False))
os.makedirs(os.path.join(home, ".zag"), exist_ok=True)
procs = []
for i in range(n_processes):
    t = start + datetime.timedelta(minutes=i)
    running = i % 10 == 0  # marked running, its pid long gone: live_status "dead"
    procs.append({"id": str(uuid.UUID(int=(i * 0x2545F4914F6CDD1D + 99) % (1 << 128), version=4)),
                  "pid": 4000000 + i, "session_id": None, "provider": "claude", "model": "sonnet",
                  "command": "run", "prompt": "task %d" % i, "started_at": t.isoformat(),
                  "status": "running" if running else "exited", "exit_code": None if running else 0,
                  "exited_at": None if running else (t + datetime.timedelta(seconds=30)).isoformat(),
                  "root": None, "parent_process_id": None, "parent_session_id": None})
with open(os.path.join(home, ".zag", "processes.json"), "w") as f:
    f.write(json.dumps({"processes": procs}, indent=2, ensure_ascii=False))
