import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { changePassword } from './change-password.js';
import type { FlowDeps } from './deps.js';
import { chooseFrom, confirm } from './menu-input.js';
import { loadPreferences, savePreferences, SIZE_LIMITS, type Preferences } from './preferences.js';
import { manageKeys } from './ssh-keys.js';
import { applyPreferences, clientTerminal } from './terminal-prefs.js';
import { chooseTimeZone } from './time-zone-prefs.js';
import { boardZone } from '../screens/zone-clock.js';

const PROFILE_MAX = 60;

/** The settings menu's keys: any other is answered in one line. */
const SETTINGS_KEYS = 'PCTHZYXGELKQ';

const TERMINAL_NAMES: Record<Preferences['terminal'], string> = { auto: 'as your client says', modern: 'modern (UTF-8)', 'ansi-bbs': 'ANSI-BBS (CP437, 80 columns)' };

/** The caller's own settings; each change is saved at once and applies from the next screen on. */
export async function settingsMenu(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  for (;;) {
    io.enter('settings', 'changing their settings');
    const prefs = await loadPreferences(deps, user.id);
    const me = (await deps.store.users.findById(user.id)) ?? user;
    const keys = await deps.store.sshKeys.listForUser(user.id);
    const client = clientTerminal(io);
    io.clearScreen();
    const key = await chooseFrom(io, deps, user.id, 'settings_menu', {
      color: prefs.color === 'auto' ? `as your client says (${client.colorLevel > 0 ? 'on' : 'off'})` : prefs.color,
      terminal: TERMINAL_NAMES[prefs.terminal],
      hotkeys: prefs.hotkeys ? 'on: one key picks' : 'off: type, then Enter',
      expert: prefs.expert ? 'on: one line, ? for the menu' : 'off: the whole menu',
      size: prefs.cols === null && prefs.rows === null ? `as your client says (${client.cols}x${client.rows})` : `${prefs.cols ?? client.cols}x${prefs.rows ?? client.rows}`,
      timezone: prefs.timeZone ?? `the board's (${boardZone()})`,
      pages: prefs.pages ? 'welcome' : 'not now',
      editor: effectiveEditor(deps, prefs) === 'full' ? 'full screen' : 'line by line',
      profile: me.profile ?? '(none)',
      keys: keys.length,
    }, SETTINGS_KEYS);
    if (key === '' || key === 'Q') return;
    switch (key) {
      case 'P':
        await changePassword(io, deps, user);
        break;
      case 'C': {
        const on = prefs.color === 'auto' ? io.session.terminal.colorLevel > 0 : prefs.color === 'on';
        await change(io, deps, user, { color: on ? 'off' : 'on' });
        break;
      }
      case 'T':
        await chooseTerminal(io, deps, user);
        break;
      case 'Y':
        await chooseTimeZone(io, deps, user);
        break;
      case 'H':
        await change(io, deps, user, { hotkeys: !prefs.hotkeys });
        break;
      case 'Z':
        await chooseSize(io, deps, user);
        break;
      case 'X':
        await change(io, deps, user, { expert: !prefs.expert });
        break;
      case 'G':
        await change(io, deps, user, { pages: !prefs.pages });
        break;
      case 'E':
        await change(io, deps, user, { editor: effectiveEditor(deps, prefs) === 'full' ? 'line' : 'full' });
        break;
      case 'L':
        await editProfile(io, deps, user);
        break;
      case 'K':
        await manageKeys(io, deps, user);
        break;
    }
  }
}

/** The editor a caller writes in: their choice, or the board's default while they have made none. */
function effectiveEditor(deps: FlowDeps, prefs: Preferences): 'full' | 'line' {
  return prefs.editor === 'auto' ? (deps.board.editor ?? 'full') : prefs.editor;
}

async function change(io: SessionIO, deps: FlowDeps, user: User, patch: Partial<Preferences>): Promise<void> {
  applyPreferences(io, await savePreferences(deps, user.id, patch));
  io.screen('settings_saved');
}

async function chooseTerminal(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  const key = await chooseFrom(io, deps, user.id, 'settings_terminal');
  const terminal = ({ M: 'modern', A: 'ansi-bbs', D: 'auto' } as const)[key as 'M' | 'A' | 'D'];
  if (!terminal) return;
  // CP437 on a UTF-8 terminal turns every box into garbage, the way back included: try it first, keep it only on a yes.
  if (terminal === 'ansi-bbs' && io.session.terminal.encoding === 'utf8') {
    const prefs = await loadPreferences(deps, user.id);
    applyPreferences(io, { ...prefs, terminal });
    if (!(await confirm(io, 'settings_cp437_sample'))) {
      applyPreferences(io, prefs);
      io.screen('settings_cp437_kept', { terminal: TERMINAL_NAMES[prefs.terminal] });
      return;
    }
  }
  await change(io, deps, user, { terminal });
}

async function chooseSize(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  const answer = (await io.prompt('settings_size', { maxLength: 9, vars: { ...SIZE_LIMITS.cols, rmin: SIZE_LIMITS.rows.min, rmax: SIZE_LIMITS.rows.max } })).trim();
  if (answer === '') return;
  if (/^(auto|a)$/i.test(answer)) {
    await change(io, deps, user, { cols: null, rows: null });
    return;
  }
  const m = /^(\d{2,3})\s*[x×*, ]\s*(\d{2,3})$/i.exec(answer);
  const cols = Number(m?.[1]);
  const rows = Number(m?.[2]);
  const fits = (n: number, l: { min: number; max: number }): boolean => n >= l.min && n <= l.max;
  if (!m || !fits(cols, SIZE_LIMITS.cols) || !fits(rows, SIZE_LIMITS.rows)) {
    io.screen('settings_size_bad', { answer });
    return;
  }
  await change(io, deps, user, { cols, rows });
}

async function editProfile(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  const text = (await io.prompt('settings_profile', { maxLength: PROFILE_MAX, vars: { max: PROFILE_MAX } })).trim();
  if (text === '') return;
  await deps.store.users.setProfile(user.id, text === '-' ? null : text);
  io.screen('settings_saved');
}
