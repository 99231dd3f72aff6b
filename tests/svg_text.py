#!/usr/bin/env python3
"""svg_text.py [--raw] - reads a GetChart reply (JSON, as the HTTP gateway
writes it), or with --raw an SVG document (as `kinerja --format svg`
prints it), on stdin, parses its SVG with xml.etree (a real XML parser: a document
that is not well-formed fails here), checks that it is one <svg> element
in the SVG namespace, and prints the reply's title and then the text of
every <title> and <text> element, one a line, for the shell test to
search (no reply title with --raw)."""
import json
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def main():
    if sys.argv[1:] == ["--raw"]:
        reply = {"svg": sys.stdin.read(), "title": None}
    else:
        reply = json.load(sys.stdin)
    try:
        root = ET.fromstring(reply["svg"].encode("utf-8"))
    except ET.ParseError as e:
        print("not well-formed XML: %s" % e, file=sys.stderr)
        return 1
    if root.tag != SVG + "svg":
        print("root is %s, not svg" % root.tag, file=sys.stderr)
        return 1
    if reply["title"] is not None:
        print("title: " + reply["title"])
    for el in root.iter():
        if el.tag in (SVG + "title", SVG + "text"):
            print("".join(el.itertext()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
