#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Dial a board over the Mongrel2 JSON socket, the way the seed imagined it.

Reads the board's directory of "phone numbers" (GET /directory on its HTTP
port), tries the numbers at random until one answers, and plays the board
like the original client -- with masked passwords, one-key menus still
answered with Enter, and a clean exit when the line drops.

When the line drops under the caller (the board's host went down, a node
restarted beyond recall), it redials by itself, a few times with growing
pauses, reading the phone book afresh: behind a balancer the caller lands
on a host that is up and logs in again. --no-redial hangs up instead.

Runs on Python 2.7 and Python 3.

    python dialer.py HOST [HTTP_PORT] [--in-order] [--no-redial]
                                          (HTTP_PORT defaults to 8080)

Exit status: 0 after a normal goodbye, 2 when every line is busy, 1 when
the line drops (and no redial answers) or the board cannot be reached.
"""
from __future__ import print_function

import base64
import codecs
import getpass
import json
import os
import random
import select
import socket
import sys
import time

try:  # Unix terminals: the caller's typing is edited here, so it can be redrawn.
    import termios
    import tty
except ImportError:
    termios = tty = None

try:  # Python 3
    from urllib.request import urlopen
    read_line = input
except ImportError:  # Python 2
    from urllib2 import urlopen
    read_line = raw_input  # noqa: F821

BUSY, DROPPED, DONE = 2, 1, 0
# Seconds before each redial after a dropped line: a host that died needs a
# moment to be taken out by the balancer; a board that restarts, a few.
REDIAL_PAUSES = (1, 3, 6)


class LineDropped(Exception):
    pass


def write(text):
    """Write board or typed text whatever the terminal's encoding."""
    enc = getattr(sys.stdout, 'encoding', None) or 'utf-8'
    if sys.version_info[0] < 3:
        sys.stdout.write(text.encode(enc, 'replace') if isinstance(text, unicode) else text)  # noqa: F821
    else:
        sys.stdout.write(text.encode(enc, 'replace').decode(enc))


def out(text):
    """Print board text, then a new line."""
    write(text + '\n')
    sys.stdout.flush()


def directory(host, port):
    data = urlopen('http://%s:%d/directory' % (host, port), timeout=10).read()
    return json.loads(data.decode('utf-8'))


def phone_numbers(book, host):
    """(host, port, route) for every node's JSON-socket number."""
    numbers = []
    for node in book.get('nodes', []):
        for t in node.get('transports', []):
            if t.get('transport') == 'jsonsocket' and t.get('url', '').startswith('@'):
                # One number per node is enough: the others ring the same line.
                numbers.append((t.get('host') or host, int(t['port']), t['url'], node.get('node')))
                break
    return numbers


class Line(object):
    def __init__(self, host, port, route):
        self.route = route
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.settimeout(None)
        self.buf = b''

    def send(self, text):
        body = json.dumps({'type': 'msg', 'msg': text})
        self.sock.sendall(('%s %s\0' % (self.route, body)).encode('utf-8'))

    def pump(self):
        chunk = self.sock.recv(4096)
        if not chunk:
            raise LineDropped()
        self.buf += chunk

    def ready(self):
        """Every complete reply received so far."""
        replies = []
        while b'\0' in self.buf:
            raw, self.buf = self.buf.split(b'\0', 1)
            replies.append(json.loads(base64.b64decode(raw).decode('utf-8')))
        return replies

    def read(self):
        while b'\0' not in self.buf:
            self.pump()
        raw, self.buf = self.buf.split(b'\0', 1)
        return json.loads(base64.b64decode(raw).decode('utf-8'))

    def close(self):
        try:
            self.sock.close()
        except socket.error:
            pass


def dial(numbers):
    """The first line that answers with something other than a goodbye, or the last busy text."""
    busy_text = None
    for host, port, route, node in numbers:
        out('ATDT %s (node %s) ...' % (route, node))
        try:
            line = Line(host, port, route)
            line.send('connect')
            first = line.read()
        except (socket.error, LineDropped, ValueError):
            out('NO ANSWER')
            continue
        if first.get('type') == 'exit':
            busy_text = first.get('msg') or 'BUSY'
            line.close()
            out('BUSY')
            continue
        out('CONNECT')
        return line, first, None
    return None, None, busy_text


