import type { DropFileKind } from '../config/door-settings.js';
import type { DropInfo } from './drop-info.js';
import { asciiField, clampInt, dosLines, folderPath, hhmm, mmddyy, nameParts, secondsPastMidnight } from './drop-fields.js';

/**
 * The text of the four classic drop files, each line as its format defines
 * it. Where boards disagreed, the choice follows the board that defined the
 * format (GAP for DOOR.SYS, WWIV for CHAIN.TXT, RBBS/QuickBBS for
 * DORINFO1.DEF, the Door32 spec) and the widths follow what door kits read
 * (OpenDoors: names 35, location 25, phones 12, password 15).
 *
 * The board keeps no phone numbers, birthdays, file counters or real names
 * apart from the account name, so those lines carry the placeholders boards
 * wrote for unknown values; the password line is always empty.
 */

const SOFTWARE = 'Mongrel BBS';
const DEFAULT_BAUD = 38400;
/** DORINFO1.DEF's writers capped minutes at 546 so that minutes * 60 still fits a signed 16-bit int. */
const MAX_MINUTES = 546;
/** DropInfo's sysop level. */
const SYSOP_LEVEL = 100;

/** The facts every format shares, worked out once. */
interface Facts {
  local: boolean;
  port: number;
  /** The connect (DCE) rate: 0 for a local door, as DOS kits read a local call. */
  dce: number;
  /** The port (DTE) rate. */
  dte: number;
  name: string;
  alias: string;
  location: string;
  sysop: string;
  board: string;
  minutes: number;
  seconds: number;
  level: number;
  isSysop: boolean;
  folder: string;
  callStart: Date;
}

function factsOf(info: DropInfo): Facts {
  const port = clampInt(info.commPort ?? 0, 99);
  const dte = clampInt(info.baud ?? DEFAULT_BAUD, 115200, 300);
  const minutes = clampInt(info.minutesLeft, MAX_MINUTES);
  return {
    local: port === 0,
    port,
    dce: port === 0 ? 0 : dte,
    dte,
    name: asciiField(info.userName, 35),
    alias: asciiField(info.userName, 35),
    location: asciiField(info.location, 25),
    sysop: asciiField(info.sysopName, 35),
    board: asciiField(info.boardName, 39),
    minutes,
    seconds: minutes * 60,
    level: clampInt(info.securityLevel, 32767),
    isSysop: info.securityLevel >= SYSOP_LEVEL,
    folder: info.folder ?? '',
    callStart: info.callStart ?? info.now,
  };
}

/** DOOR.SYS lines 1-31: the original GAP format. */
function doorSysGap(info: DropInfo, f: Facts): (string | number)[] {
  return [
    `COM${f.port}:`, // 1 comm port, COM0: = local
    f.dce, // 2 baud (DCE) rate
    8, // 3 parity / data bits
    clampInt(info.node, 9999, 1), // 4 node number
    f.dte, // 5 DTE rate (was the 19200-locked Y/N flag)
    'Y', // 6 screen display
    'N', // 7 printer toggle: the board has no printer
    'N', // 8 page bell
    'N', // 9 caller alarm
    f.name, // 10 user full name
    f.location, // 11 calling from
    '', // 12 home phone: not kept
    '', // 13 work/data phone: not kept
    '', // 14 password: never written
    f.level, // 15 security level
    clampInt(info.calls), // 16 total times on
    mmddyy(info.lastCall), // 17 last date called
    f.seconds, // 18 seconds remaining this call
    f.minutes, // 19 minutes remaining this call
    // 20 graphics: GR (ANSI) or NG. Never 7E: the board translates a door's CP437 for a UTF-8 caller, so high-bit bytes always arrive.
    info.ansi ? 'GR' : 'NG',
    clampInt(info.rows, 255, 1), // 21 page length
    'N', // 22 user mode: novice (the board keeps no expert flag)
    '1', // 23 conferences registered in
    '1', // 24 conference exited to the door from
    '12/31/99', // 25 expiration date: accounts do not expire; the placeholder DOS boards wrote
    clampInt(info.userId, 2147483647), // 26 user record number
    'Z', // 27 default protocol: Zmodem
    0, // 28 total uploads
    0, // 29 total downloads
    0, // 30 daily download K total
    999999, // 31 daily download K limit
  ];
}

/** DOOR.SYS lines 32-52: the extension later boards wrote. */
function doorSysExtended(info: DropInfo, f: Facts): (string | number)[] {
  return [
    '01/01/00', // 32 birthdate: not kept
    f.folder, // 33 path to the MAIN directory
    f.folder, // 34 path to the GEN directory
    f.sysop, // 35 sysop's name
    f.alias, // 36 alias
    '00:00', // 37 event time: the board runs no events
    'Y', // 38 error-correcting connection: TCP is
    'N', // 39 ANSI supported but caller in NG mode: line 20 already says GR whenever ANSI works
    'Y', // 40 use record locking
    7, // 41 default colour: light grey
    0, // 42 time credits in minutes
    mmddyy(info.lastCall), // 43 last new-files scan date
    hhmm(f.callStart), // 44 time of this call
    hhmm(info.lastCall), // 45 time of last call
    999, // 46 max daily files available
    0, // 47 files downloaded today
    0, // 48 total K uploaded
    0, // 49 total K downloaded
    '', // 50 user comment
    0, // 51 total doors opened
    clampInt(info.posts), // 52 messages left
  ];
}

