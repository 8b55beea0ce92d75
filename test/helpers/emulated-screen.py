"""What a VT100/xterm-class terminal shows after the bytes on stdin.

Run by test/helpers/emulated-screen.ts with Debian's /usr/bin/python3 and its
python3-pyte: an emulator written apart from the board and from xterm.js, so a
test that reads its rows checks what a caller would see, not what the board's
own model thinks. Arguments: columns rows. Prints one JSON object: the rows
(trailing blanks trimmed), the cursor and whether it is hidden.
"""
import json
import sys

import pyte


def main() -> None:
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    stream.feed(sys.stdin.buffer.read())
    json.dump(
        {
            "rows": [row.rstrip() for row in screen.display],
            "cursor": {"col": screen.cursor.x, "row": screen.cursor.y, "visible": not screen.cursor.hidden},
        },
        sys.stdout,
    )


main()
