import { LOGIN_PATH } from '../../../web-reader/login-link.js';

/** The paths the web reader answers: kept apart from the reader, which is loaded with the first of them. */
export function isReaderPath(pathname: string): boolean {
  return pathname === '/read' || pathname.startsWith('/read/') || pathname.startsWith(LOGIN_PATH) || pathname === '/logout';
}
