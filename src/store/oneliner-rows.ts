import type { Oneliner } from './types/oneliners.js';

/** The row of a oneliner as both engines read it. */
export interface OnelinerRow {
  id: number;
  user_id: number;
  user_name: string;
  created_at: number;
  text: string;
}

export const ONELINER_SELECT = `
  SELECT o.id, o.user_id, u.name AS user_name, o.created_at, o.text
  FROM oneliners o JOIN users u ON u.id = o.user_id`;

export function toOneliner(row: OnelinerRow): Oneliner {
  return { id: row.id, userId: row.user_id, userName: row.user_name, createdAt: new Date(row.created_at), text: row.text };
}
