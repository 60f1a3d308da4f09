"use strict";
// Typesets TeX with KaTeX for the site build. One request per stdin line,
//   {"id": n, "tex": "...", "display": true|false}
// and one reply per stdout line, in order:
//   {"id": n, "html": "..."} or {"id": n, "error": "KaTeX's message"}.
// Usage: node katex_server.js <directory of the katex package>
const readline = require("node:readline");
const katex = require(process.argv[2]);

function render(tex, displayMode) {
  return katex.renderToString(tex, {
    displayMode,
    output: "htmlAndMathml", // screen readers read the MathML; the HTML is hidden from them
    throwOnError: true,
    trust: false,
    // Render input that real LaTeX would reject, but say so on stderr, naming the formula.
    strict: (code, message) => {
      process.stderr.write(`KaTeX warning [${code}]: ${message}\n  in: ${tex}\n`);
      return "ignore";
    },
  });
}

function answer(request) {
  try {
    return { id: request.id, html: render(request.tex, request.display) };
  } catch (error) {
    return { id: request.id, error: error.message };
  }
}

readline
  .createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on("line", (line) => process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + "\n"));
