"""Bad input: every case gets `path:line: field: message`; nothing is lost; nothing is unsafe.

The table below is the reference of bad-input cases and the messages they produce (the README
links here). Each row is checked by `mkdocs-diffusion check` logic, and the whole set fails
`mkdocs build --strict`.
"""

from __future__ import annotations

import json
import re

import feedparser
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import category, entry
from mkdocs_diffusion.cli import check_docs
from mkdocs_diffusion.loader import category_from_text

GOOD_ENTRY = '  - title: "Good"\n    authors: [A]\n    summary: ok\n'


def one_entry(lines: str) -> bytes:
    """A category with a good entry, then the given entry (starting on line 7)."""
    return ("---\ntitle: T\npapers:\n" + GOOD_ENTRY + lines + "---\n").encode()


def bare(lines: str) -> bytes:
    """A category file with ``title: T``, then the given YAML lines (starting on line 3)."""
    return ("---\ntitle: T\n" + lines + "---\n").encode()


def entry_with(field_lines: str) -> bytes:
    """``one_entry`` with an entry 'X' by 'A' (title line 7, authors line 8) plus the given fields (line 9 on)."""
    return one_entry("  - title: X\n    authors: [A]\n" + field_lines + ("" if "summary:" in field_lines else "    summary: s\n"))


# The 459-byte "billion laughs": 9^10 strings once expanded; refused at its first alias.
ALIAS_BOMB = "papers: []\nl0: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"l{i}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 9)}]\n" for i in range(1, 10)
)
TOO_BIG = b"---\ntitle: Big\npapers: []\n---\n" + b"x" * 2_000_000


