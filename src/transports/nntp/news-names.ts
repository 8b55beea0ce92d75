/**
 * How the board's message areas and messages are named for newsreaders:
 * area `general` of "Mongrel BBS" is the group `mongrelbbs.general`, and
 * message 42 is `<42@mongrelbbs.bbs>` wherever it is read.
 */

/** The board name in lower case, letters and digits only; `bbs` when that leaves nothing. */
export function groupPrefix(boardName: string): string {
  const prefix = boardName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 40);
  return prefix || 'bbs';
}

export class NewsNames {
  /** The host part of every Message-ID, and the Path and Xref server name. */
  readonly site: string;
  private readonly idPattern: RegExp;

  constructor(readonly prefix: string) {
    this.site = `${prefix}.bbs`;
    this.idPattern = new RegExp(`^<([1-9][0-9]{0,14})@${prefix}\\.bbs>$`, 'i');
  }

  group(area: string): string {
    return `${this.prefix}.${area}`;
  }

  /** The area a group name stands for, or null when it is not one of this board's. */
  area(group: string): string | null {
    const lower = group.toLowerCase();
    return lower.startsWith(`${this.prefix}.`) ? lower.slice(this.prefix.length + 1) : null;
  }

  messageId(id: number): string {
    return `<${id}@${this.site}>`;
  }

  /** The message a Message-ID names, or null when it is not one of this board's. */
  idOf(messageId: string): number | null {
    const m = this.idPattern.exec(messageId);
    return m ? Number(m[1]) : null;
  }
}
