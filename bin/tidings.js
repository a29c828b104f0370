#!/usr/bin/env node
// The installed command: runs the compiled command line (npm run build makes dist/).
import('../dist/src/cli/main.js').then((m) => m.runCli(process.argv.slice(2)));
