#!/usr/bin/python3
# cloud-init's four boot stages as systemd's units run them (init --local, init, modules
# --mode=config, modules --mode=final), each in a process of its own, in order, whatever the one
# before returned. Each is forked from this process after it has imported cloud-init once: under
# TCG the imports take most of a stage's time (about 8 s of 11), and a fork right after them starts
# every stage from the same state a fresh `cloud-init` process would have.
# /sbin/svcloud-stages in the cloud test guest (cloud-pid1.sh runs it).
import os
import sys

import jsonschema  # noqa: F401  (imported by every stage that validates its config)
from cloudinit.cmd import main as cloud_init

STAGES = (['init', '--local'], ['init'], ['modules', '--mode=config'], ['modules', '--mode=final'])

for stage in STAGES:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = cloud_init.main(['cloud-init', *stage]) or 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.waitpid(pid, 0)