/**
 * DOOR32.SYS, 11 lines. Comm type 0 (local) with handle 0: a door in a
 * pseudo-terminal reads and writes its console, and that is what WWIV and
 * Synchronet write on Unix for a door on standard I/O. Type 2 would tell a
 * door kit to call socket functions on the handle, which fail on a terminal.
 */
function door32Sys(info: DropInfo, f: Facts): (string | number)[] {
  return [
    0, // 1 comm type: 0 local, 1 serial, 2 telnet
    0, // 2 comm or socket handle
    f.dte, // 3 baud rate
    SOFTWARE, // 4 BBSID: software name
    clampInt(info.userId, 2147483647, 1), // 5 user record position, 1-based
    f.name, // 6 real name
    f.alias, // 7 handle / alias
    f.level, // 8 security level
    f.minutes, // 9 minutes left
    info.ansi ? 1 : 0, // 10 emulation: 0 ASCII, 1 ANSI
    clampInt(info.node, 9999, 1), // 11 node number
  ];
}

/**
 * DORINFO1.DEF, 13 lines. Names split at the first space; a one-word name
 * leaves the last-name line empty. Graphics 1 = ANSI as QuickBBS, WWIV and
 * Synchronet write it (RBBS used 2; door kits take any non-zero as ANSI).
 */
function dorinfoDef(info: DropInfo, f: Facts): (string | number)[] {
  const [sysopFirst, sysopLast] = nameParts(f.sysop);
  const [first, last] = nameParts(f.name);
  return [
    f.board, // 1 system name
    asciiField(sysopFirst, 19), // 2 sysop first name
    asciiField(sysopLast, 19), // 3 sysop last name
    `COM${f.port}`, // 4 COM port, COM0 = local
    `${f.dce} BAUD,N,8,1`, // 5 line settings
    0, // 6 network type: none
    asciiField(first, 17), // 7 user first name
    asciiField(last, 17), // 8 user last name
    f.location, // 9 location
    info.ansi ? 1 : 0, // 10 graphics: 0 ASCII, 1 ANSI
    f.level, // 11 security level
    f.minutes, // 12 minutes left
    info.fossil ? -1 : 0, // 13 -1: FOSSIL driver, 0: the door's own serial code
  ];
}

/**
 * CHAIN.TXT as WWIV writes it: the 32 lines WWIV 4 and 5, Synchronet and
 * OpenDoors agree on (one log file line; line 20 the rate or "KB"). WWIV
 * aliases are upper case. Lines 33-37 of WWIV 5 (its own flags) are left out.
 */
function chainTxt(info: DropInfo, f: Facts): (string | number)[] {
  const sysop = f.isSysop ? 1 : 0;
  return [
    clampInt(info.userId, 2147483647), // 1 user number
    asciiField(info.userName, 30).toUpperCase(), // 2 alias
    asciiField(info.userName, 20), // 3 real name
    '', // 4 call sign
    0, // 5 age: not kept
    '?', // 6 gender: not kept
    '0.00', // 7 gold
    mmddyy(info.lastCall), // 8 last on date
    clampInt(info.cols, 255, 1), // 9 screen columns
    clampInt(info.rows, 255, 1), // 10 screen rows
    f.level, // 11 security level
    sysop, // 12 co-sysop (a sysop is one too)
    sysop, // 13 sysop
    info.ansi ? 1 : 0, // 14 ANSI
    f.local ? 0 : 1, // 15 remote (on the COM port) rather than local
    `${f.seconds}.00`, // 16 seconds left
    folderPath(f.folder), // 17 gfiles directory
    folderPath(f.folder), // 18 data directory
    'DOOR.LOG', // 19 log file name
    f.local ? 'KB' : f.dce, // 20 connect rate, KB = local
    f.port, // 21 COM port
    f.board, // 22 BBS name
    f.sysop, // 23 sysop name
    secondsPastMidnight(f.callStart), // 24 time of logon, seconds past midnight
    clampInt((info.now.getTime() - f.callStart.getTime()) / 1000, 86400), // 25 seconds on so far
    0, // 26 K uploaded
    0, // 27 files uploaded
    0, // 28 K downloaded
    0, // 29 files downloaded
    '8N1', // 30 data bits, parity, stop bits
    f.dte, // 31 port (DTE) rate
    0, // 32 network node number
  ];
}

/** The whole text of one drop file, CR LF after every line, ASCII only. */
export function dropFileText(kind: DropFileKind, info: DropInfo): string {
  const f = factsOf(info);
  switch (kind) {
    case 'door.sys':
      return dosLines([...doorSysGap(info, f), ...doorSysExtended(info, f)]);
    case 'door32.sys':
      return dosLines(door32Sys(info, f));
    case 'dorinfo1.def':
      return dosLines(dorinfoDef(info, f));
    case 'chain.txt':
      return dosLines(chainTxt(info, f));
  }
}