# (case, file bytes, expected 'path:line: field: message' prefix)
CASES = [
    ("'[' never closed (the category's title: the file is lost)", b"---\ntitle: [unclosed\npapers: []\n---\n", "papers/t.md:2: title: the '[' opened here is never closed: add the closing ']' at the end of the list\n   2 | title: [unclosed\n     |        ^"),
    ("front matter missing", b"# Just Markdown\n", "papers/t.md:1: front matter: missing: the file must start with a '---' line"),
    ("front matter never closed (its entries are still read)", b"---\ntitle: T\npapers: []\n", "papers/t.md:1: front matter: opened with '---' on line 1 but never closed: add a '---' line after the YAML (after line 3)"),
    ("authors: 3", one_entry("  - title: X\n    authors: 3\n    summary: s\n"), "papers/t.md:8: authors: expected a list of strings or a string, got an integer (3)"),
    ("papers: a mapping", b"---\ntitle: T\npapers:\n  title: X\n---\n", "papers/t.md:3: papers: expected a list, got a mapping"),
    ("unknown field", one_entry("  - title: X\n    auhtors: [A]\n    authors: [A]\n    summary: s\n"), "papers/t.md:8: auhtors: unknown field 'auhtors' (did you mean 'authors'?)"),
    ("impossible date", one_entry("  - title: X\n    authors: [A]\n    date: 2023-02-30\n    summary: s\n"), "papers/t.md:9: date: '2023-02-30' is not a real date"),
    ("unparseable date", one_entry("  - title: X\n    authors: [A]\n    added: last week\n    summary: s\n"), "papers/t.md:9: added: 'last week' is not a date: write YYYY-MM-DD"),
    ("date as a number", one_entry("  - title: X\n    authors: [A]\n    date: 2023\n    summary: s\n"), "papers/t.md:9: date: expected a string, got an integer (2023)"),
    ("empty title", one_entry("  - title: ''\n    authors: [A]\n    summary: s\n"), "papers/t.md:7: title: must not be empty"),
    ("empty summary", one_entry("  - title: X\n    authors: [A]\n    summary: '   '\n"), "papers/t.md:9: summary: this site needs a summary in every entry"),
    ("missing summary", one_entry("  - title: X\n    authors: [A]\n"), "papers/t.md:7: summary: this site needs a summary in every entry"),
    ("duplicate key in an entry", one_entry("  - title: X\n    authors: [A]\n    summary: s\n    summary: t\n"), "papers/t.md:10: summary: duplicate key (first on line 9)"),
    ("not UTF-8", b"---\ntitle: caf\xe9\npapers: []\n---\n", "papers/t.md:2: file: not valid UTF-8: byte 0xe9 at byte offset 14"),
    ("tab in indentation", b"---\ntitle: T\npapers:\n\t- title: X\n---\n", "papers/t.md:4: title: tab in indentation: YAML indents with spaces only; replace the tab with spaces\n   4 | \u2192- title: X\n     | ^"),
    ("empty file", b"", "papers/t.md:1: file: the file is empty"),
    ("javascript: URL", one_entry("  - title: X\n    authors: [A]\n    links: {paper: 'javascript:alert(1)'}\n    summary: s\n"), "papers/t.md:9: links.paper: URL scheme 'javascript:' is not allowed, only http and https"),
    ("data: URL", one_entry("  - title: X\n    authors: [A]\n    links:\n      code: 'data:text/html,<script>x</script>'\n    summary: s\n"), "papers/t.md:10: links.code: URL scheme 'data:' is not allowed"),
    ("malformed URL", one_entry("  - title: X\n    authors: [A]\n    links:\n      paper: 'https//arxiv.org/abs/1'\n    summary: s\n"), "papers/t.md:10: links.paper: malformed URL 'https//arxiv.org/abs/1': it must start with https:// or http://"),
    ("URL without host", one_entry("  - title: X\n    authors: [A]\n    links:\n      paper: 'https:///x'\n    summary: s\n"), "papers/t.md:10: links.paper: malformed URL 'https:///x': no host name"),
    ("links a list", one_entry("  - title: X\n    authors: [A]\n    links: [https://a.b]\n    summary: s\n"), "papers/t.md:9: links: expected a mapping (key: value), got a list"),
    ("unsupported YAML tag", one_entry("  - title: !!binary aGk=\n    authors: [A]\n    summary: s\n"), "papers/t.md:7: title: unsupported YAML tag"),
    ("raw HTML in a summary (warning)", one_entry("  - title: X\n    authors: [A]\n    summary: a <script>alert(1)</script>\n"), "papers/t.md:9: summary: raw HTML '<script>' is shown as text"),
    # -- YAML slips (issue #12): the entry is left out, every other entry is read; the message says what to write
    ("unquoted ': ' in a value", one_entry("  - title: InstructPix2Pix: Learning to Follow Image Editing Instructions\n    authors: [A]\n    summary: s\n"), "papers/t.md:7: title: the value contains ': ' \u2014 quote the value: title: \"InstructPix2Pix: Learning to Follow Image Editing Instructions\"\n   7 |   - title: InstructPix2Pix: Learning to Follow Image Editing Instructions\n     |                           ^"),
    ("unterminated quote (told where it opens)", one_entry('  - title: "Unclosed\n    authors: [A]\n    summary: s\n  - title: "B"\n    authors: [A]\n    summary: s\n'), 'papers/t.md:7: title: the quote opened here is never closed: add the closing " at the end of the value\n   7 |   - title: "Unclosed\n     |            ^'),
    ("a key indented wrong", entry_with("   summary: s\n"), "papers/t.md:9: summary: is indented 3 spaces, but the other keys of the entry 'X' (line 7) are indented 4: indent it 4 spaces like them\n   9 |    summary: s\n     |    ^"),
    ("an entry's '- ' indented wrong", one_entry("    - title: X\n      authors: [A]\n      summary: s\n"), "papers/t.md:7: title: this entry's '- ' is indented 4 spaces, but the other entries' are indented 2: move the whole entry 2 spaces to the left\n   7 |     - title: X\n     |     ^"),
    ("an entry outside papers:", one_entry("order: 3\n- title: X\n  authors: [A]\n  summary: s\n"), "papers/t.md:8: title: this entry is not in the 'papers:' list: move it under 'papers:', with its '- ' indented 2 spaces like the other entries\n   8 | - title: X\n     | ^"),
    ("an entry under title:", b"---\ntitle: T\n  - title: X\n    summary: s\npapers: []\n---\n", "papers/t.md:3: title: this entry is not in the 'papers:' list: move it under 'papers:', with its '- ' indented 2 spaces like the other entries\n   3 |   - title: X\n     |   ^"),
    ("a new entry without its '- '", entry_with("    summary: s\n    title: Y\n"), "papers/t.md:10: title: duplicate key (first on line 7); YAML would silently keep only the last value. If a new entry starts here, it is missing its '- ': write '  - title: Y'"),
    ("no space after ':'", entry_with("    summary: s\n    venue:CVPR\n"), "papers/t.md:10: venue: no space after 'venue:', so YAML reads 'venue:CVPR' as one piece of text, not as the key 'venue' and its value: write 'venue: CVPR'\n  10 |     venue:CVPR\n     |           ^"),
    ("text after the closing quote", one_entry('  - title: "DreamBooth" fine-tuning\n    authors: [A]\n    summary: s\n'), 'papers/t.md:7: title: the value goes on after its closing quote \u2014 quote the whole value: title: "\\"DreamBooth\\" fine-tuning"\n   7 |   - title: "DreamBooth" fine-tuning\n     |                         ^'),
    ("'[' never closed", entry_with("    tags: [a, b\n"), "papers/t.md:9: tags: the '[' opened here is never closed: add the closing ']' at the end of the list\n   9 |     tags: [a, b\n     |           ^"),
    ("any other YAML syntax error (libyaml's words)", bare("papers: []\n@x\n"), "papers/t.md:4: yaml: YAML syntax error: while scanning for the next token found character that cannot start any token\n   4 | @x\n     | ^"),
    # -- YAML features the format never needs: refused before anything is expanded
    ("YAML alias", bare("papers:\n  - title: X\n    authors: [A]\n    summary: s\n  - title: Y\n    authors: [A]\n    summary: *s\n"), "papers/t.md:9: yaml: YAML aliases (*s) are not allowed: write the value out in full (or put the text in quotes if the '*' belongs to it)"),
    ("YAML alias bomb (billion laughs)", bare(ALIAS_BOMB), "papers/t.md:5: yaml: YAML aliases (*a) are not allowed: write the value out in full"),
    ("recursive YAML alias", bare("papers:\n  - title: X\n    authors: [A]\n    summary: s\n    tags: &a [*a]\n"), "papers/t.md:7: yaml: YAML aliases (*a) are not allowed"),
    ("YAML anchor ('&Co' unquoted)", entry_with("    venue: &Co Press\n"), "papers/t.md:9: venue: YAML anchors (&Co) are not allowed: delete it (or put the text in quotes if the '&' belongs to it)"),
    ("nesting too deep", bare("papers: " + "[" * 50 + "]" * 50 + "\n"), "papers/t.md:3: yaml: nested more than 10 levels deep; a category file needs 4 at most (papers: > entry > links:)"),
    ("nesting 10,000 deep", bare("papers: []\nx: " + "[" * 10_000 + "]" * 10_000 + "\n"), "papers/t.md:4: yaml: nested more than 10 levels deep"),
    ("a second YAML document", bare("papers: []\n--- x\n"), "papers/t.md:4: yaml: a second YAML document starts here: the front matter is one document (remove the '---')"),
    ("'!!int' on nothing", bare("order: !!int\npapers: []\n"), "papers/t.md:3: order: '' is not a number"),
    ("a 61-character number", bare('order: !!int "1' + ":1" * 30 + '"\npapers: []\n'), "papers/t.md:3: order: a number may have at most 40 characters"),
    # -- limits (mkdocs_diffusion.model.Limits; the site can raise them with the named option)
    ("file too big", TOO_BIG, f"papers/t.md:1: file: is too big: {len(TOO_BIG):,} bytes (limit 2,000,000 bytes, option max_file_bytes): split it into several category files"),
    ("too many entries", bare("papers:\n" + "  - {title: X, authors: [A], summary: s}\n" * 2_001), "papers/t.md:2004: papers: too many entries: more than 2,000 (limit 2,000 entries, option max_entries): split the category into several files"),
    ("too many YAML values", bare("papers: []\nx: [" + "a," * 200_001 + "]\n"), "papers/t.md:4: yaml: too many values: more than 200,000 keys, items and values in the front matter (limit 200,000, option max_yaml_nodes)"),
    ("title too long", one_entry(f"  - title: {'x' * 301}\n    authors: [A]\n    summary: s\n"), "papers/t.md:7: title: is too long: 301 characters (limit 300 characters, option max_title_chars): shorten it"),
    ("summary too long", entry_with(f"    summary: {'x' * 5_001}\n"), "papers/t.md:9: summary: is too long: 5,001 characters (limit 5,000 characters, option max_summary_chars): shorten it (the details belong on the linked page)"),
    ("too many authors", one_entry(f"  - title: X\n    authors: [{', '.join(f'A{i}' for i in range(201))}]\n    summary: s\n"), "papers/t.md:8: authors: too many names: 201 (limit 200 names, option max_authors): list the first authors only"),
    ("author name too long", one_entry(f"  - title: X\n    authors: [{'a' * 201}]\n    summary: s\n"), "papers/t.md:8: authors[0]: is too long: 201 characters (limit 200 characters, option max_author_chars): shorten it"),
    ("author name too long (one string)", one_entry(f"  - title: X\n    authors: 'A, {'a' * 201}'\n    summary: s\n"), "papers/t.md:8: authors: name 2 is too long: 202 characters (limit 200 characters, option max_author_chars)"),
    ("too many tags", entry_with(f"    tags: [{', '.join(f't{i}' for i in range(51))}]\n"), "papers/t.md:9: tags: too many tags: 51 (limit 50 tags, option max_tags): keep the most useful ones"),
    ("tag too long", entry_with(f"    tags: [{'t' * 101}]\n"), "papers/t.md:9: tags[0]: is too long: 101 characters (limit 100 characters, option max_tag_chars): shorten it"),
    ("too many links", entry_with("    links: {" + ", ".join(f"l{i}: 'https://a.b/{i}'" for i in range(21)) + "}\n"), "papers/t.md:9: links: too many links: 21 (limit 20 links, option max_links): keep the main ones"),
    ("link label too long", entry_with(f"    links:\n      {'l' * 51}: https://a.b/\n"), f"papers/t.md:10: links.{'l' * 51}: the label is too long: 51 characters (limit 50 characters, option max_label_chars): shorten it"),
    ("URL too long", entry_with(f"    links:\n      paper: https://a.b/{'x' * 1_990}\n"), "papers/t.md:10: links.paper: the URL is too long: 2,002 characters (limit 2,000 characters, option max_url_chars): link to a shorter URL"),
    ("venue too long", entry_with(f"    venue: {'v' * 301}\n"), "papers/t.md:9: venue: is too long: 301 characters (limit 300 characters, option max_venue_chars): shorten it"),
    ("id too long", entry_with(f"    id: {'i' * 301}\n"), "papers/t.md:9: id: is too long: 301 characters (limit 300 characters, option max_id_chars): shorten it"),
    ("category title too long", f"---\ntitle: {'c' * 301}\npapers: []\n---\n".encode(), "papers/t.md:2: title: is too long: 301 characters (limit 300 characters, option max_title_chars)"),
    ("description too long", bare(f"description: {'d' * 2_001}\npapers: []\n"), "papers/t.md:3: description: is too long: 2,001 characters (limit 2,000 characters, option max_description_chars)"),
    # -- characters: control, DEL, C1, bidirectional controls, separators, surrogates, noncharacters
    ("control character in a title (escape)", one_entry('  - title: "X\\eY"\n    authors: [A]\n    summary: s\n'), "papers/t.md:7: title: contains U+001B (ESCAPE, a control character) at character 2: delete it"),
    ("NUL in a summary (escape)", entry_with('    summary: "a\\0b"\n'), "papers/t.md:9: summary: contains U+0000 (NULL, a control character) at character 2: delete it"),
    ("C1 control in a venue (escape)", entry_with('    venue: "CVPR\\x9b"\n'), "papers/t.md:9: venue: contains U+009B (a control character) at character 5: delete it"),
    ("bidi override in an author (escape)", one_entry('  - title: X\n    authors: ["Ada\\u202eLovelace"]\n    summary: s\n'), "papers/t.md:8: authors[0]: contains U+202E (RIGHT-TO-LEFT OVERRIDE, a bidirectional control that changes how text is displayed) at character 4: delete it"),
    ("bidi override in a title (raw)", one_entry("  - title: X\u202eY\n    authors: [A]\n    summary: s\n"), "papers/t.md:7: title: contains U+202E (RIGHT-TO-LEFT OVERRIDE"),
    ("bidi isolate in a tag", entry_with('    tags: ["a\\u2066b"]\n'), "papers/t.md:9: tags[0]: contains U+2066 (LEFT-TO-RIGHT ISOLATE, a bidirectional control"),
    ("noncharacter in a summary (raw)", entry_with("    summary: a\ufdd0b\n"), "papers/t.md:9: summary: contains U+FDD0 (a Unicode noncharacter) at character 2: delete it"),
    ("noncharacter in an id (escape)", entry_with('    id: "x\\uffff"\n'), "papers/t.md:9: id: contains U+FFFF (a Unicode noncharacter) at character 2: delete it"),
    ("line separator in a summary (escape)", entry_with('    summary: "a\\Lb"\n'), "papers/t.md:9: summary: contains U+2028 (LINE SEPARATOR) at character 2: delete it"),
    ("control character in the description", bare('description: "a\\eb"\npapers: []\n'), "papers/t.md:3: description: contains U+001B (ESCAPE, a control character) at character 2: delete it"),
    ("bidi override in the category title", b'---\ntitle: "T\\u202e"\npapers: []\n---\n', "papers/t.md:2: title: contains U+202E (RIGHT-TO-LEFT OVERRIDE"),
    ("control character in the front matter (raw)", bare("papers:\n  - title: X\x1bY\n    authors: [A]\n    summary: s\n"), "papers/t.md:4: yaml: U+001B (ESCAPE, a control character) at column 13 cannot be read as YAML: delete it"),
    ("DEL in the front matter (raw)", bare("papers: []\ndescription: a\x7fb\n"), "papers/t.md:4: yaml: U+007F (DELETE, a control character) at column 15 cannot be read as YAML: delete it"),
    ("noncharacter U+FFFE in the front matter (raw)", bare("papers: []\ndescription: a\ufffe\n"), "papers/t.md:4: yaml: U+FFFE (a Unicode noncharacter) at column 15 cannot be read as YAML"),
    ("line separator in the front matter (raw)", bare("papers: []\ndescription: a\u2028b\n"), "papers/t.md:4: yaml: U+2028 (LINE SEPARATOR) at column 15 cannot be read as YAML"),
    ("lone carriage return in the front matter", bare("papers: []\ndescription: a\rb\n"), "papers/t.md:4: yaml: U+000D (CARRIAGE RETURN) without a line feed after it at column 15 cannot be read as YAML"),
    ("lone surrogate (escape)", bare('papers: []\ndescription: "\\ud800"\n'), "papers/t.md:4: description: YAML syntax error: while parsing a quoted scalar found invalid Unicode character escape code\n   4 | description: \"\\ud800\"\n     |                 ^"),
    ("lone surrogate (UTF-8 bytes)", b"---\ntitle: T\xed\xa0\x80\npapers: []\n---\n", "papers/t.md:2: file: not valid UTF-8: byte 0xed at byte offset 12"),
    ("control character in the page text", b"---\ntitle: T\npapers: []\n---\n\nIntro \x1b[31mred\n", "papers/t.md:6: body: U+001B (ESCAPE, a control character) at column 7 is not allowed in the page text: delete it"),
    ("bidi override in the page text", "---\ntitle: T\npapers: []\n---\n\nIntro\nabc \u202edcba\n".encode(), "papers/t.md:7: body: U+202E (RIGHT-TO-LEFT OVERRIDE, a bidirectional control that changes how text is displayed) at column 5"),
    # -- titles need a letter or a digit (else '🚀' and '🎨' would be one paper)
    ("title of emoji only", one_entry('  - title: "🚀"\n    authors: [A]\n    summary: s\n'), "papers/t.md:7: title: needs at least one letter or digit"),
    ("title of punctuation only", one_entry("  - title: '???'\n    authors: [A]\n    summary: s\n"), "papers/t.md:7: title: needs at least one letter or digit"),
    ("category title of emoji only", '---\ntitle: "🎨"\npapers: []\n---\n'.encode(), "papers/t.md:2: title: needs at least one letter or digit"),
    # -- dates
    ("date before 1900", entry_with("    date: 1899-12\n"), "papers/t.md:9: date: '1899-12' is before 1900: check the year"),
    ("added before 1900", entry_with("    added: 1850-01-01\n"), "papers/t.md:9: added: '1850-01-01' is before 1900: check the year"),
    ("added in the future", entry_with("    added: 2999-01-01\n"), "papers/t.md:9: added: '2999-01-01' is in the future (today is "),
    # -- URLs are written into pages: characters that would change the Markdown or HTML
    ("URL with a double quote", entry_with("    links:\n      paper: 'https://a.b/x\"y'\n"), "papers/t.md:10: links.paper: URL 'https://a.b/x\"y' contains a double quote (U+0022) at character 14: percent-encode it (%22)"),
    ("URL with a backtick", entry_with("    links:\n      paper: 'https://a.b/`x`'\n"), "papers/t.md:10: links.paper: URL 'https://a.b/`x`' contains a backtick (U+0060) at character 13: percent-encode it (%60)"),
    ("URL with '<' and '>'", entry_with("    links:\n      code: 'https://a.b/<x>'\n"), "papers/t.md:10: links.code: URL 'https://a.b/<x>' contains '<' (U+003C) at character 13: percent-encode it (%3C)"),
    ("URL with a backslash", entry_with("    links:\n      paper: 'https://a.b/x\\y'\n"), "papers/t.md:10: links.paper: URL 'https://a.b/x\\\\y' contains a backslash (U+005C) at character 14: percent-encode it (%5C)"),
    ("URL with a space", entry_with("    links:\n      paper: 'https://a.b/x y'\n"), "papers/t.md:10: links.paper: URL 'https://a.b/x y' contains a space (U+0020) at character 14: percent-encode it (%20)"),
    ("URL with a control character", entry_with('    links:\n      paper: "https://a.b/\\e"\n'), "papers/t.md:10: links.paper: URL 'https://a.b/\\x1b' contains U+001B (ESCAPE, a control character) at character 13: percent-encode it (%1B)"),
    ("URL with a bidi override", entry_with('    links:\n      paper: "https://a.b/\\u202e"\n'), "papers/t.md:10: links.paper: URL 'https://a.b/\\u202e' contains U+202E (RIGHT-TO-LEFT OVERRIDE"),
]


