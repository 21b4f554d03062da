// jsonata-js side of bench/jsonata: the same workloads as sfn-jsonata-bench,
// evaluated by jsonata-js (installed by bench/jsonata into a scratch folder;
// never a build or test dependency). Prints one JSON line per workload.
//   node jsonata_bench.js JSONATA_MODULE_DIR WORKLOADS.json
const path = require('path');
const fs = require('fs');
const jsonata = require(path.join(process.argv[2], 'jsonata'));
const workloadsPath = process.argv[3];
const dir = path.dirname(workloadsPath);
const seconds = parseFloat(process.env.BENCH_SECONDS || '1');

(async () => {
  const workloads = JSON.parse(fs.readFileSync(workloadsPath, 'utf8'));
  for (const w of workloads) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, w.doc), 'utf8'));
    const expr = jsonata(w.expr);
    let evals = 0;
    let resultBytes = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    try {
      while (elapsed < seconds || evals < 3) {
        const r = await expr.evaluate(doc);
        if (evals === 0 && r !== undefined) resultBytes = JSON.stringify(r).length;
        evals++;
        elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      }
      console.log(JSON.stringify({name: w.name, us_per_eval: elapsed * 1e6 / evals, evals,
                                  result_bytes: resultBytes}));
    } catch (e) {
      console.log(JSON.stringify({name: w.name, error: String(e.message || e)}));
    }
  }
})();
