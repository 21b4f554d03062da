#!/usr/bin/python3
"""Benchmark of the web console in headless Chromium (issue 13): how long a big execution takes to
open, read from the browser's performance timeline after a fresh page load:

  first paint     first-contentful-paint (the page shell)
  graph drawn     the console's mark `sfn:graph-drawn`: the graph laid out and on screen
  graph coloured  the mark `sfn:graph-coloured`: states coloured from both ends of the history (its
                  oldest and newest pages, read at once), before the pages between are in
  graph complete  the mark `sfn:graph-complete`: the whole history loaded, every state coloured

Workloads: a Choice loop with a 24,998-event history (AWS's quota is 25,000), an inline Map over
10,000 items (40,006 events; the quota lifted), and a 500-state definition (layout only).
Figures are printed (median of BENCH_CONSOLE_RUNS page loads, default 5), never asserted.

Runs with Debian's python3 (selenium): /usr/bin/python3 bench/console.py
(SFN_EMULATOR_BIN, else build/sfn-emulator).
"""

import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "browser"))
from console_browser import Console, console_server, sfn, create_machine, wait_status  # noqa: E402

RUNS = int(os.environ.get("BENCH_CONSOLE_RUNS", "5"))


def choice_loop(iterations):
    return {"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Inc"},
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Default": "Done",
                  "Choices": [{"Variable": "$.i", "NumericLessThan": iterations, "Next": "Inc"}]},
        "Done": {"Type": "Succeed"}}}


def inline_map():
    return {"StartAt": "M", "States": {"M": {
        "Type": "Map", "ItemsPath": "$.items", "End": True,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}


def wide_definition(n):
    """n states: a Choice fan-out every 10 states, Parallel branches and a Map, Catch edges."""
    states = {}
    for i in range(n):
        name = f"S{i:03d}"
        nxt = f"S{i + 1:03d}" if i + 1 < n else None
        if i % 10 == 0 and i + 10 < n:
            states[name] = {"Type": "Choice", "Choices": [
                {"Variable": "$.x", "NumericEquals": i, "Next": f"S{i + 5:03d}"},
                {"Variable": "$.y", "StringEquals": f"v{i}", "Next": f"S{i + 9:03d}"}], "Default": nxt}
        elif i % 50 == 7:
            states[name] = {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": f"S{min(n - 1, i + 3):03d}"}]}
            states[name].update({"Next": nxt} if nxt else {"End": True})
        else:
            states[name] = {"Type": "Pass"}
            states[name].update({"Next": nxt} if nxt else {"End": True})
    return {"StartAt": "S000", "States": states}


def page_load(c, url):
    c.driver.get("about:blank")
    c.driver.get(url)
    c.until(lambda: c.driver.execute_script("return document.body && document.body.dataset.graph") == "complete",
            "the graph to be complete", timeout=180)
    return c.driver.execute_script("""
      const at = (name) => { const e = performance.getEntriesByName(name); return e.length ? e[e.length - 1].startTime : null; };
      return {paint: at('first-contentful-paint'), drawn: at('sfn:graph-drawn'), coloured: at('sfn:graph-coloured'),
              complete: at('sfn:graph-complete'),
              layout: (performance.getEntriesByName('sfn:layout').slice(-1)[0] || {}).duration};""")


def report(label, samples):
    def med(k):
        vals = [s[k] for s in samples if s.get(k) is not None]
        return statistics.median(vals) if vals else float("nan")
    print(f"{label}: first paint {med('paint'):.0f} ms, graph drawn {med('drawn'):.0f} ms, "
          f"graph coloured {med('coloured'):.0f} ms, graph complete {med('complete'):.0f} ms (layout {med('layout'):.0f} ms; median of {len(samples)})",
          flush=True)


def main():
    with console_server(clock="virtual", extra_args=("--max-history-events", "0")) as srv, Console(srv, "bench") as c:
        loop = create_machine(srv, "loop", choice_loop(6248))["stateMachineArn"]
        ex = sfn(srv, "StartExecution", stateMachineArn=loop, name="big")["executionArn"]
        wait_status(srv, ex, timeout=300)
        n = sfn(srv, "GetExecutionHistory", executionArn=ex, maxResults=1, reverseOrder=True)["events"][0]["id"]
        report(f"Choice loop, {n} events", [page_load(c, f"{srv.endpoint}/#/execution/{ex}") for _ in range(RUNS)])

        m = create_machine(srv, "map", inline_map())["stateMachineArn"]
        ex = sfn(srv, "StartExecution", stateMachineArn=m, name="big",
                 input=json.dumps({"items": list(range(10000))}))["executionArn"]
        wait_status(srv, ex, timeout=300)
        n = sfn(srv, "GetExecutionHistory", executionArn=ex, maxResults=1, reverseOrder=True)["events"][0]["id"]
        report(f"inline Map of 10,000 items, {n} events", [page_load(c, f"{srv.endpoint}/#/execution/{ex}") for _ in range(RUNS)])

        wide = create_machine(srv, "wide", wide_definition(500))["stateMachineArn"]
        ex = sfn(srv, "StartExecution", stateMachineArn=wide, name="x", input='{"x": -1, "y": ""}')["executionArn"]
        wait_status(srv, ex, timeout=60)
        samples = [page_load(c, f"{srv.endpoint}/#/execution/{ex}") for _ in range(RUNS)]
        report("500-state definition", samples)
        c.driver.execute_script("document.querySelector('.graph-tools button[title=Fit]').click()")
        c.shot("500-states")


if __name__ == "__main__":
    main()
