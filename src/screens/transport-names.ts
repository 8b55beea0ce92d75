/**
 * The wire a caller came in on, in the words a caller uses. The board's own
 * names (`tcpjson`, `websocket`) are for logs and the directory; screens say
 * what a person would: telnet, SSH, the web, the 2010 client.
 */
const NAMES: Readonly<Record<string, string>> = {
  telnet: 'telnet',
  ssh: 'SSH',
  websocket: 'web',
  tcpjson: '2010 client',
};

export function viaName(transport: string): string {
  return NAMES[transport] ?? transport;
}

/** "a 132x50 screen", "an 80x24 screen": the article goes by how the width is said (eight, eleven, eighteen, eighty-...). */
export function screenSize(cols: number, rows: number): string {
  const an = cols === 8 || cols === 11 || cols === 18 || (cols >= 80 && cols <= 89) || (cols >= 800 && cols <= 899);
  return `${an ? 'an' : 'a'} ${cols}x${rows}`;
}
