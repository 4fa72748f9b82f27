"""Paper pages are converted without the Markdown extensions that cannot act on them
(``render.INERT_EXTENSIONS``, ``pages.EscapedPage``): the same HTML as with every extension,
while anything else that writes into their Markdown gets every extension."""

from __future__ import annotations

import markdown
import pytest

import mkdocs_diffusion.pages as pages
from conftest import category, entry
from mkdocs_diffusion.pages import extension_name

#: Titles written in the syntax of every extension of the site, inert or not
TITLES = [
    "Math $x^2$ and \\(y\\) and $$z$$ :smile: :+1:",
    "`code` **bold** __under__ *em* ~~gone~~ ==marked== ^^inserted^^ H~2~O x^2^",
    "Footnote[^1] and [link](https://example.org) ![img](x.png) ++ctrl+alt++",
    "Smart (c) (tm) --> 1/2 'quoted' \"double\" -- dash... https://example.org/auto",
    "!!! note | a | b | ??? details === tab : term",
    "Hash # and {: .attr } and { #id } <!-- c -->",
    "요약 summary",  # the slug of a heading the template writes too
]

EXTENSIONS = [
    "admonition", "attr_list", "md_in_html", "def_list", "footnotes", "tables", "abbr",
    {"toc": {"permalink": True}},
    "pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite", {"pymdownx.arithmatex": {"generic": True}},
    "mkdocs_diffusion.math", "pymdownx.emoji", "pymdownx.betterem", "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde",
    "pymdownx.details", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.keys", "pymdownx.smartsymbols", "pymdownx.magiclink", "smarty",
]


@pytest.fixture
def conversions(monkeypatch):
    """The extension names of every Markdown converter made (one per page MkDocs converts)."""
    made: list[set[str]] = []
    real = markdown.Markdown.__init__

    def spy(self, *args, **kwargs):
        made.append({extension_name(e) for e in kwargs.get("extensions", [])})
        real(self, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", spy)
    return made


def escaped_site(site):
    site.config["markdown_extensions"] = EXTENSIONS
    entries = [entry(title, f"2301.{i:05d}", added="2023-01-02", summary="요약입니다.") for i, title in enumerate(TITLES, start=1)]
    site.write("papers/a.md", category("Alpha", entries), dedent=False)
    site.write("index.md", "# Home\n")
    return site


def paper_pages(site) -> dict[str, str]:
    return {p.relative_to(site.site).as_posix(): p.read_text(encoding="utf-8") for p in sorted((site.site / "paper").rglob("index.html"))}


def test_paper_pages_are_the_same_without_the_inert_extensions(site, tmp_path, monkeypatch, conversions):
    escaped_site(site).build(strict=True)
    lean = paper_pages(site)
    assert len(lean) == len(TITLES)
    # each paper page was converted without the inert extensions, and with all the others
    inert = {"admonition", "tables", "pymdownx.superfences", "pymdownx.arithmatex", "mkdocs_diffusion.math", "pymdownx.emoji"}
    kept = {"toc", "attr_list", "md_in_html", "abbr", "pymdownx.keys", "pymdownx.smartsymbols", "pymdownx.magiclink", "smarty"}
    full = [names for names in conversions if kept | inert <= names]  # MkDocs' conversions of pages
    light = [names for names in conversions if kept <= names and not names & inert]
    assert len(light) == len(TITLES)
    built = [p for p in site.site.rglob("*.html") if p.name != "404.html"]  # a page each, but the theme's 404
    assert len(full) == len(built) - len(TITLES) > 0  # the other pages (home, topic page...) with every extension

    monkeypatch.setattr(pages, "INERT_EXTENSIONS", frozenset())  # every page with every extension
    site.site = tmp_path / "full"
    conversions.clear()
    site.build(strict=True)
    assert len([names for names in conversions if kept | inert <= names]) == len(full) + len(light)
    assert paper_pages(site) == lean
    # what the titles became: text, not markup; the extensions that act on text still did
    heading = {src: html.split("<h1", 1)[1].split("</h1>", 1)[0] for src, html in lean.items()}
    assert "Math &#36;x&#94;2&#36; and &#92;(y&#92;)" in heading["paper/2301.00001/index.html"]
    assert not [h for h in heading.values() if "<math" in h or "<code" in h or "<strong" in h or "<img" in h or "<del" in h]
    assert "Smart &copy; &trade;" in heading["paper/2301.00004/index.html"]  # pymdownx.smartsymbols, kept


def test_markdown_another_plugin_writes_into_a_paper_page_gets_every_extension(site):
    hook = site.root / "hook.py"
    hook.write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.file.src_uri.startswith('paper/'):\n"
        "        return markdown + '\\n\\n!!! note \"Hooked\"\\n    Math $x^2$ here.\\n'\n",
        encoding="utf-8",
    )
    site.config["hooks"] = [str(hook)]
    escaped_site(site).build(strict=True)
    html = site.html("paper/2301.00001/index.html")
    assert '<div class="admonition note">' in html and "Hooked" in html
    assert "<math" in html  # arithmatex and the MathML extension ran


def test_a_sites_own_paper_template_gets_every_extension(site, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "paper.md.j2").write_text('# {{ paper.title|md }}\n\n!!! tip "Own template"\n    | a | b |\n\n', encoding="utf-8")
    site.plugin_options(custom_templates=str(templates))
    escaped_site(site).build(strict=True)
    html = site.html("paper/2301.00001/index.html")
    assert '<div class="admonition tip">' in html and "Own template" in html


def test_extension_names():
    assert extension_name("markdown.extensions.tables") == "tables"
    assert extension_name("pymdownx.tabbed:TabbedExtension") == "pymdownx.tabbed"
    assert extension_name("admonition") == "admonition"
    from markdown.extensions.tables import TableExtension

    assert extension_name(TableExtension()) == "markdown.extensions.tables.TableExtension"


def test_the_sites_configuration_is_left_as_it_is(site):
    config = escaped_site(site).load()
    before = list(config.markdown_extensions), dict(config.mdx_configs)
    lean = pages.without_inert_extensions(config)
    assert (list(config.markdown_extensions), dict(config.mdx_configs)) == before
    assert "admonition" not in lean.markdown_extensions and "pymdownx.arithmatex" not in lean.mdx_configs
    assert "toc" in lean.markdown_extensions and lean.mdx_configs["toc"] == {"permalink": True}
    assert lean.site_url == config.site_url and lean.validation == config.validation


def test_an_extension_that_needs_an_inert_one_gets_every_extension(site, tmp_path, monkeypatch):
    """A site extension that cannot work without one of the inert extensions: its paper pages
    are converted with every extension, as before."""
    module = tmp_path / "ext" / "needs_math.py"
    module.parent.mkdir()
    module.write_text(
        "from markdown import Extension\n"
        "class NeedsMath(Extension):\n"
        "    def extendMarkdown(self, md):\n"
        "        if 'arithmatex-inline' not in md.inlinePatterns:\n"
        "            raise ValueError('needs pymdownx.arithmatex')\n"
        "def makeExtension(**kwargs):\n"
        "    return NeedsMath(**kwargs)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(module.parent))
    escaped_site(site)
    site.config["markdown_extensions"] = [*EXTENSIONS, "needs_math"]
    site.build(strict=True)
    assert len(paper_pages(site)) == len(TITLES)
    assert "Math &#36;x&#94;2&#36;" in site.html("paper/2301.00001/index.html")
