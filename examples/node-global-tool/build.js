// Writes the static site into public/: the page and the health check `serve` answers.
const fs = require("node:fs");

fs.mkdirSync("public", { recursive: true });
fs.writeFileSync("public/index.html", "hello from node-global-tool\n");
fs.writeFileSync("public/healthz.html", "ok\n");
