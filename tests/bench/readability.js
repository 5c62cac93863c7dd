// readability.js — Mozilla Readability (with jsdom) over web pages, the
// reference import/html is measured against in `make bench`
// (tests/bench/importers.py).  Usage: node readability.js ROUNDS PAGE...
// Prints "seconds_per_page S": parse with jsdom plus Readability's parse(),
// per page in the fastest round (as galley's figure is its fastest of as
// many runs), and the mean over every round; files are read before the
// clock.
"use strict";
const fs = require("fs");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const rounds = Number(process.argv[2]);
const pages = process.argv.slice(3).map((f) => fs.readFileSync(f, "utf8"));
const quiet = new VirtualConsole(); // pages' CSS and script errors are not ours
let n = 0, found = 0, best = Infinity, total = 0;
for (let r = 0; r < rounds; r++) {
  const start = process.hrtime.bigint();
  for (const html of pages) {
    const dom = new JSDOM(html, { url: "https://example.com/article", virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    if (article && article.textContent) found++;
    dom.window.close();
    n++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  best = Math.min(best, seconds);
  total += seconds;
}
console.log(`pages ${n} found ${found} seconds ${total.toFixed(3)} ` +
            `mean_seconds_per_page ${(total / n).toExponential(4)} ` +
            `seconds_per_page ${(best / pages.length).toExponential(4)}`);
