#!/usr/bin/env python3
"""What opening a session page costs, locally and in the fleet view (bench/README.md "Dashboard: a fleet session page").

The dashboard's session page makes these requests when it opens (js/session.js): the newest event (?last=1), the
lifecycle events up to it, the last 500 output lines up to it, then the SSE stream after it. This times the same
requests against the daemon that wrote a session of N events and against a fleet view reading it from NATS.
Its own nats-server and two daemons on temp homes; nothing else is touched. Build first: ./mvnw -B package -DskipTests.
Usage: bench/fleet-page.py [events=100000] [runs=5]
"""
import http.client, json, os, shutil, socket, subprocess, sys, tempfile, time

EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
JAR = os.path.abspath('target/quarkus-app/quarkus-run.jar')
LIFECYCLE = 'zig_session_started,tier_started,step_started,step_completed,step_failed,step_skipped,zig_session_ended'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_for(what, condition, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f'not within {seconds} s: {what}')


class Daemon:
    def __init__(self, root, name, *props):
        self.home = os.path.join(root, name)
        os.makedirs(self.home)
        self.port = free_port()
        self.log = open(os.path.join(root, name + '.log'), 'w')
        self.proc = subprocess.Popen(['java', '-Xmx512m', f'-Dzigd.home={self.home}', f'-Dquarkus.http.port={self.port}',
                                      *props, '-jar', JAR], stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(name + ' up', lambda: os.path.exists(os.path.join(self.home, '.zig/zigd.token'))
                 and self.call('GET', '/api/v1/health')[0] == 200)
        self.token = open(os.path.join(self.home, '.zig/zigd.token')).read().strip()

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=300)
        headers = {'Authorization': f'Bearer {getattr(self, "token", "")}', 'Content-Type': 'application/json'}
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, data

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def page_open(daemon, base):
    """The page's requests, in its order; seconds for each and in all."""
    t0 = time.perf_counter()
    status, body = daemon.call('GET', f'{base}?last=1')
    assert status == 200, body
    up_to = json.loads(body)['events'][0]['seq']
    t1 = time.perf_counter()
    # The page sends these two in parallel; sequential here, so their sum is an upper bound.
    for query in (f'type={LIFECYCLE}&before_seq={up_to + 1}', f'type=step_output&before_seq={up_to + 1}&last=500'):
        status, body = daemon.call('GET', f'{base}?{query}')
        assert status == 200, body
    t2 = time.perf_counter()
    # The stream after the last seq held: the session has ended, so it sends the end and closes.
    status, body = daemon.call('GET', f'{base}/events/stream?after_seq={up_to - 1}')
    assert status == 200 and b'event: end' in body, body[:200]
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, t3 - t0


def main():
    root = tempfile.mkdtemp(prefix='zigd-fleet-page-')
    store = os.path.join(root, 'js')
    nats_port = free_port()
    nats = subprocess.Popen([shutil.which('nats-server') or '/usr/sbin/nats-server', '-a', '127.0.0.1', '-p',
                             str(nats_port), '-js', '-sd', store], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f'nats://127.0.0.1:{nats_port}'
    daemons = []
    try:
        alpha = Daemon(root, 'alpha', '-Dzigd.host-name=alpha', f'-Dzigd.forward.nats-url={url}')
        daemons.append(alpha)
        view = Daemon(root, 'view', f'-Dzigd.fleet.nats-url={url}')
        daemons.append(view)
        status, body = alpha.call('POST', '/api/v1/sessions', json.dumps({'workflow_name': 'big', 'workflow_path': '/w.zwf'}))
        assert status == 201, body
        sid = json.loads(body)['zig_session_id']
        batch = 10_000
        for start in range(0, EVENTS, batch):
            events = [{'type': 'step_output', 'step_name': 'build', 'stream': 'stdout',
                       'line': f'line {i} of the build output, about as long as a real one'} for i in range(start, min(EVENTS, start + batch))]
            status, body = alpha.call('POST', f'/api/v1/sessions/{sid}/events', json.dumps(events))
            assert status == 200, body
        status, body = alpha.call('POST', f'/api/v1/sessions/{sid}/events', json.dumps({'type': 'zig_session_ended', 'status': 'success'}))
        last = json.loads(body)['last_seq']
        wait_for('the fleet view holding the whole session', lambda: view.call('GET', f'/api/v1/fleet/sessions/alpha/{sid}?last=1')[0] == 200
                 and json.loads(view.call('GET', f'/api/v1/fleet/sessions/alpha/{sid}?last=1')[1])['events'][0]['seq'] == last, 300)
        print(f'session of {last:,} events; each figure the median of {RUNS} page opens (s): head, reads, stream, total')
        for name, daemon, base in (('local', alpha, f'/api/v1/sessions/{sid}'), ('fleet', view, f'/api/v1/fleet/sessions/alpha/{sid}')):
            page_open(daemon, base)  # warm-up
            runs = sorted((page_open(daemon, base) for _ in range(RUNS)), key=lambda r: r[3])
            median = runs[len(runs) // 2]
            print(f'{name:6} ' + '  '.join(f'{x:7.3f}' for x in median))
    finally:
        for d in daemons:
            d.stop()
        nats.terminate()
        nats.wait(30)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == '__main__':
    main()
