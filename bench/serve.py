#!/usr/bin/env python3
"""Dev-server benchmark: time from saving a report to its new page being served.

    bench/serve.py [--reports 10000] [--edits 20] [--edit body|title]

Generates the corpus with the gen_corpus example (if missing), starts
`regionpress serve` (release build) on a free port, then 20 times: appends a
unique marker sentence to one report (`--edit body`, the default: the
server's fast path) or puts the marker in its title (`--edit title`: a
front-matter edit, the full incremental path) and polls the report's page
over HTTP until the marker appears. Prints the start-up time, the median and the
spread of the save-to-served times, and the server's own rebuild times.
The edited reports are put back as they were once the server has stopped.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--dir", default="/tmp/regionpress-bench")
    ap.add_argument("--edit", choices=["body", "title"], default="body")
    args = ap.parse_args()
    corpus = os.path.join(args.dir, f"corpus-{args.reports}")
    if not os.path.isdir(os.path.join(corpus, "content")):
        subprocess.run(["cargo", "run", "--release", "--quiet", "--example", "gen_corpus", "--", corpus,
                        "--reports", str(args.reports), "--classes", str(args.reports // 10)], cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    binary = os.path.join(REPO, "target/release/regionpress")
    t0 = time.monotonic()
    server = subprocess.Popen([binary, "serve", "--root", corpus, "--port", "0"], stdout=subprocess.PIPE, text=True)
    # Edited files as they were, put back at the end: the corpus is shared
    # with bench/build.sh, whose Hugo copy is not edited.
    originals = {}
    try:
        first = server.stdout.readline()
        started = time.monotonic() - t0
        url = re.search(r"http://\S+/", first).group(0)
        print(f"first start: {started:.2f} s ({first.strip()})")
        reports = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(corpus, "content/reports")) for f in fs if f.endswith(".md"))
        times = []
        for i in range(args.edits):
            path = reports[(i * 7919) % len(reports)]
            with open(path, encoding="utf-8") as f:
                text = f.read()
            # Not published: a draft, or (the corpus requires review) not approved.
            if "\ndraft: true\n" in text or "\nreview: 已审\n" not in text:
                continue
            originals.setdefault(path, text)
            page = url + "reports/" + os.path.basename(path)[:-3] + "/"
            marker = f"基准标记{i}x{int(time.time() * 1000)}"
            start = time.monotonic()
            if args.edit == "body":
                with open(path, "a", encoding="utf-8") as f:
                    f.write(f"\n{marker}\n")
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(re.sub(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M))
            while True:
                body = urllib.request.urlopen(page).read().decode("utf-8")
                if marker in body:
                    break
                if time.monotonic() - start > 10:
                    raise SystemExit(f"{page} never showed the edit")
                time.sleep(0.002)
            times.append((time.monotonic() - start) * 1000)
            time.sleep(0.2)
        times.sort()
        print(f"save to served, {len(times)} edits: median {statistics.median(times):.0f} ms, "
              f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms")
    finally:
        server.terminate()
        rest = server.communicate(timeout=10)[0]
        rebuilds = [float(m) for m in re.findall(r"rebuilt in (\d+) ms", rest)]
        if rebuilds:
            print(f"server rebuild times: median {statistics.median(rebuilds):.0f} ms over {len(rebuilds)} rebuilds")
        for path, text in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)


if __name__ == "__main__":
    main()
