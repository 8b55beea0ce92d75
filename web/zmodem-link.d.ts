// Types for the page's plain JavaScript module, so the unit tests type-check.
export interface ZmodemIo {
  Zmodem: unknown;
  write(bytes: Uint8Array): void;
  send(bytes: Uint8Array): void;
  drained(): Promise<void>;
  save(name: string, chunks: Uint8Array[]): void;
  pickFiles(): Promise<File[]>;
  status(text: string | null): void;
  now?(): number;
  stallMs?: number;
}
export interface ZmodemLink {
  receive(bytes: Uint8Array): void;
  key(data: string): boolean;
  hangup(): void;
  readonly mode: 'idle' | 'receive' | 'send';
}
export declare function createZmodemLink(io: ZmodemIo): ZmodemLink;
