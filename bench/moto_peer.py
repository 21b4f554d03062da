#!/usr/bin/env python3
"""moto_server for bench/bench.py, with one workaround so that it can run more than one execution.

moto 5.2.1's StartExecution (execute_state_machine on) deep-copies the state machine, which refers
to its whole backend, so the copy reaches the first execution's worker and its RLock: every
StartExecution after the first answers HTTP 500. Here the copy shares the backend and starts with
no executions. That only removes work from moto (it no longer copies the backend), so the ratios
bench.py prints are, if anything, kind to moto.

Usage: bench/moto_peer.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)
"""
import copy

from moto.server import main
from moto.stepfunctions.models import StateMachine


def _deepcopy(self, memo):
    clone = self.__class__.__new__(self.__class__)
    memo[id(self)] = clone
    for key, value in self.__dict__.items():
        if key == "backend":
            setattr(clone, key, value)
        elif key == "executions":
            setattr(clone, key, [])
        else:
            setattr(clone, key, copy.deepcopy(value, memo))
    return clone


StateMachine.__deepcopy__ = _deepcopy

if __name__ == "__main__":
    main()