@pytest.mark.parametrize("case, data, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_table(tmp_path, case, data, expected):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "t.md").write_bytes(data)
    problems, _, entries = check_docs(tmp_path)
    messages = [str(p) for p in problems]
    assert any(m.startswith(expected) for m in messages), messages
    # Entry-level problems leave the good entry in; file-level ones drop the file.
    if data.startswith(b"---\ntitle: T\npapers:\n  - title: \"Good\""):
        assert entries >= 1


def test_byte_order_mark_is_accepted(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "t.md").write_bytes(b"\xef\xbb\xbf" + one_entry(""))
    assert check_docs(tmp_path)[0] == []


def test_two_category_files_with_the_same_title(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").write_text(category("Same", [entry("X", "2301.00001")]), encoding="utf-8")
    (tmp_path / "papers" / "b.md").write_text(category("same", [entry("Y", "2301.00002")]), encoding="utf-8")
    messages = [str(p) for p in check_docs(tmp_path)[0]]
    assert "papers/b.md:2: title: 'same' is already the title of papers/a.md:2; category titles must differ" in messages


def test_every_case_fails_strict_build_and_nonstrict_keeps_good_entries(site):
    site.write("index.md", "# Home\n")
    site.write("papers/ok.md", category("OK", [entry("Fine paper", "2301.00001")]), dedent=False)
    for i, (_, data, _) in enumerate(CASES):
        (site.docs / "papers" / f"case-{i:02}.md").write_bytes(data.replace(b"title: T\n", f"title: T{i}\n".encode()))
    warnings = site.build_fails()
    text = "\n".join(warnings)
    for i, (case, _, expected) in enumerate(CASES):
        assert expected.replace("papers/t.md", f"papers/case-{i:02}.md").split(":", 3)[-1].strip()[:30] in text, case
    site.build(strict=False)
    assert "Fine paper" in site.html("papers/ok/index.html")
    # in files with one bad entry, the good entry is still built
    good_pages = [p for p in site.site.glob("papers/case-*/index.html") if "Good" in p.read_text()]
    assert len(good_pages) >= 12


EVIL = {
    "title": '<script>alert("t")</script> & {Brace} *star* $x$ [l](javascript:alert(1))',
    "authors": ["<img src=x onerror=alert(1)>", "Ünïcödé 김"],
    "venue": "<i>CVPR</i> & co",
    "tags": ["<b>tag</b>"],
    "summary": "요약 <script>alert(2)</script> and `<kbd>` kept in code, $\\alpha$.",
}
RAW = re.compile(r"<script>alert|<img src=x|<i>CVPR|<b>tag|<b>Cat")


def test_entry_text_is_escaped_everywhere(site):
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")
    evil = entry(EVIL["title"], "2301.00001", authors=EVIL["authors"], venue=EVIL["venue"], tags=EVIL["tags"], summary=EVIL["summary"], added="2023-01-01")
    site.write("papers/a.md", category("<b>Cat</b> & co", [evil]), dedent=False)
    site.config["plugins"].append(
        {"rss": {"match_path": "paper/.*", "use_git": False, "date_from_meta": {"as_creation": "added", "as_update": "added", "datetime_format": "%Y-%m-%d"}}}
    )
    site.build()
    outputs = ["papers/a/index.html", "paper/2301.00001/index.html", "updates/index.html", "index.html", "feed_rss_created.xml", "papers.json", "search/search_index.json"]
    for name in outputs:
        text = (site.site / name).read_text(encoding="utf-8")
        assert not RAW.search(text), (name, RAW.search(text) and text[RAW.search(text).start() - 80 : RAW.search(text).end() + 20])
    page = site.html("papers/a/index.html")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # shown as text
    assert "<code>&lt;kbd&gt;</code>" in page  # code spans untouched
    assert 'href="javascript' not in page
    data = json.loads((site.site / "papers.json").read_text(encoding="utf-8"))
    assert data["papers"][0]["title"] == EVIL["title"]  # JSON keeps the text exactly (escaped as \u003c)
    # feeds carry the text escaped exactly once: the XML escapes it, the JSON feed's title is text
    rss = (site.site / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; {Brace}" in rss and "<title>&amp;lt;" not in rss
    # the description is HTML (as feed readers read it): the summary's '<script>' is text in it
    assert "<description>요약 &amp;lt;script&amp;gt;alert(2)" in rss and "α." in rss
    feed = feedparser.parse(rss.encode())
    assert not feed.bozo and feed.entries[0].title == EVIL["title"]  # the text, not "&amp;lt;"
    json_feed = json.loads((site.site / "feed_json_created.json").read_text(encoding="utf-8"))
    assert json_feed["items"][0]["title"] == EVIL["title"]
    bib = page = site.html("paper/2301.00001/index.html")
    bib = bib[bib.index("@misc") : bib.index("</code>", bib.index("@misc"))]
    assert r"\{Brace\}" in bib and r"\&amp;" in bib and r"\$x\$" in bib


# -- property tests ------------------------------------------------------------------------------

# characters the loader refuses besides Cs and Cc: bidi controls, separators, noncharacters
REFUSED = "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" + "".join(map(chr, range(0xFDD0, 0xFDF0))) + "".join(
    chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
)
text_field = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=REFUSED), min_size=1, max_size=40).filter(lambda s: s.strip())
korean = st.text(alphabet=st.sampled_from("가나다라마바사아자차카타파하 디퓨전모델논문요약"), min_size=2, max_size=30).filter(lambda s: s.strip())


@st.composite
def catalogs(draw):
    n_cats = draw(st.integers(1, 3))
    cats = []
    serial = 0
    for c in range(n_cats):
        entries = []
        for _ in range(draw(st.integers(1, 4))):
            serial += 1
            title = f"{draw(st.one_of(text_field, korean))} {serial}"  # unique per entry
            entries.append(
                entry(
                    title,
                    f"2301.{serial:05}",
                    authors=[draw(text_field) for _ in range(draw(st.integers(1, 3)))],
                    venue=draw(st.one_of(st.none(), text_field)) or "arXiv",
                    summary=draw(st.one_of(text_field, korean)),
                    tags=[draw(text_field)],
                )
            )
        cats.append((f"Category {c} {draw(korean)}", entries))
    return cats


def visible_text(html: str) -> str:
    import html as html_module

    html = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", html)
    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogs())
