// Types for the page's plain JavaScript module, so the unit tests type-check.
export declare class ZmodemGate {
  route(bytes: Uint8Array): { bytes: Uint8Array; shown: number } | null;
  reset(): void;
}
