// Preloaded into a measured process: on exit, appends its peak resident memory (KiB) to the file
// named by CODER_REFARCH_RSS_FILE.
const { appendFileSync } = require("node:fs");

process.on("exit", () => {
  const file = process.env.CODER_REFARCH_RSS_FILE;
  if (file) appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});
