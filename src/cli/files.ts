import { readdir, lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type BoardConfig } from '../config/config.js';
import { FileLibrary, formatBytes } from '../files/file-library.js';
import { createLogger } from '../logger.js';
import { neutralizeLine } from '../screens/neutralize.js';
import type { Store } from '../store/types.js';
import { storeForCommand } from './command-store.js';

export const FILES_HELP = `Usage: bbs files list [AREA]
       bbs files import FOLDER AREA [--description TEXT]
       bbs files rm AREA NAME

Look after the file areas from the shell, also while the board runs.

  list     every area with its files and size; with AREA, its files (hidden ones marked)
  import   add every plain file in FOLDER (not its sub-folders) to AREA, checked as an
           upload is (name, duplicates by SHA-256, the area's quota; a ZIP's FILE_ID.DIZ
           as its description unless --description is given); the files are copied
  rm       delete one file from an area, its record and its bytes

Options:
  --config FILE        the config file [DATA/bbs.yaml]   env BBS_CONFIG
  --data DIR           the board's data folder [./data]  env BBS_DATA
  --description TEXT   the description for every file imported
  --help               show this help

Exit status: 0 when everything was done, 1 when something was refused or failed, 2 for a usage error.`;

interface FilesCommand {
  sub: 'list' | 'import' | 'rm';
  args: string[];
  description?: string;
  flags: { data?: string; config?: string };
}

function parse(argv: string[]): FilesCommand | string {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { data: { type: 'string' }, config: { type: 'string' }, description: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (err) {
    return (err as Error).message;
  }
  const [sub, ...args] = parsed.positionals;
  if (parsed.values.help) return '';
  const arity = { list: [0, 1], import: [2, 2], rm: [2, 2] }[sub as FilesCommand['sub']];
  if (!arity) return sub ? `unknown command '${neutralizeLine(sub)}'` : 'which command?';
  if (args.length < arity[0]! || args.length > arity[1]!) return `wrong number of arguments for '${sub}'`;
  return { sub: sub as FilesCommand['sub'], args, flags: { data: parsed.values.data, config: parsed.values.config }, ...(parsed.values.description ? { description: parsed.values.description } : {}) };
}

/** `bbs files ...` */
export async function files(argv: string[]): Promise<number> {
  const cmd = parse(argv);
  if (typeof cmd === 'string') {
    if (cmd) console.error(`bbs files: ${cmd}`);
    console.log(FILES_HELP);
    return cmd ? 2 : 0;
  }
  let config: BoardConfig;
  try {
    config = await loadConfig({ flags: cmd.flags, env: process.env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`bbs files: ${err.message}`);
    return 2;
  }
  const store = await storeForCommand('files', config, (line) => console.error(line));
  if (!store) return 1;
  const library = new FileLibrary({ store, areas: config.files, data: config.data, log: createLogger({ format: 'text', level: 'warn', write: (line) => process.stderr.write(`${line}\n`) }) });
  try {
    await library.prepare();
    if (cmd.sub === 'list') return await list(store, library, cmd.args[0]);
    if (cmd.sub === 'import') return await importFolder(library, cmd.args[0]!, cmd.args[1]!, cmd.description);
    return await remove(store, library, cmd.args[0]!, cmd.args[1]!);
  } finally {
    await store.close();
  }
}

async function list(store: Store, library: FileLibrary, areaName: string | undefined): Promise<number> {
  if (areaName === undefined) {
    const areas = library.areas();
    if (areas.length === 0) console.log('No file areas are defined.');
    const totals = await store.files.totals(areas.map((a) => a.name));
    for (const a of areas) {
      const t = totals.get(a.name) ?? { files: 0, bytes: 0 };
      console.log(`${a.name.padEnd(20)} ${String(t.files).padStart(6)} files ${formatBytes(t.bytes).padStart(10)}  ${a.title}  (${library.folderOf(a)})`);
    }
    return 0;
  }
  const area = library.area(areaName);
  if (!area) return unknownArea(areaName);
  const count = await store.files.count(area.name, true);
  for (const f of await store.files.list(area.name, { offset: 0, limit: Math.max(count, 1), hidden: true })) {
    console.log(`${f.uploadedAt.toISOString().slice(0, 10)} ${formatBytes(f.size).padStart(10)} ${String(f.downloads).padStart(5)} dl  ${neutralizeLine(f.name)}${f.hidden ? '  (hidden)' : ''}  by ${neutralizeLine(f.uploaderName ?? 'sysop')}`);
  }
  return 0;
}

function unknownArea(name: string): number {
  console.error(`bbs files: there is no file area '${neutralizeLine(name)}' in the config`);
  return 1;
}

async function importFolder(library: FileLibrary, folder: string, areaName: string, description: string | undefined): Promise<number> {
  const area = library.area(areaName);
  if (!area) return unknownArea(areaName);
  const names = (await readdir(folder).catch(() => null))?.sort();
  if (!names) {
    console.error(`bbs files: cannot read the folder ${folder}`);
    return 1;
  }
  let failed = 0;
  for (const name of names) {
    const path = resolve(folder, name);
    if (!(await lstat(path)).isFile()) continue;
    const accepted = await library.importFile(path, area, description);
    if (accepted.ok) console.log(`added ${neutralizeLine(accepted.file.name)} (${formatBytes(accepted.file.size)})${accepted.notice ? `: ${accepted.notice}` : ''}`);
    else {
      failed++;
      console.error(`skipped ${neutralizeLine(name)}: ${accepted.reason}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

async function remove(store: Store, library: FileLibrary, areaName: string, name: string): Promise<number> {
  const area = library.area(areaName);
  if (!area) return unknownArea(areaName);
  const file = await store.files.findByName(area.name, name);
  if (!file) {
    console.error(`bbs files: ${area.name} has no file '${neutralizeLine(name)}'`);
    return 1;
  }
  await library.remove(file);
  console.log(`deleted ${neutralizeLine(file.name)} from ${area.name}`);
  return 0;
}
