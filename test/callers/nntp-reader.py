"""A newsreader for the board's NNTP tests, on Python's own nntplib.

Usage: nntp-reader.py SCENARIO PORT SOURCE_ADDRESS JSON_ARGS
Prints one JSON object: what the server answered at each step.
"""
import json
import socket
import sys
import time
import warnings

warnings.simplefilter('ignore', DeprecationWarning)
import nntplib  # noqa: E402


class Reader(nntplib.NNTP):
    """nntplib's client, dialling from a chosen loopback address (the board's back-off is per address)."""

    source = '127.0.0.1'

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(self.source, 0))


def error(call):
    """The reply line of a command the server refuses (nntplib raises it)."""
    try:
        call()
    except nntplib.NNTPError as e:
        return str(e)
    return None


def body_text(lines):
    return [l.decode('utf-8') for l in lines]


def overview(entries):
    return [[n, {k: (v if isinstance(v, str) else v) for k, v in fields.items()}] for n, fields in entries]


def guest(s, a):
    out = {'welcome': s.getwelcome(), 'caps': s.getcapabilities()}
    out['groups'] = [g.group for g in s.list()[1]]
    out['members_group'] = error(lambda: s.group(a['prefix'] + '.members'))
    out['sysop_group'] = error(lambda: s.group(a['prefix'] + '.sysop'))
    out['post'] = error(lambda: s.post([b'Newsgroups: x', b'Subject: x', b'', b'x']))
    resp, count, first, last, name = s.group(a['prefix'] + '.general')
    out['general'] = [count, first, last, name]
    out['article'] = body_text(s.article(first)[1].lines)
    out['members_by_msgid'] = error(lambda: s.article(a['members_msgid']))
    return out


def read_one(s, a):
    s.login(a['user'], a['password'], usenetrc=False)
    s.group(a['prefix'] + '.general')
    s.head(a['second'])
    s.article(a['first'])
    return {'ok': True}


def tour(s, a):
    p = a['prefix']
    out = {}
    out['login'] = s.login(a['user'], a['password'], usenetrc=False) or 'ok'
    out['caps'] = s.getcapabilities()
    out['groups_before'] = [g.group for g in s.list()[1]]
    out['descriptions'] = s.descriptions(p + '.*')[1]
    out['overview_fmt'] = s._getoverviewfmt() if hasattr(s, '_getoverviewfmt') else None
    out['list_headers'] = s._longcmdstring('LIST HEADERS')[1]
    resp, count, first, last, name = s.group(p + '.general')
    out['group'] = [resp, count, first, last, name]
    out['listgroup'] = s._longcmdstring('LISTGROUP')[1]
    out['over'] = overview(s.over((first, last))[1])
    out['xover'] = overview(s.xover(first, last)[1])
    out['over_msgid'] = s._longcmdstring('OVER ' + a['root_msgid'])[1]
    out['hdr'] = s.xhdr('Subject', '%d-%d' % (first, last))[1]
    out['hdr_new'] = s._longcmdstring('HDR :lines %d-' % first)[1]
    out['stat'] = list(s.stat(first))
    out['next'] = list(s.next())
    out['last'] = list(s.last())
    out['no_last'] = error(lambda: s.last())
    art = s.article(first)[1]
    out['article'] = [art.number, art.message_id, body_text(art.lines)]
    out['head_msgid'] = body_text(s.head(a['root_msgid'])[1].lines)
    out['body'] = body_text(s.body(first)[1].lines)
    out['no_number'] = error(lambda: s.stat(last + 1000))
    out['no_msgid'] = error(lambda: s.stat('<999999@%s.bbs>' % p))
    out['date'] = s.date()[1].isoformat()
    out['help'] = s.help()[1][:3]
    out['newgroups'] = [g.group for g in s.newgroups(nntplib.datetime.datetime(2000, 1, 1))[1]]
    out['newnews'] = s.newnews(p + '.*', nntplib.datetime.datetime(2000, 1, 1))[1]
    out['unknown'] = error(lambda: s._shortcmd('FROB'))
    out['syntax'] = error(lambda: s._shortcmd('GROUP'))
    out['members_before_post'] = error(lambda: s.group(p + '.members'))
    # A new topic: an encoded-word subject, a body line that starts with a dot (nntplib stuffs it), UTF-8 text.
    topic = ('Newsgroups: %s.general\r\nSubject: =?UTF-8?B?%s?=\r\nFrom: somebody@else\r\n'
             'Content-Type: text/plain; charset=UTF-8\r\n\r\n'
             'Grüße from a newsreader.\r\n.dotted line\r\n' % (p, __import__('base64').b64encode('Grüße, board'.encode()).decode()))
    out['post_topic'] = s.post(topic.encode('utf-8'))
    # A follow-up: its References win over Newsgroups, which names another group.
    reply = ('Newsgroups: %s.retro\r\nSubject: Re: the root\r\nReferences: %s\r\n\r\nA threaded reply.\r\n' % (p, a['root_msgid']))
    out['post_reply'] = s.post(reply.encode('utf-8'))
    out['post_unknown_group'] = error(lambda: s.post(b'Newsgroups: nowhere.at.all\r\nSubject: x\r\n\r\nx\r\n'))
    out['post_too_many_lines'] = error(lambda: s.post(('Newsgroups: %s.general\r\nSubject: long\r\n\r\n' % p + 'line\r\n' * 60).encode()))
    # The first message made the account a member: the members' area opens.
    out['members_after_post'] = s.group(p + '.members')[4]
    out['groups_after'] = [g.group for g in s.list()[1]]
    return out


def bad_login(s, a):
    started = time.monotonic()
    answer = error(lambda: s.login(a['user'], a['password'], usenetrc=False))
    return {'answer': answer, 'ms': (time.monotonic() - started) * 1000}


SCENARIOS = {'guest': guest, 'read_one': read_one, 'tour': tour, 'bad_login': bad_login}

if __name__ == '__main__':
    scenario, port, source, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
    Reader.source = source
    s = Reader('127.0.0.1', port, readermode=True, timeout=60)
    try:
        print(json.dumps(SCENARIOS[scenario](s, args), default=str))
    finally:
        try:
            s.quit()
        except (nntplib.NNTPError, OSError, EOFError):
            pass
