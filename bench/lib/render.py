#!/usr/bin/env python3
"""Render an nginx config template for bench/gateway.sh.

usage: render.py TEMPLATE OUTPUT NAME=VALUE ...

Every @@NAME@@ in TEMPLATE is replaced by VALUE; a placeholder without a
value is an error.
"""
import re
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    template, output = sys.argv[1], sys.argv[2]
    values = {}
    for arg in sys.argv[3:]:
        name, sep, value = arg.partition("=")
        if not sep:
            print(f"render.py: bad argument {arg!r} (want NAME=VALUE)", file=sys.stderr)
            return 2
        values[name] = value
    with open(template, encoding="utf-8") as f:
        text = f.read()

    def sub(m: "re.Match[str]") -> str:
        name = m.group(1)
        if name not in values:
            raise KeyError(f"render.py: no value for @@{name}@@ in {template}")
        return values[name]

    try:
        text = re.sub(r"@@([A-Z0-9_]+)@@", sub, text)
    except KeyError as e:
        print(e.args[0], file=sys.stderr)
        return 1
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
