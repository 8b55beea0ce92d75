// Colour schemes for the terminal. The phosphor palettes are monochrome
// screens: every ANSI colour becomes a brightness of the one phosphor, as on a
// real green or amber monitor. VGA is the full 16-colour PC palette, so ANSI
// art shows in the colours it was drawn in.

/** The IBM VGA text-mode colours, in ANSI order (black red green yellow blue magenta cyan white, then bright). */
const VGA = [
  '#000000', '#aa0000', '#00aa00', '#aa5500', '#0000aa', '#aa00aa', '#00aaaa', '#aaaaaa',
  '#555555', '#ff5555', '#55ff55', '#ffff55', '#5555ff', '#ff55ff', '#55ffff', '#ffffff',
];

const ANSI_NAMES = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'brightBlack', 'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightWhite',
];

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex([r, g, b]) {
  return '#' + [r, g, b].map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('');
}

function mix(a, b, t) {
  const x = hexToRgb(a);
  const y = hexToRgb(b);
  return rgbToHex(x.map((v, i) => v + (y[i] - v) * t));
}

function luminance(hex) {
  const [r, g, b] = hexToRgb(hex).map((v) => v / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** A monochrome monitor: brightness follows the VGA colour's luminance, never quite dark so coloured text stays legible. */
function phosphor({ name, label, background, dim, normal, bright, glow }) {
  const colours = {};
  VGA.forEach((hex, i) => {
    const l = luminance(hex);
    colours[ANSI_NAMES[i]] = i === 0 ? mix(background, dim, 0.35) : l >= 0.7 ? bright : mix(dim, normal, Math.min(1, 0.35 + l * 1.4));
  });
  return {
    name,
    label,
    glow,
    theme: {
      background,
      foreground: normal,
      cursor: bright,
      cursorAccent: background,
      selectionBackground: mix(background, normal, 0.35),
      selectionForeground: bright,
      ...colours,
    },
  };
}

export const PALETTES = [
  phosphor({ name: 'green', label: 'Green phosphor', background: '#020c05', dim: '#0d5a23', normal: '#33ff66', bright: '#b6ffc8', glow: 'rgba(51, 255, 102, 0.55)' }),
  phosphor({ name: 'amber', label: 'Amber', background: '#0d0800', dim: '#6b4200', normal: '#ffb000', bright: '#ffe1a0', glow: 'rgba(255, 176, 0, 0.5)' }),
  {
    name: 'vga',
    label: 'VGA colour',
    glow: 'rgba(170, 170, 170, 0.35)',
    theme: {
      background: '#000000',
      foreground: VGA[7],
      cursor: VGA[7],
      cursorAccent: '#000000',
      selectionBackground: '#0000aa',
      selectionForeground: '#ffffff',
      ...Object.fromEntries(VGA.map((hex, i) => [ANSI_NAMES[i], hex])),
    },
  },
];

export function paletteByName(name) {
  return PALETTES.find((p) => p.name === name) ?? PALETTES[0];
}
