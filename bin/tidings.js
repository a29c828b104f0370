#!/usr/bin/env node
// The installed command: runs the compiled command line (npm run build makes dist/).
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