def ask(line, reply):
    """The caller's answer, or a reply that arrived first (a goodbye).

    While waiting for the caller's line it keeps listening to the board, so a
    page or a chat line shows up at once, and a dropped line is noticed
    without the caller having to press Enter first.
    """
    pchar = reply.get('pchar', '> ')
    if reply.get('mode') == 'secret':
        if termios is not None and sys.stdin.isatty():
            return ask_secret_at_terminal(pchar)
        return getpass.getpass(pchar)
    if not hasattr(select, 'select'):
        return read_line(pchar)
    if termios is not None and sys.stdin.isatty():
        return ask_at_terminal(line, pchar)
    sys.stdout.write(pchar)
    sys.stdout.flush()
    while True:
        readable = select.select([sys.stdin, line.sock], [], [])[0]
        if line.sock in readable:
            early = show_arrivals(line, lambda: sys.stdout.write(pchar))
            if early is not None:
                return early
        if sys.stdin in readable:
            text = sys.stdin.readline()
            if not text:
                raise EOFError()
            return text.rstrip('\r\n')


def show_arrivals(line, redraw):
    """Print screens that arrived while the caller types; return any other reply."""
    line.pump()
    for early in line.ready():
        if early.get('type') != 'screen':
            sys.stdout.write('\n')
            return early
        out('\n' + early.get('msg', ''))
        redraw()
        sys.stdout.flush()
    return None


# Keys read from the terminal and not used yet: what a caller typed past the
# end of one answer is the start of the next, as a terminal's own line
# discipline would keep it.
TYPED_AHEAD = []
KEYBOARD = codecs.getincrementaldecoder('utf-8')('replace')


def typed_keys(fd):
    """The keys typed: those kept from before, else what the terminal has now."""
    if TYPED_AHEAD:
        keys = TYPED_AHEAD[:]
        del TYPED_AHEAD[:]
        return keys
    chunk = os.read(fd, 1024)
    if not chunk:
        raise EOFError()
    return list(KEYBOARD.decode(chunk))


def keep_for_later(keys, used):
    """Keys after the one that ended an answer wait for the next prompt."""
    TYPED_AHEAD[:0] = keys[used + 1:]


def ask_at_terminal(line, pchar):
    """A line typed at a terminal, edited here rather than by the terminal.

    The terminal driver keeps a half-typed line where no program can read it,
    so a page arriving mid-line used to leave the caller typing blind. Here
    the typing is kept, and after anything the board shows, the prompt and
    the half-typed line are drawn again. Backspace, Ctrl-U and Ctrl-W edit;
    Ctrl-C hangs up; Ctrl-D on an empty line ends the call.
    """
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    typed = []
    escape = [False]

    def redraw():
        write('\r\x1b[K' + pchar + ''.join(typed))
        sys.stdout.flush()

    # TCSANOW, not the default TCSAFLUSH: keys typed before this prompt was drawn are kept, not thrown away.
    tty.setcbreak(fd, termios.TCSANOW)
    try:
        redraw()
        while True:
            if not TYPED_AHEAD:
                readable = select.select([fd, line.sock], [], [])[0]
                if line.sock in readable:
                    early = show_arrivals(line, redraw)
                    if early is not None:
                        return early
                if fd not in readable:
                    continue
            keys = typed_keys(fd)
            for i, ch in enumerate(keys):
                done = edit(typed, ch, escape)
                if done is not None:
                    keep_for_later(keys, i)
                    write('\r\n')
                    sys.stdout.flush()
                    return done
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def ask_secret_at_terminal(pchar):
    """A password typed at a terminal, never shown.

    getpass switches echo off with TCSAFLUSH, which throws away what the
    caller typed before the prompt was drawn: a password typed ahead on a
    slow line was lost, and the dialer waited for it forever. Here the
    terminal changes at once (TCSANOW) and keeps what is waiting.
    Backspace and Ctrl-U edit; Ctrl-C hangs up; Ctrl-D on nothing ends.
    """
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    typed = []
    # cbreak turns echo off too; before the prompt is drawn, so a password
    # typed the moment it shows is never echoed by the terminal.
    tty.setcbreak(fd, termios.TCSANOW)
    try:
        write(pchar)
        sys.stdout.flush()
        while True:
            keys = typed_keys(fd)
            for i, ch in enumerate(keys):
                if ch in '\r\n':
                    keep_for_later(keys, i)
                    write('\r\n')
                    sys.stdout.flush()
                    return ''.join(typed)
                if ch in '\x7f\x08':
                    if typed:
                        typed.pop()
                elif ch == '\x15':
                    del typed[:]
                elif ch == '\x03':
                    raise KeyboardInterrupt()
                elif ch == '\x04' and not typed:
                    raise EOFError()
                elif ch >= ' ':
                    typed.append(ch)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def edit(typed, ch, escape):
    """Apply one typed character; the finished line on Enter, else None."""
    if escape[0]:
        # The rest of an arrow key or function key: its last character is a letter or '~'.
        if ch.isalpha() or ch == '~':
            escape[0] = False
        return None
    if ch in '\r\n':
        return ''.join(typed)
    if ch == '\x1b':
        escape[0] = True
    elif ch in '\x7f\x08':
        if typed:
            typed.pop()
            write('\b \b')
    elif ch == '\x15':  # Ctrl-U
        write('\b \b' * len(typed))
        del typed[:]
    elif ch == '\x17':  # Ctrl-W
        while typed and typed[-1] == ' ':
            typed.pop()
            write('\b \b')
        while typed and typed[-1] != ' ':
            typed.pop()
            write('\b \b')
    elif ch == '\x03':
        raise KeyboardInterrupt()
    elif ch == '\x04':
        if not typed:
            raise EOFError()
    elif ch >= ' ':
        typed.append(ch)
        write(ch)
    sys.stdout.flush()
    return None


