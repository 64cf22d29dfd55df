// Answers with a figure computed by `ms`, which package.json lists under devDependencies:
// pruning them would make this require fail at start-up.
const http = require("node:http");
const ms = require("ms");

const server = http.createServer((req, res) => {
  const path = (req.url || "/").split("?")[0];
  res.setHeader("Content-Type", "text/plain");
  if (req.method === "GET" && path === "/") {
    res.end(`hello from node, a day is ${ms("1d")} ms\n`);
  } else if (req.method === "GET" && path === "/healthz") {
    res.end("ok\n");
  } else {
    res.statusCode = 404;
    res.end("not found\n");
  }
});

server.listen(Number(process.env.PORT) || 3000, "0.0.0.0");
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
