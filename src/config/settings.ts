/**
 * Every setting of the board in one table: its key in the config file, its
 * command-line flag, its environment variable, its type, default and help.
 * The parser, `bbs serve --help` and the README's settings table all come
 * from here, so they cannot drift apart.
 */

import type { SecurityLevel } from '../store/types.js';
import { DEFAULT_DOORS } from './door-settings.js';
import { DEFAULT_FILE_AREAS } from './file-areas.js';

/** 'areas', 'doors', 'gateways' and 'files' are the structured settings: lists, from the config file only. */
type SettingKind = 'port' | 'int' | 'string' | 'text' | 'enum' | 'seconds' | 'path' | 'addresses' | 'areas' | 'doors' | 'gateways' | 'files';

/** One message area (a conference): who may read it and who may post in it. */
export interface AreaSetting {
  /** Short key stored with each message: lower-case letters, digits, - and _. */
  name: string;
  title: string;
  description: string;
  read: SecurityLevel;
  post: SecurityLevel;
}

/** The first area is the board's default: the main menu's "leave a message" and "read messages left" use it. */
export const DEFAULT_AREAS: readonly AreaSetting[] = [
  { name: 'general', title: 'General', description: 'Anything goes: say hello, ask, announce.', read: 'new', post: 'new' },
  { name: 'retro', title: 'Retro computing', description: 'Old machines, modems, ANSI art and the BBS days.', read: 'new', post: 'member' },
  { name: 'sysop', title: "Sysop's corner", description: 'Board business, for sysops only.', read: 'sysop', post: 'sysop' },
];

export interface SettingSpec {
  key: string;
  flag?: string;
  env?: string;
  kind: SettingKind;
  default: string | number | readonly AreaSetting[] | ReadonlyArray<Readonly<Record<string, unknown>>> | null;
  help: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
}

