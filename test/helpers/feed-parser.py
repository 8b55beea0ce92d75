"""Reads one feed document on stdin with feedparser and prints what a feed
reader would see as JSON: whether it found the document broken (bozo), the
feed's title and links, and each entry's fields. A strict XML parse
(ElementTree, on expat) is reported beside it: feedparser alone forgives
some faults it only flags."""
import html
import json
import sys
import xml.etree.ElementTree as ET

import feedparser

raw = sys.stdin.buffer.read()
try:
    ET.fromstring(raw)
    strict = None
except ET.ParseError as err:
    strict = str(err)

d = feedparser.parse(raw)


def detail(e, name):
    d = e.get(name + '_detail') or {}
    return {'type': d.get('type'), 'value': e.get(name)}


def entry(e):
    content = e.get('content') or [{}]
    return {
        'id': e.get('id'),
        'title': detail(e, 'title'),
        'author': e.get('author'),
        'link': e.get('link'),
        'published': e.get('published'),
        'updated': e.get('updated'),
        'summary': e.get('summary'),
        'content': content[0].get('value'),
        'content_type': content[0].get('type'),
    }


print(json.dumps({
    'bozo': bool(d.bozo),
    'bozo_exception': str(d.get('bozo_exception')) if d.bozo else None,
    'strict_error': strict,
    'version': d.version,
    'title': d.feed.get('title'),
    'id': d.feed.get('id'),
    'links': [{'rel': l.get('rel'), 'href': l.get('href')} for l in d.feed.get('links', [])],
    'entries': [entry(e) for e in d.entries],
}, ensure_ascii=False))
