#!/usr/bin/env python3
"""JSONata engine benchmark: the same expressions evaluated by emulator/jsonata (sfn-jsonata-bench)
and by jsonata-js 2.0.6 under node, per evaluation (bench/jsonata runs it; figures are printed,
never asserted).

Workloads: paths over a 1 KiB and a 100 KiB document, a filter, a sort and a group-by over 10,000
items, string functions (with a regex), date functions. Documents are generated deterministically.
jsonata-js is installed with `npm install jsonata@2.0.6` into a scratch folder at bench time.

Environment: SFN_JSONATA_BENCH_BIN (the C++ binary), BENCH_SECONDS (per workload and engine,
default 1), JSONATA_JS_DIR (an existing node_modules folder holding jsonata, to skip the install).
"""
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def small_doc():
    return {"Account": {"Account Name": "Firefly", "Order": [
        {"OrderID": "order103", "Product": [
            {"Product Name": "Bowler Hat", "ProductID": 858383, "SKU": "0406654608",
             "Description": {"Colour": "Purple", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.75},
             "Price": 34.45, "Quantity": 2},
            {"Product Name": "Trilby hat", "ProductID": 858236, "SKU": "0406634348",
             "Description": {"Colour": "Orange", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.6},
             "Price": 21.67, "Quantity": 1}]},
        {"OrderID": "order104", "Product": [
            {"Product Name": "Bowler Hat", "ProductID": 858383, "SKU": "040657863",
             "Description": {"Colour": "Purple", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.75},
             "Price": 34.45, "Quantity": 4},
            {"ProductID": 345664, "SKU": "0406654603", "Product Name": "Cloak",
             "Description": {"Colour": "Black", "Width": 30, "Height": 20, "Depth": 210, "Weight": 2},
             "Price": 107.99, "Quantity": 1}]}]}}


def large_doc(rng):
    cities = ["Seattle", "Dublin", "Tokyo", "Lima", "Oslo", "Cairo", "Perth", "Quito"]
    orders = []
    for i in range(330):
        orders.append({
            "id": f"o-{i:05d}", "status": rng.choice(["shipped", "open", "cancelled"]),
            "customer": {"name": f"customer {i % 97}", "address": {"city": rng.choice(cities), "zip": f"{rng.randrange(10000, 99999)}"}},
            "items": [{"sku": f"sku-{rng.randrange(1000)}", "price": round(rng.uniform(1, 200), 2),
                       "quantity": rng.randrange(1, 5)} for _ in range(2)]})
    return {"orders": orders}


def items_doc(rng):
    cats = ["books", "games", "music", "tools", "garden"]
    return {"items": [{"id": i, "name": f"item-{i}", "category": rng.choice(cats),
                       "price": round(rng.uniform(0, 1000), 2), "stock": rng.randrange(100)}
                      for i in range(10000)]}


WORKLOADS = [
    ("path, 1 KiB doc", "Account.Order[1].Product[0].Description.Colour", "small.json"),
    ("path + arithmetic, 1 KiB doc", "$sum(Account.Order.Product.(Price * Quantity))", "small.json"),
    ("path, 100 KiB doc", "orders.items.sku", "large.json"),
    ("path + predicate, 100 KiB doc", "$count(orders[status = 'shipped'].customer.address[city = 'Oslo'])", "large.json"),
    ("filter, 10,000 items", "items[price > 500 and category = 'books'].id", "items.json"),
    ("sort, 10,000 items", "items^(>price, name).id", "items.json"),
    ("group-by, 10,000 items", "items{category: $sum(price)}", "items.json"),
    ("$map/$filter, 10,000 items", "$count($filter($map(items, function($v) { $v.stock * 2 }), function($n) { $n > 100 }))", "items.json"),
    ("string functions", "$join(items[id < 200].($uppercase(name) & ':' & $substring(category, 0, 3) & ':' & $string(price)), ',')", "items.json"),
    ("regex functions", "$count($match($join(items[id < 200].name, ' '), /item-\\d*7\\b/)) + $length($replace($join(items[id < 100].category, ' '), /o+/, '0'))", "items.json"),
    ("date functions", "$fromMillis($toMillis('2024-03-05T10:20:30.123Z') + 86400000)", "small.json"),
    ("date pictures", "$fromMillis(1700000000000, '[Y0001]-[M01]-[D01] [H01]:[m01]:[s01]')", "small.json"),
]


def run_lines(cmd):
    out = subprocess.run(cmd, check=False, capture_output=True, text=True)
    results = {}
    for line in out.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            results[r["name"]] = r
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
    return results


def main():
    binary = os.environ.get("SFN_JSONATA_BENCH_BIN")
    if not binary:
        sys.exit("SFN_JSONATA_BENCH_BIN is not set (bench/jsonata sets it)")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        for name, doc in (("small.json", small_doc()), ("large.json", large_doc(rng)), ("items.json", items_doc(rng))):
            with open(os.path.join(tmp, name), "w") as f:
                json.dump(doc, f)
        sizes = {n: os.path.getsize(os.path.join(tmp, n)) for n in ("small.json", "large.json", "items.json")}
        # Each workload on its own so that an unsupported one does not stop the rest.
        ours = {}
        for name, expr, doc in WORKLOADS:
            path = os.path.join(tmp, "w.json")
            with open(path, "w") as f:
                json.dump([{"name": name, "expr": expr, "doc": doc}], f)
            r = run_lines([binary, path])
            ours[name] = r.get(name, {"error": "failed"})
        with open(os.path.join(tmp, "all.json"), "w") as f:
            json.dump([{"name": n, "expr": e, "doc": d} for n, e, d in WORKLOADS], f)
        js_dir = os.environ.get("JSONATA_JS_DIR")
        if not js_dir:
            js_dir = os.path.join(tmp, "node_modules")
            subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", tmp, "jsonata@2.0.6"],
                           check=True, stdout=subprocess.DEVNULL)
        theirs = run_lines(["node", os.path.join(HERE, "jsonata_bench.js"), js_dir, os.path.join(tmp, "all.json")])
    print(f"documents: 1 KiB doc {sizes['small.json']:,} B, 100 KiB doc {sizes['large.json']:,} B, "
          f"10,000 items {sizes['items.json']:,} B")
    print()
    print("| Workload | emulator/jsonata | jsonata-js 2.0.6 (node) | speed-up |")
    print("|---|---|---|---|")
    for name, expr, _ in WORKLOADS:
        a, b = ours.get(name, {}), theirs.get(name, {})

        def fmt(r):
            if "us_per_eval" not in r:
                return "n/a (" + r.get("error", "missing")[:40] + ")"
            us = r["us_per_eval"]
            return f"{us:,.1f} µs" if us < 10000 else f"{us / 1000:,.1f} ms"
        ratio = f"{b['us_per_eval'] / a['us_per_eval']:,.1f}x" if "us_per_eval" in a and "us_per_eval" in b else "-"
        print(f"| {name}: `{expr}` | {fmt(a)} | {fmt(b)} | {ratio} |")


if __name__ == "__main__":
    main()