def play(line, reply):
    while True:
        if reply.get('msg'):
            out(reply['msg'])
        kind = reply.get('type')
        if kind == 'exit':
            return DONE
        if kind == 'prompt':
            try:
                answer = ask(line, reply)
            except EOFError:
                out('\nBye.')
                return DONE
            if isinstance(answer, dict):
                reply = answer
                continue
            if sys.version_info[0] < 3 and isinstance(answer, bytes):
                answer = answer.decode(getattr(sys.stdin, 'encoding', None) or 'utf-8', 'replace')
            line.send(answer)
        reply = line.read()


def call(host, http_port, in_order):
    """Read the phone book and dial: (line, first reply) or (None, exit status) after saying why."""
    try:
        book = directory(host, http_port)
    except Exception as err:  # noqa: BLE001 - any failure here means no phone book
        out('Cannot read the directory at http://%s:%d/directory: %s' % (host, http_port, err))
        return None, DROPPED
    numbers = phone_numbers(book, host)
    if not numbers:
        out('The directory lists no JSON-socket numbers.')
        return None, DROPPED
    if not in_order:
        random.shuffle(numbers)
    out('Dialing %s: %d number(s)' % (book.get('board', host), len(numbers)))
    line, first, busy_text = dial(numbers)
    if line is None:
        out(busy_text or 'BUSY')
        out('Every line is busy. Try again later.')
        return None, BUSY
    return line, first


def redial(host, http_port, in_order):
    """After a dropped line: a few more calls, each after a pause; (line, first reply) or (None, status)."""
    status = DROPPED
    for pause in REDIAL_PAUSES:
        out('Redialing in %d s (Ctrl-C to stop) ...' % pause)
        time.sleep(pause)
        line, first = call(host, http_port, in_order)
        if line is not None:
            return line, first
        status = first
    out('No line answered the redial.')
    return None, status


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    in_order = '--in-order' in argv
    redials = '--no-redial' not in argv
    if not args:
        out(__doc__.strip())
        return DROPPED
    host = args[0]
    http_port = int(args[1]) if len(args) > 1 else 8080
    line, first = call(host, http_port, in_order)
    while line is not None:
        try:
            status = play(line, first)
            line.close()
            return status
        except LineDropped:
            line.close()
            out('\nNO CARRIER (the line dropped)')
            if not redials:
                return DROPPED
            try:
                line, first = redial(host, http_port, in_order)
            except KeyboardInterrupt:
                out('\nNO CARRIER')
                return DROPPED
        except KeyboardInterrupt:
            line.close()
            out('\nNO CARRIER')
            return DONE
    return first


if __name__ == '__main__':
    sys.exit(main(sys.argv))
