/**
 * Names of files in the areas. A name is one path element that means the
 * same thing on every disk and in every client: no separators, no controls,
 * no leading dot (the board's own folders start with one), nothing Windows
 * refuses, and short enough for any filesystem.
 */

const MAX_CHARS = 100;
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const RESERVED_CHARS = /[/\\<>:"|?*]/;
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why a name cannot be used as it is, or null when it can. For names a client chose on purpose (SFTP). */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return 'the name is empty';
  if (CONTROLS.test(name)) return 'the name holds control characters';
  if (RESERVED_CHARS.test(name)) return 'the name holds a separator or one of < > : " | ? *';
  if (name.startsWith('.')) return 'the name starts with a dot';
  if (/[ .]$/.test(name)) return 'the name ends with a space or a dot';
  if (WINDOWS_DEVICES.test(name)) return 'the name is a device name on some systems';
  if ([...name].length > MAX_CHARS) return `the name is longer than ${MAX_CHARS} characters`;
  if (name !== name.normalize('NFC')) return 'the name is not in Unicode normal form C';
  return null;
}

/**
 * A usable name made from whatever a transfer program was told (its last
 * path element, awkward characters replaced, cut to length with its
 * extension kept), or null when nothing is left.
 */
export function cleanFileName(raw: string): string | null {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = [...base]
    .map((ch) => (CONTROLS.test(ch) || RESERVED_CHARS.test(ch) ? '_' : ch))
    .join('')
    .replace(/^[ .]+/, '')
    .replace(/[ .]+$/, '');
  if (WINDOWS_DEVICES.test(name)) name = `_${name}`;
  const chars = [...name];
  if (chars.length > MAX_CHARS) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, MAX_CHARS - [...ext].length).join('') + ext;
  }
  return name.length > 0 && fileNameProblem(name) === null ? name : null;
}

/** The n-th alternative to a taken name: `doom.zip` → `doom-2.zip`. */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const suffix = `-${n}`;
  const room = MAX_CHARS - [...ext].length - suffix.length;
  return [...stem].slice(0, room).join('') + suffix + ext;
}
