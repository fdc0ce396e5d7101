#!/usr/bin/env python3
"""Hand-made breaks of gort's protocol rules (issue 9, point 5): applies each break in breaks.py to a scratch git
worktree of main, runs the tests aimed at it (debug checks on; for the #11640 breaks also the production-checks
execution with them off), and records which tests failed. A break no test catches is a missing test.
Usage (from the repository): python3 tools/protocol-breaks/run.py [--list | --check | NAME...]
The worktree is $GORT_BREAKS_WORKTREE (default: ../gort-breaks beside the checkout); results are appended to
breaks-results.jsonl in it. Each break takes one to ten minutes on 2 cores (the Lincheck models dominate)."""
import json, os, re, subprocess, sys, glob
from breaks import MUTATIONS
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WT = os.environ.get('GORT_BREAKS_WORKTREE', os.path.join(os.path.dirname(REPO), 'gort-breaks'))
MAIN = 'gort-runtime/src/main/java'
OUT = os.path.join(WT, 'breaks-results.jsonl')

def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, cwd=WT, capture_output=True, text=True, **kw)

def source(root, f):
    """The path of f: as given if it has a directory, else the one main source file of gort-runtime so named."""
    if '/' in f:
        return os.path.join(root, f)
    found = glob.glob(os.path.join(root, MAIN, '**', f), recursive=True)
    if len(found) != 1:
        raise SystemExit(f'breaks.py names {f}: {len(found)} files of that name under {MAIN}')
    return found[0]

def apply(root, m):
    """Applies m's edits under root; returns an error text, or None."""
    for f, old, new in m['edits']:
        p = source(root, f)
        s = open(p).read()
        if s.count(old) != 1:
            return f'edit not found once in {f}: {old[:80]!r} ({s.count(old)})'
        open(p, 'w').write(s.replace(old, new))
    return None

def check():
    """--check: every edit still applies exactly once to this checkout (run after refactoring), nothing written."""
    bad = 0
    for m in MUTATIONS:
        for f, old, _ in m['edits']:
            n = open(source(REPO, f)).read().count(old)
            if n != 1:
                bad += 1
                print(f"{m['name']}: {f}: the old text occurs {n} times: {old[:70]!r}")
    print(f'{len(MUTATIONS)} breaks, {bad} stale edits')
    return bad == 0

def run(m):
    sh('git checkout -q -f --detach main && git clean -fdq gort-runtime/src')
    err = apply(WT, m)
    if err:
        return {'name': m['name'], 'error': err}
    for d in glob.glob(WT + '/gort-runtime/target/surefire-reports*'):
        sh(f'rm -rf {d}')
    tests = m['tests']
    r = sh(f"mvn -o -pl gort-runtime test -Dtest='{tests}' -Dsurefire.failIfNoSpecifiedTests=false "
           f"-Dmaven.test.failure.ignore=true" + ('' if m.get('debug_off') else ' -Dgort.skipProductionChecks=true'), timeout=3600)
    failed = []
    for d in ['surefire-reports', 'surefire-reports-production-checks']:
        for x in glob.glob(f'{WT}/gort-runtime/target/{d}/TEST-*.xml'):
            t = open(x).read()
            for case in re.finditer(r'<testcase name="([^"]*)" classname="([^"]*)"[^>]*?(/>|>(.*?)</testcase>)', t, re.S):
                body = case.group(4) or ''
                if '<failure' in body or '<error' in body:
                    msg = re.search(r'message="([^"]{0,300})', body)
                    failed.append({'test': case.group(2).split('.')[-1] + '.' + case.group(1),
                                   'exec': 'debug-off' if 'production' in d else 'debug-on',
                                   'why': msg.group(1) if msg else ''})
    compiled = 'COMPILATION ERROR' not in r.stdout
    return {'name': m['name'], 'rule': m['rule'], 'tests': tests, 'compiled': compiled,
            'caught': bool(failed), 'failed': failed}

def ensure_worktree():
    if not os.path.isdir(WT):
        subprocess.run(['git', 'worktree', 'add', '--detach', WT, 'main'], cwd=REPO, check=True)

if __name__ == '__main__':
    if sys.argv[1:] == ['--check']:
        sys.exit(0 if check() else 1)
    if sys.argv[1:] == ['--list']:
        for m in MUTATIONS: print(m['name'], '-', m['rule'])
        sys.exit()
    ensure_worktree()
    names = sys.argv[1:] or [m['name'] for m in MUTATIONS]
    for m in MUTATIONS:
        if m['name'] in names:
            res = run(m)
            with open(OUT, 'a') as f: f.write(json.dumps(res) + '\n')
            print(res['name'], 'CAUGHT' if res.get('caught') else 'NOT CAUGHT', res.get('error', ''),
                  sorted({x['test'] + '[' + x['exec'] + ']' for x in res.get('failed', [])}), flush=True)
    sh('git checkout -q -f --detach main')
