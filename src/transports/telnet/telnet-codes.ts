/** Telnet command bytes (RFC 854) and the option numbers this server speaks. */

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const EL = 248;
export const EC = 247;
export const AYT = 246;
// 242-245 (DM, BRK, IP, AO) need no names: the parser passes over every two-byte command from NOP to GA alike.
export const NOP = 241;
export const SE = 240;

export type Verb = typeof WILL | typeof WONT | typeof DO | typeof DONT;

export const OPT_BINARY = 0;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;
export const OPT_TTYPE = 24;
export const OPT_NAWS = 31;
