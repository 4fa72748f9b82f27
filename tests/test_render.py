"""Unit tests: the filters that make entry text safe inside generated Markdown."""

from __future__ import annotations

from mkdocs_diffusion.render import PageUrls, first_sentence, md_inline, md_summary, md_url, relative


def test_inline_text_is_inert():
    assert md_inline("<b>*x*</b> & [a](b) $y$") == "&lt;b&gt;&#42;x&#42;&lt;/b&gt; &amp; &#91;a&#93;(b) &#36;y&#36;"


def test_summary_keeps_markdown_escapes_html_outside_code():
    assert md_summary("**bold** <script>x</script> `<kbd>`") == "**bold** &lt;script>x&lt;/script> `<kbd>`"


def test_summary_trailing_backslash_is_a_line_break():
    assert md_summary("one \\\ntwo\\\nthree \\") == "one   \ntwo  \nthree "
    assert md_summary("`a\\`\nb") == "`a\\`\nb"  # not inside code


def test_urls_go_in_angle_brackets():
    assert md_url("https://x.org/a_(b)") == "<https://x.org/a_(b)>"
    assert md_url("https://x.org/<script>") == "<https://x.org/%3Cscript%3E>"


def test_first_sentence():
    assert first_sentence("첫 문장입니다. 두 번째.") == "첫 문장입니다."
    assert first_sentence("no stop " * 50, limit=20).endswith("…")


def test_relative_links_and_site_root():
    assert relative("papers/a.md#x", "paper/1.md") == "../papers/a.md#x"
    urls = PageUrls()
    assert urls.to_root("updates.md") == "../" and urls.to_root("index.md") == "./"
    assert PageUrls(use_directory_urls=False).to_root("updates.md") == "./"