export const SETTINGS: readonly SettingSpec[] = [
  { key: 'data', flag: 'data', env: 'BBS_DATA', kind: 'path', default: './data', help: 'folder for the database, host keys and art overrides' },
  { key: 'config', flag: 'config', env: 'BBS_CONFIG', kind: 'path', default: null, help: 'YAML config file (default: DATA/bbs.yaml when it exists)' },
  { key: 'database', flag: 'database', env: 'BBS_DATABASE_URL', kind: 'string', default: null, help: 'a postgres:// URL to keep the board in PostgreSQL (several hosts share one); default: the SQLite file DATA/bbs.db', max: 1000 },
  { key: 'host', flag: 'host', env: 'BBS_HOST', kind: 'string', default: '0.0.0.0', help: 'address to listen on (127.0.0.1 for this machine only)' },
  { key: 'bus', flag: 'bus', env: 'BBS_BUS_URL', kind: 'string', default: null, help: "nats:// URL of the NATS server that makes several hosts one board live (chat, pages, broadcasts, kicks, who's online); several, comma-separated, for a NATS cluster; default: this host is the whole board", max: 1000 },
  { key: 'hostId', flag: 'host-id', env: 'BBS_HOST_ID', kind: 'string', default: null, help: "this host's name on the bus, shown in who's online: letters, digits, -, _ and .; default: the machine's hostname", max: 64 },
  { key: 'ports.json', flag: 'json-port', env: 'BBS_JSON_PORT', kind: 'port', default: 6767, help: 'Mongrel2 JSON-socket port for the original client; 0 picks a free port, "off" disables' },
  { key: 'ports.telnet', flag: 'telnet-port', env: 'BBS_TELNET_PORT', kind: 'port', default: 2323, help: 'telnet port' },
  { key: 'ports.ssh', flag: 'ssh-port', env: 'BBS_SSH_PORT', kind: 'port', default: 2222, help: 'SSH port' },
  { key: 'ports.http', flag: 'http-port', env: 'BBS_HTTP_PORT', kind: 'port', default: 8080, help: 'HTTP port: the modem page, WebSocket, /directory, and JSON sockets too' },
  { key: 'ports.nntp', flag: 'nntp-port', env: 'BBS_NNTP_PORT', kind: 'port', default: 1119, help: 'NNTP port: newsreaders read and post in the message areas (see "Read with a newsreader")' },
  { key: 'trustedProxies', flag: 'trusted-proxy', env: 'BBS_TRUSTED_PROXIES', kind: 'addresses', default: null, help: 'load balancers whose PROXY protocol v2 header names the real caller: addresses and CIDR blocks, comma-separated (10.0.0.5,192.168.1.0/24,fd00::/8); a connection from one must start with the header, and a header from anyone else is refused; see "Behind a load balancer"' },
  { key: 'web.url', env: 'BBS_WEB_URL', kind: 'string', default: null, help: "the board's web address as callers reach it (https://bbs.example.org behind a proxy), shown before download links; default http://HOST:PORT of the HTTP port", max: 200 },
  { key: 'nodes.count', flag: 'nodes', env: 'BBS_NODES', kind: 'int', default: 1, help: 'nodes running conversations: 1 runs in this process, more run as worker processes', min: 1, max: 64 },
  { key: 'nodes.lines', flag: 'lines', env: 'BBS_LINES', kind: 'int', default: 32, help: 'lines (simultaneous callers) per node; a full board gives a busy signal', min: 1, max: 10000 },
  { key: 'board.name', flag: 'name', env: 'BBS_NAME', kind: 'string', default: 'Mongrel BBS', help: 'board name, shown as the banner', max: 40 },
  { key: 'board.sysop', env: 'BBS_SYSOP', kind: 'string', default: 'sysop', help: 'the sysop account name: made sysop when it registers while the board has none (else the first account is); reserved, with its look-alikes, once there is one', max: 20 },
  { key: 'board.motd', env: 'BBS_MOTD', kind: 'text', default: "Welcome, caller. Leave a message, read what others left, and be kind:\nthis board is a small town and everyone knows everyone.", help: 'message of the day shown after login', max: 2000 },
  { key: 'board.bannerFont', env: 'BBS_BANNER_FONT', kind: 'string', default: 'ANSI Shadow', help: "figlet font for the banner, drawn for each caller where it fits their terminal; narrower ones get Standard, Small or Mini, then the board's name as plain text" },
  { key: 'board.editor', env: 'BBS_EDITOR', kind: 'enum', default: 'full', choices: ['full', 'line'], help: "how callers on terminals write messages until they choose under S: full (the full-screen editor) or line (line by line, ending with a lone .); the 2010 client always writes line by line" },
  { key: 'board.art', flag: 'art', env: 'BBS_ART', kind: 'path', default: null, help: 'folder of art that overrides the default theme (default: DATA/art when it exists)' },
  { key: 'areas', kind: 'areas', default: DEFAULT_AREAS, help: 'message areas (config file only): a list of {name, title, description, read, post}, levels new, member or sysop; the first is the default area' },
  { key: 'doors', kind: 'doors', default: DEFAULT_DOORS, help: 'door programs callers can play from the D menu (config file only): a list of {name, title, description, command, args, cwd, env, drop_files, encoding, tty, level, max_players, minutes_per_call, minutes_per_day, line_based, detach_minutes}; see "Doors"' },
  { key: 'files', kind: 'files', default: DEFAULT_FILE_AREAS, help: 'file areas callers can list, search, download from and upload to from the F menu, over SFTP and by web link (config file only): a list of {name, title, description, folder, list, download, upload, max_upload, quota_per_user, quota_per_area}; see "File areas"' },
  { key: 'gateways', kind: 'gateways', default: [], help: 'other boards callers can be connected to from the D menu (config file only): a list of {name, title, description, host, port, protocol (telnet or raw), level}' },
  { key: 'ssh.user', env: 'BBS_SSH_USER', kind: 'string', default: 'bbs', help: "SSH user name that needs no password and leads to the board's own login (ssh bbs@host)", max: 32 },
  { key: 'ssh.hostKeys', flag: 'ssh-host-keys', env: 'BBS_SSH_HOST_KEYS', kind: 'path', default: null, help: 'folder of SSH host keys to present, read and never written (ssh_host_ed25519_key, ssh_host_rsa_key): the same folder on every host of one board, so a caller balanced to another host sees the same keys; default DATA/ssh, made on first start' },
  { key: 'ssh.loginTimeout', env: 'BBS_SSH_LOGIN_TIMEOUT', kind: 'seconds', default: 30, help: 'seconds an SSH client has to authenticate and open the board before it is cut off', min: 1, max: 600 },
  { key: 'session.idleTimeout', env: 'BBS_IDLE_TIMEOUT', kind: 'seconds', default: 600, help: 'seconds a caller may stay silent at a prompt', min: 10, max: 86400 },
  { key: 'session.loginGrace', env: 'BBS_LOGIN_GRACE', kind: 'seconds', default: 120, help: 'seconds a caller has to log in', min: 10, max: 3600 },
  { key: 'limits.perAddress', env: 'BBS_MAX_PER_ADDRESS', kind: 'int', default: 8, help: 'simultaneous connections from one address (an IPv6 /64 is one address), all ports together', min: 1, max: 10000 },
  { key: 'limits.total', env: 'BBS_MAX_CONNECTIONS', kind: 'int', default: 2000, help: 'simultaneous connections in total (keep below the open-file limit)', min: 1, max: 19000 },
  { key: 'limits.messageLines', env: 'BBS_MESSAGE_LINES', kind: 'int', default: 50, help: 'most lines in one message', min: 1, max: 1000 },
  { key: 'limits.lineLength', env: 'BBS_LINE_LENGTH', kind: 'int', default: 200, help: 'most characters in one typed line', min: 20, max: 2000 },
  { key: 'limits.passwordWait', env: 'BBS_PASSWORD_WAIT', kind: 'seconds', default: 30, help: 'longest wait one wrong password adds before the next from that address (or at that account) is checked: 1 s, doubling per failure up to this', min: 1, max: 600 },
  { key: 'limits.passwordQueue', env: 'BBS_PASSWORD_QUEUE', kind: 'int', default: 2000, help: 'password checks that may wait for a hashing thread, first come first served; a login past them is told the board is busy and to try again shortly', min: 1, max: 100000 },
  { key: 'limits.transferRate', env: 'BBS_TRANSFER_RATE', kind: 'int', default: 4, help: "MiB a second that all file downloads by ZMODEM, YMODEM and XMODEM together may send while other callers are typing (a line or a menu key, or keys in a door, in the last 5 seconds; a caller's own keys do not slow their own download), so keys at the menus are answered before the next blocks; with nobody typing a download runs as fast as its caller takes it; 0 for no pace at all", min: 0, max: 100000 },
  { key: 'limits.doorRate', env: 'BBS_DOOR_RATE', kind: 'int', default: 24, help: "MiB a second that all doors and other boards together may send their callers while other callers are typing (as for limits.transferRate), so a door pouring out text as fast as it can leaves the other callers' keys their turn; far above what a terminal shows, so a door that only draws its screens never waits; 0 for no pace at all", min: 0, max: 100000 },
  { key: 'limits.hashThreads', env: 'BBS_HASH_THREADS', kind: 'int', default: 0, help: 'password hashes at once, each on a low-priority thread of its own (per node process); 0 for one fewer than the cores', min: 0, max: 256 },
  { key: 'limits.minPasswordLength', env: 'BBS_MIN_PASSWORD', kind: 'int', default: 6, help: 'shortest password for a new account', min: 1, max: 64 },
  { key: 'limits.signupsPerHour', env: 'BBS_SIGNUPS_PER_HOUR', kind: 'int', default: 3, help: 'new accounts one address may register in an hour; 0 for no limit', min: 0, max: 1000000 },
  { key: 'limits.postsPerHour', env: 'BBS_POSTS_PER_HOUR', kind: 'int', default: 30, help: 'public messages one account may post in an hour (the sysop: no limit); 0 for no limit', min: 0, max: 1000000 },
  { key: 'limits.mailPerHour', env: 'BBS_MAIL_PER_HOUR', kind: 'int', default: 30, help: 'private messages one account may send in an hour (the sysop: no limit); 0 for no limit', min: 0, max: 1000000 },
  { key: 'limits.storagePerUser', env: 'BBS_STORAGE_PER_USER', kind: 'int', default: 1024, help: 'KiB of messages and mail one account may have written in all (the sysop: no limit); 0 for no limit', min: 0, max: 100000000 },
  { key: 'log.format', flag: 'log-format', env: 'BBS_LOG_FORMAT', kind: 'enum', default: 'text', choices: ['text', 'json'], help: 'log lines as readable text or one JSON object each' },
  { key: 'log.level', flag: 'log-level', env: 'BBS_LOG_LEVEL', kind: 'enum', default: 'info', choices: ['debug', 'info', 'warn', 'error'], help: 'least important log level written' },
];
