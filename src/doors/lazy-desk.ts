import type { DoorPlay, HandoffRequest } from '../session/handoff.js';
import type { DeskCall, DoorDesk, DoorDeskOptions } from './door-desk.js';

/**
 * The door desk, loaded when the first caller opens a door: a board whose
 * callers never play one never loads the pseudo-terminal module, the
 * terminal emulator or the drop-file writers. Until then no call is at the
 * desk, so lines and hang-ups are not its business.
 */
export class LazyDoorDesk {
  private desk: DoorDesk | null = null;
  private loading: Promise<DoorDesk> | null = null;

  constructor(
    private readonly opts: DoorDeskOptions,
    private readonly load: () => Promise<{ DoorDesk: new (opts: DoorDeskOptions) => DoorDesk }> = () => import('./door-desk.js'),
  ) {}

  begin(call: DeskCall, request: HandoffRequest): void {
    if (this.desk) return this.desk.begin(call, request);
    this.loading ??= this.load().then((m) => (this.desk = new m.DoorDesk(this.opts)));
    this.loading.then(
      (desk) => desk.begin(call, request),
      (err: unknown) => {
        this.loading = null;
        this.opts.log.error('the door desk failed to load', { err });
        call.back({ how: 'failed', note: 'Doors are out of order right now. The sysop has been told.', seconds: 0 });
      },
    );
  }

  line(callId: string, text: string): boolean {
    return this.desk?.line(callId, text) ?? false;
  }

  hangup(callId: string): void {
    this.desk?.hangup(callId);
  }

  /** Before the desk is loaded no transfer runs, so there is nothing to give way. */
  typed(callId: string): void {
    this.desk?.typed(callId);
  }

  playsNow(): DoorPlay[] {
    return this.desk?.playsNow() ?? [];
  }

  async stopAll(): Promise<void> {
    await this.desk?.stopAll();
  }
}
