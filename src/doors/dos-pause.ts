/**
 * PAUSE.COM, a 26-byte DOS program that waits three clock ticks (about a
 * sixth of a second) and exits. A door's autoexec runs it after the door:
 * DOSBox flushes COM1 on a timer and throws away what is still unsent when it
 * exits, so without this pause a door's goodbye never reaches the caller.
 *
 * Built with `nasm -f bin` from:
 *
 *         org 100h
 *         mov cx, 3            ; three tick changes
 *         xor ax, ax
 *         mov es, ax
 * .a:     mov bx, [es:46Ch]    ; BIOS tick count, low word
 * .b:     cmp bx, [es:46Ch]
 *         je .b
 *         loop .a
 *         mov ax, 4C00h
 *         int 21h
 *
 * It counts changes rather than waiting for a target count, so the count
 * wrapping at midnight cannot make it wait longer.
 */
export const DOS_PAUSE_COM = Uint8Array.from([
  0xb9, 0x03, 0x00, 0x31, 0xc0, 0x8e, 0xc0, 0x26, 0x8b, 0x1e, 0x6c, 0x04,
  0x26, 0x3b, 0x1e, 0x6c, 0x04, 0x74, 0xf9, 0xe2, 0xf2, 0xb8, 0x00, 0x4c,
  0xcd, 0x21,
]);
