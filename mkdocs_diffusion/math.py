"""Math without JavaScript: LaTeX turned into MathML when the page is built.

A Python-Markdown extension (no MkDocs imports). ``pymdownx.arithmatex`` finds the math
(``$...$``, ``\\(...\\)``, ``$$...$$``, ``\\[...\\]``, ``\\begin{env}...``) as usual; this
extension's tree processor then replaces each ``class="arithmatex"`` element's TeX with MathML
made by ``latex2mathml`` (pure Python), which browsers render natively (MathML Core: Chromium
109+, Firefox, Safari). No MathJax/KaTeX, no CDN, no script, no vendored assets.

    markdown_extensions:
      - pymdownx.arithmatex:
          generic: true
      - mkdocs_diffusion.math

If ``pymdownx.arithmatex`` is not listed, the extension adds it (``generic: true``) itself.
Both arithmatex output modes are understood (``generic: true`` and the MathJax script form).
The TeX source is kept in the MathML as an ``application/x-tex`` annotation (for copying and
assistive technology). TeX that latex2mathml cannot convert is left as arithmatex wrote it (the
TeX stays readable as text), the element gets the class ``mdd-math-error`` and a warning is
logged.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

log = logging.getLogger("mkdocs.plugins.mkdocs_diffusion.math")

_INLINE_WRAP = re.compile(r"^\s*\\\((.*)\\\)\s*$", re.S)
_BLOCK_WRAP = re.compile(r"^\s*\\\[(.*)\\\]\s*$", re.S)
_BARE_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_MATH_OPEN = re.compile(r"^(<math\b[^>]*>)(.*)(</math>)$", re.S)
# latex2mathml copies the argument of text commands into <mtext> without escaping it. Inside
# those arguments, '<', '>' and '&' become private-use stand-ins before the conversion and
# character references after it.
_TEXT_ARG = re.compile(r"(\\(?:text[a-z]*|mbox|hbox|operatorname)\s*\{)((?:[^{}]|\{[^{}]*\})*)(\})")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
#: The presentation MathML elements the converter writes; anything else in its output is text
#: it failed to escape.
MATHML_ELEMENTS = frozenset(
    """math semantics annotation mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt
    mroot mover munder munderover mtable mtr mtd mstyle mpadded mphantom menclose merror""".split()
)
_STAND_INS = {"<": "\ue000", ">": "\ue001", "&": "\ue002"}
_FROM_STAND_INS = {"\ue000": "&lt;", "\ue001": "&gt;", "\ue002": "&amp;"}


@functools.lru_cache(maxsize=4096)  # a formula is converted on its topic page and its paper page
def latex_to_mathml(tex: str, display: bool = False) -> str:
    """MathML for ``tex`` (raises ``ValueError`` when latex2mathml cannot convert it).

    The result is one ``<math>`` element: the presentation MathML and the TeX source as an
    ``application/x-tex`` annotation inside ``<semantics>``.
    """
    from latex2mathml.converter import convert

    source = tex.strip()
    if not source:
        raise ValueError("empty formula")
    shielded = _TEXT_ARG.sub(lambda m: m[1] + "".join(_STAND_INS.get(c, c) for c in m[2]) + m[3], source)
    try:
        mathml = convert(shielded, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises its own exception types
        raise ValueError(f"{type(error).__name__}: {error}".rstrip(": ")) from error
    mathml = _BARE_AMP.sub("&amp;", mathml)
    mathml = "".join(_FROM_STAND_INS.get(c, c) for c in mathml) if shielded != source else mathml
    match = _MATH_OPEN.match(mathml)
    if not match:
        raise ValueError("unexpected converter output")
    open_tag, inner, close_tag = match.groups()
    foreign = {name for name in _TAG_NAME.findall(inner) if name not in MATHML_ELEMENTS}
    if foreign:  # text the converter copied unescaped (deeper braces than the shield handles)
        raise ValueError(f"unexpected element <{sorted(foreign)[0]}> in the converted formula")
    if not inner.startswith("<mrow>") or not inner.endswith("</mrow>"):
        inner = f"<mrow>{inner}</mrow>"
    annotation = html.escape(source, quote=False)
    return f'{open_tag}<semantics>{inner}<annotation encoding="application/x-tex">{annotation}</annotation></semantics>{close_tag}'


def _tex_of(element: etree.Element) -> tuple[str, bool] | None:
    """``(tex, display)`` of an arithmatex element, in either output mode; ``None`` if none."""
    script = next((c for c in element if c.tag == "script" and (c.get("type") or "").startswith("math/tex")), None)
    if script is not None:
        return html.unescape(script.text or ""), "mode=display" in (script.get("type") or "")
    text = html.unescape(element.text or "")
    for pattern, display in ((_INLINE_WRAP, False), (_BLOCK_WRAP, True)):
        match = pattern.match(text)
        if match:
            return match.group(1), display
    return None


class MathMLTreeprocessor(Treeprocessor):
    """Replaces the TeX in arithmatex's elements with MathML (stashed raw HTML)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            classes = (element.get("class") or "").split()
            if "arithmatex" not in classes:
                continue
            found = _tex_of(element)
            if found is None:
                continue
            tex, display = found
            try:
                mathml = latex_to_mathml(tex, display=display)
            except ValueError as error:
                log.warning(f"math not converted to MathML ({error}): {tex.strip()!r}")
                element.set("class", " ".join(classes + ["mdd-math-error"]))
                continue
            for child in list(element):
                element.remove(child)
            element.text = self.md.htmlStash.store(mathml)
            element.set("class", " ".join(classes + ["mdd-math"]))


class MathMLExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        if "arithmatex-inline" not in md.inlinePatterns and "arithmatex-block" not in md.parser.blockprocessors:
            from pymdownx.arithmatex import ArithmatexExtension

            ArithmatexExtension(generic=True).extendMarkdown(md)
        # After the inline processor (20), which is where inline math is found.
        md.treeprocessors.register(MathMLTreeprocessor(md), "mdd-mathml", 19)


def makeExtension(**kwargs) -> MathMLExtension:  # noqa: N802 - Python-Markdown's entry point
    return MathMLExtension(**kwargs)
