import { SETTINGS } from '../src/config/settings.js';

/** Print the README's settings table from the one settings table in the code. */
export function settingsTable(): string {
  const rows = SETTINGS.map((s) => {
    const value: unknown = s.default;
    const def =
      value === null
        ? '—'
        : Array.isArray(value)
          ? value.map((a: { name?: string }) => `\`${a.name ?? '?'}\``).join(', ')
          : `\`${firstLine(value as string | number)}\``;
    const flag = s.flag ? `\`--${s.flag}\`` : '';
    return `| \`${s.key}\` | ${flag} | ${s.env ? `\`${s.env}\`` : ''} | ${def} | ${s.help} |`;
  });
  return ['| setting (config file) | flag | environment | default | what it does |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function firstLine(value: string | number): string {
  const text = String(value);
  return text.includes('\n') ? `${text.split('\n')[0]}…` : text;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) console.log(settingsTable());
