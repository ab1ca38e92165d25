// Run lite_runtime.py in Pyodide under Node, against a fake Office.js client, with nothing from
// the network: Pyodide from its npm package, micropip and every wheel from local files.
//
//   node run_lite.mjs PREPARED_DIR JOB.json FIXTURES.json OUT.json
//
// PREPARED_DIR is what tests/lite/prepare.py made: node_modules/pyodide, wheels/, manifest.json.
// JOB.json: {main_py, requirements (lines of Lite's requirements.txt, the lkjip-xl URL mapped to
// a local wheel), runs, calls}. FIXTURES.json: one {book, ranges} per run (tests/excel/officejs.py).
// Any fetch of a URL that is not a local file fails the run (and is listed in the output).

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [prepared, jobPath, fixturesPath, outPath] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(path.join(prepared, "manifest.json"), "utf8"));
const job = JSON.parse(fs.readFileSync(jobPath, "utf8"));
const fixtures = JSON.parse(fs.readFileSync(fixturesPath, "utf8"));
const started = Date.now();
const timings = {};

// -- no network ---------------------------------------------------------------------------------
const refused = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (resource, ...rest) => {
  const url = String(resource?.url ?? resource);
  if (url.startsWith("file:") || url.startsWith("/")) {
    return realFetch(resource, ...rest);
  }
  refused.push(url);
  throw new Error(`run_lite.mjs: no network in this test (fetch ${url})`);
};

// -- the fake Office.js client (what tests/excel/officejs.py's FakeClient does on CPython) -------
function parseRange(address) {
  const cell = (ref) => {
    const m = /^([A-Z]+)(\d+)$/.exec(ref);
    let col = 0;
    for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
    return [Number(m[2]), col];
  };
  const [a, b] = address.replace(/\$/g, "").toUpperCase().split(":");
  const [r1, c1] = cell(a);
  const [r2, c2] = b ? cell(b) : [r1, c1];
  return [r1, c1, r2, c2];
}

const client = {
  fixture: fixtures[0],
  calls: [],
  flushed: [],
  select(index) {
    this.fixture = fixtures[index];
    this.calls = [];
    this.flushed = [];
  },
  report() {
    return JSON.stringify({ calls: this.calls, flushed: this.flushed });
  },
  async getBookData() {
    this.calls.push(["getBookData"]);
    return structuredClone(this.fixture.book);
  },
  async getRangeData(sheet, address, keys) {
    keys = Array.from(keys);
    this.calls.push(["getRangeData", sheet, address, keys]);
    const [r1, c1, r2, c2] = parseRange(address);
    const data = this.fixture.ranges[sheet];
    const empty = { formulas: "", colors: null };
    const out = {};
    for (const key of keys) {
      const grid = data[key];
      const rows = [];
      for (let r = r1; r <= r2; r++) {
        const row = [];
        for (let c = c1; c <= c2; c++) {
          const line = grid[r - 1];
          row.push(line !== undefined && c - 1 < line.length ? line[c - 1] : empty[key]);
        }
        rows.push(row);
      }
      out[key] = rows;
    }
    return out;
  },
  async runActions(actions) {
    this.calls.push(["runActions"]);
    this.flushed.push(...JSON.parse(JSON.stringify(actions.actions)));
  },
};
globalThis.xlwings = client;

// -- Pyodide ------------------------------------------------------------------------------------
const pyodideDir = path.join(prepared, "node_modules", "pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep });
timings.load_pyodide_s = (Date.now() - started) / 1000;

// micropip: the wheel Pyodide's own lock file names (checked by prepare.py), from a local file
await pyodide.loadPackage(path.join(prepared, "wheels", manifest.micropip));
pyodide.FS.mkdirTree("/wheels");
for (const name of fs.readdirSync(path.join(prepared, "wheels"))) {
  pyodide.FS.writeFile(`/wheels/${name}`, fs.readFileSync(path.join(prepared, "wheels", name)));
}
pyodide.FS.mkdirTree("/runtime");
pyodide.FS.writeFile("/runtime/lite_runtime.py", fs.readFileSync(new URL("./lite_runtime.py", import.meta.url)));
pyodide.globals.set("job_json", JSON.stringify(job));
pyodide.globals.set("dependencies", pyodide.toPy(manifest.dependencies.map((w) => `emfs:/wheels/${w}`)));
const t1 = Date.now();
// The pure dependencies first, without their own dependencies (each is listed); then Lite's
// requirements.txt with its dependencies: anything not installed by then would be fetched from PyPI,
// which this run refuses.
await pyodide.runPythonAsync(`
import json, micropip
await micropip.install(list(dependencies), deps=False)
job = json.loads(job_json)
await micropip.install(job["requirements"], deps=True)
`);
timings.install_s = (Date.now() - t1) / 1000;
const t2 = Date.now();
let out;
try {
  out = await pyodide.runPythonAsync(`
import sys, json
sys.path.insert(0, "/runtime")
import lite_runtime
json.dumps(await lite_runtime.run(job))
`);
  out = JSON.parse(out);
} catch (err) {
  out = { error: String(err) };
}
timings.run_s = (Date.now() - t2) / 1000;
timings.total_s = (Date.now() - started) / 1000;
out.pyodide = pyodide.version;
out.refused_fetches = refused;
out.timings = timings;
fs.writeFileSync(outPath, JSON.stringify(out));
