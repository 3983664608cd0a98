#!/usr/bin/python3
"""Runs a command while holding JMH's lock, so that no JMH run on this machine overlaps it.

    with_jmh_lock.py COMMAND [ARGS...]

JMH takes an exclusive lock on java.io.tmpdir/jmh.lock (/tmp/jmh.lock) for the whole of a run and refuses
to start while another process holds it. benchmarks/compare runs the PyTorch side under the same lock:
without it, a JMH run that was waiting for compare's own JMH runs to finish starts the moment they do, and
shares the CPUs with the PyTorch measurements. Waits (saying so on standard error) while a JMH run holds
the lock, then takes it and execs COMMAND, which keeps it (same process, same id) until it exits.

The lock is a POSIX record lock (fcntl), as Java's FileChannel.tryLock takes on Linux. The environment
variable WITH_JMH_LOCK_FILE names another lock file (for testing).
"""
import fcntl
import os
import sys

LOCK = os.environ.get("WITH_JMH_LOCK_FILE", "/tmp/jmh.lock")


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    fd = os.open(LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(f"with_jmh_lock: a JMH run holds {LOCK}; waiting for it to finish", file=sys.stderr, flush=True)
        fcntl.lockf(fd, fcntl.LOCK_EX)
    os.set_inheritable(fd, True)  # the lock lives as long as this descriptor, across exec
    os.execvp(sys.argv[1], sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