def test_random_valid_catalogs_build_with_every_entry_once(tmp_path_factory, data):
    from conftest import Site

    site = Site(tmp_path_factory.mktemp("prop") / "project")
    site.write("index.md", "# Home\n")
    for i, (title, entries) in enumerate(data):
        site.write(f"papers/c{i}.md", category(title, entries), dedent=False)
    site.build(strict=True)
    for i, (_, entries) in enumerate(data):
        page = site.html(f"papers/c{i}/index.html")
        headings = [" ".join(visible_text(h).split()) for h in re.findall(r"<h2 [^>]*>(.*?)</h2>", page, re.S)]
        assert headings == [" ".join(e["title"].split()) for e in entries]
        for e in entries:
            key = e["links"]["paper"].rsplit("/", 1)[1]
            paper = site.html(f"paper/{key}/index.html")
            h1 = " ".join(visible_text(re.search(r"<h1[^>]*>(.*?)</h1>", paper, re.S).group(1)).split())
            assert h1 == " ".join(e["title"].split())


valid_file = category(
    "Fuzz",
    [entry("Alpha paper", "2301.00001", venue="CVPR 2023", date="2023-01-02", added="2023-02-03"), entry("Beta paper", "2301.00002", tags=["x"])],
    description="d",
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(valid_file)), st.integers(0, 4), st.sampled_from(list(":-[]{}'\"\t\n\r#&*!|>%@` \\") + ["---", "\n  - ", "\x00", "\ufeff", "é", "\u202e", "\x85", "\u2028", "&a ", "*a", "!!int ", "1:1:1"])),
        min_size=1,
        max_size=4,
    )
)
def test_random_corruptions_never_traceback_or_silently_lose_entries(edits):
    text = valid_file
    for position, delete, insert in edits:
        position = min(position, len(text))
        text = text[:position] + insert + text[position + delete :]
    result = category_from_text("papers/fuzz.md", text)  # must not raise
    errors = [p for p in result.problems if p.level == "error"]
    kept = len(result.category.entries) if result.category else 0
    if not errors:
        # no error reported: then the file is valid YAML and every listed entry was kept
        from mkdocs_diffusion.loader import split_front_matter

        front = split_front_matter("papers/fuzz.md", text)[0]
        listed = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["papers"]
        assert result.category is not None and kept == len(listed)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_traceback(data):
    from mkdocs_diffusion.loader import decode

    text, problems = decode("papers/x.md", data)
    if text is not None:
        result = category_from_text("papers/x.md", text)
        assert result.category is not None or result.problems
    else:
        assert problems and problems[0].field == "file"
