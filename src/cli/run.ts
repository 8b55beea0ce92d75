import { flushLog } from '../logger.js';
import { restrictNewFiles } from '../store/file-modes.js';
import { main } from './main.js';

// Before any command creates a file: the board's files are for its own account only.
restrictNewFiles();

// The process entry: `bin/bbs.js` loads the compiled copy of this file.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    flushLog();
    console.error(`bbs: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
