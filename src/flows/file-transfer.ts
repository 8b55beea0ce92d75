import type { FileAreaDefinition } from '../config/file-areas.js';
import { cleanFileName } from '../files/file-names.js';
import { formatBytes, type FileLibrary } from '../files/file-library.js';
import type { Handback, TransferProtocol } from '../session/handoff.js';
import type { SessionIO } from '../session/io.js';
import type { FileEntry, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { lineOnly } from './door-play.js';
import { describeFile } from './file-describe.js';

const PROTOCOL_KEYS: Readonly<Record<string, TransferProtocol>> = { '': 'zmodem', Z: 'zmodem', R: 'zmodem', Y: 'ymodem', K: 'xmodem-1k', X: 'xmodem' };
/** The key for a ZMODEM download that carries on from what the caller's program already has. */
const RESUME_KEY = 'R';
const PROTOCOL_NAMES: Readonly<Record<TransferProtocol, string>> = { zmodem: 'ZMODEM', ymodem: 'YMODEM', 'xmodem-1k': 'XMODEM-1K', xmodem: 'XMODEM' };

/** What to do on the caller's side, for a terminal that does not start by itself. */
const SEND_HOW: Readonly<Record<TransferProtocol, string>> = {
  zmodem: 'Most terminals (SyncTERM, NetRunner, this board’s web page) start receiving by themselves. If yours does not, start its ZMODEM download now (lrzsz: rz).',
  ymodem: 'Start your terminal’s YMODEM (batch) download now (lrzsz: rb).',
  'xmodem-1k': 'Start your terminal’s XMODEM-1K download now and give it a file name (lrzsz: rx NAME).',
  xmodem: 'Start your terminal’s XMODEM download now and give it a file name (lrzsz: rx -c NAME).',
};
const RECEIVE_HOW: Readonly<Record<TransferProtocol, string>> = {
  zmodem: 'Start your terminal’s ZMODEM upload now and pick the files (lrzsz: sz FILE...). The web page asks for them by itself.',
  ymodem: 'Start your terminal’s YMODEM (batch) upload now and pick the files (lrzsz: sb FILE...).',
  'xmodem-1k': 'Start your terminal’s XMODEM-1K upload of the file now (lrzsz: sx -k FILE).',
  xmodem: 'Start your terminal’s XMODEM upload of the file now (lrzsz: sx FILE).',
};

/** The protocol the caller picks (and, for a download, whether to resume); null when they give up. */
async function askProtocol(io: SessionIO, screen: 'file_protocol_ask' | 'file_send_protocol_ask'): Promise<{ protocol: TransferProtocol; resume: boolean } | null> {
  for (;;) {
    const key = (await io.prompt(screen, { mode: 'key', maxLength: 3 })).trim().toUpperCase();
    if (key === 'Q') return null;
    const protocol = PROTOCOL_KEYS[key];
    if (protocol && (key !== RESUME_KEY || screen === 'file_send_protocol_ask')) return { protocol, resume: key === RESUME_KEY };
    io.screen('file_bad_choice', { choice: key });
  }
}

/** A terminal that can carry a transfer: every wire but the 2010 client's line protocol. */
function canTransfer(io: SessionIO): boolean {
  if (!lineOnly(io)) return true;
  io.screen('file_needs_terminal');
  return false;
}

function transferNote(io: SessionIO, back: Handback): void {
  if (back.note) io.screen('file_transfer_note', { note: back.note });
}

/** Send files to the caller; each one sent whole counts as a download. */
export async function sendFiles(io: SessionIO, deps: FlowDeps, library: FileLibrary, files: FileEntry[]): Promise<void> {
  if (!canTransfer(io) || files.length === 0) return;
  const picked = await askProtocol(io, 'file_send_protocol_ask');
  if (!picked) return;
  const { protocol, resume } = picked;
  // XMODEM names nothing and ends after one file.
  const batch = protocol.startsWith('xmodem') ? files.slice(0, 1) : files;
  const items = batch.flatMap((f) => {
    const path = library.pathOf(f);
    return path ? [{ path, name: f.name, size: f.size }] : [];
  });
  const size = items.reduce((n, f) => n + f.size, 0);
  const what = items.length === 1 ? items[0]!.name : `${items.length} files`;
  io.enter('files', `downloading ${what}`);
  io.screen('file_send_start', { what, size: formatBytes(size), protocol: resume ? 'ZMODEM, resuming' : PROTOCOL_NAMES[protocol], how: SEND_HOW[protocol] });
  const back = await io.handOff({ kind: 'send', protocol, files: items, ...(resume ? { resume } : {}) });
  io.clearScreen();
  transferNote(io, back);
  const sent = new Set(back.transfer?.sent ?? []);
  for (const f of batch) if (sent.has(f.name)) await deps.store.files.countDownload(f.id);
  if (sent.size === 0) io.screen('file_not_sent');
  else io.screen('file_sent', { names: [...sent].join(', ') });
}

/** Why the caller may not upload here now, or null when they may (with the bytes they may send). */
async function uploadRoom(io: SessionIO, library: FileLibrary, user: User, area: FileAreaDefinition): Promise<number | null> {
  if (!library.may(user.level, area, 'upload')) {
    io.screen('file_upload_no_right', { level: area.upload, area: area.title });
    return null;
  }
  const room = await library.room(area, user.id);
  if (room > 0) return room;
  io.screen('file_upload_no_room', { area: area.title, why: area.quotaPerArea > 0 ? 'quota reached' : 'your quota is used up' });
  return null;
}

/** XMODEM carries no name: ask for one. Null when the caller gives up. */
async function askUploadName(io: SessionIO): Promise<string | null> {
  for (;;) {
    const typed = (await io.prompt('file_upload_name', { maxLength: 100 })).trim();
    if (typed === '') return null;
    const name = cleanFileName(typed);
    if (name) return name;
    io.screen('file_upload_bad_name', { why: 'That name cannot be used; try letters, digits and a dot' });
  }
}

/** Take files from the caller into an area: into a private folder first, then each checked and put in place, then described. */
export async function receiveFiles(io: SessionIO, deps: FlowDeps, library: FileLibrary, user: User, area: FileAreaDefinition): Promise<void> {
  const room = await uploadRoom(io, library, user, area);
  if (room === null || !canTransfer(io)) return;
  const protocol = (await askProtocol(io, 'file_protocol_ask'))?.protocol;
  if (!protocol) return;
  const name = protocol.startsWith('xmodem') ? await askUploadName(io) : undefined;
  if (name === null) return;
  const folder = await library.incoming(area, user.id);
  try {
    io.enter('files', `uploading to ${area.title}`);
    io.screen('file_receive_start', { protocol: PROTOCOL_NAMES[protocol], area: area.title, room: room === Infinity ? 'any size' : formatBytes(room), how: RECEIVE_HOW[protocol] });
    const back = await io.handOff({ kind: 'receive', protocol, folder, maxBytes: room === Infinity ? 0 : room, ...(name ? { name } : {}) });
    io.clearScreen();
    transferNote(io, back);
    const received = back.transfer?.received ?? [];
    if (received.length === 0) io.screen('file_upload_nothing');
    for (const r of received) await acceptOne(io, deps, library, user, area, { tempPath: r.path, name: name ?? r.name });
  } finally {
    await library.discard(folder);
  }
}

async function acceptOne(io: SessionIO, deps: FlowDeps, library: FileLibrary, user: User, area: FileAreaDefinition, arrived: { tempPath: string; name: string }): Promise<void> {
  const accepted = await library.accept({ area: area.name, tempPath: arrived.tempPath, name: arrived.name, uploaderId: user.id });
  if (!accepted.ok) {
    io.screen('file_upload_refused', { reason: accepted.reason });
    return;
  }
  io.screen('file_uploaded', { name: accepted.file.name, size: formatBytes(accepted.file.size), area: area.title });
  if (accepted.notice) io.screen('file_upload_notice', { notice: accepted.notice });
  if (accepted.file.description === '') await describeFile(io, deps, accepted.file, 'file_describe_intro');
}
