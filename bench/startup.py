#!/usr/bin/env python3
"""Start-up time to the first answer and idle RSS of the sfn-emulator binary.

Usage: bench/startup.py [build/sfn-emulator]   (10 runs, medians printed)
Starts the binary on an ephemeral port with a fresh data directory, polls
/_emulator/health until it answers, then reads VmRSS after 200 ms idle.
"""
import subprocess, time, http.client, tempfile, statistics, sys
bin=sys.argv[1] if len(sys.argv) > 1 else "build/sfn-emulator"; times=[]; rss=[]
for i in range(10):
    d=tempfile.mkdtemp()
    t0=time.perf_counter()
    p=subprocess.Popen([bin,"--port","0","--data-dir",d],stdout=subprocess.PIPE,stderr=subprocess.DEVNULL,text=True)
    line=p.stdout.readline(); port=int(line.split("http://127.0.0.1:")[1].split()[0])
    while True:
        try:
            c=http.client.HTTPConnection("127.0.0.1",port,timeout=1); c.request("GET","/_emulator/health"); r=c.getresponse(); r.read(); break
        except OSError: pass
    times.append((time.perf_counter()-t0)*1000)
    time.sleep(0.2)
    rss.append(int([l for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS")][0].split()[1])/1024)
    p.terminate(); p.wait()
print(f"start-up to first answer: median {statistics.median(times):.1f} ms (min {min(times):.1f}); idle RSS median {statistics.median(rss):.1f} MiB")
