"""Payloads for tests/test_untrusted.py: untrusted text in every field of a category file.

``CASES`` is a list of ``(name, field, value)``. ``field`` says where the value goes:

- entry fields: ``summary``, ``title``, ``authors`` (one author's name), ``venue``, ``tags`` (one
  tag), ``id``, ``link_label`` (a label with a harmless URL), ``link_url`` (the URL of the
  ``code`` link), ``link_paper`` (the URL of the ``paper`` link), ``date``, ``added``;
- category fields: ``category_title``, ``category_description``, ``intro`` (the Markdown after
  the front matter);
- ``filename``: the name of a category file under ``docs/papers/`` (a separate site).

Most payloads call ``alert(1)``; some set ``top.__xss`` or ``document.title`` instead (the browser
test hooks all three). The loader may reject a value (``javascript:`` links, control
characters, bad dates...): a rejected entry is simply left out of the site.
"""

from __future__ import annotations

# Where the reference-definition payloads point: no link in the site may lead there.
EVIL_HOST = "evil.example"

FLOOD = 1500  # characters of each emphasis/bracket flood

_SUMMARY_HTML = [
    ("script", "Before <script>alert(1)</script> after."),
    ("script_upper", "<SCRIPT>alert(1)</SCRIPT>"),
    ("script_split", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script_xss_marker", "<script>top.__xss=1</script>"),
    ("img_onerror", "<img/src/onerror=alert(1)>"),
    ("img_onerror_quoted", 'Picture: <img src="x" onerror="alert(1)">'),
    ("img_onerror_entity", "<img src=x onerror=&#97;lert&#40;1&#41;>"),
    ("img_title_breakout", '<img src=x title="a"onerror="alert(1)">'),
    ("svg_onload", "<svg onload=alert(1)>"),
    ("svg_slash_marker", "<svg/onload=top.__xss=1>"),
    ("svg_animate_onbegin", "<svg><animate onbegin=alert(1) attributeName=x dur=1s></svg>"),
    ("svg_xlink", '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>'),
    ("iframe_srcdoc", "<iframe srcdoc=\"<script>parent.alert(1)</script>\"></iframe>"),
    ("iframe_src_js", '<iframe src="javascript:top.__xss=1"></iframe>'),
    ("a_href_js", '<a href="javascript:alert(1)">click me</a>'),
    ("a_href_js_entity", '<a href="&#106;avascript&#58;alert(1)">click me</a>'),
    ("a_onclick", "<a href=\"https://example.org\" onclick=\"document.title='pwned'\">click me</a>"),
    ("details_ontoggle", "<details open ontoggle=alert(1)><summary>more</summary>hidden</details>"),
    ("unclosed_img", "Text <img src=x onerror=alert(1) "),
    ("unclosed_div_cover", '<div onmouseover="alert(1)" style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999">'),
    ("unclosed_comment", "Before <!-- the rest of the page"),
    ("comment_breakout", "<!--><img src=x onerror=alert(1)>-->"),
    ("cdata", "<![CDATA[<img src=x onerror=alert(1)>]]>"),
    ("style_fixed", "<style>h1{position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;background:red}</style>"),
    ("style_attr_cover", '<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;background:white">gotcha</div>'),
    ("object_data", '<object data="javascript:alert(1)"></object>'),
    ("embed_src", '<embed src="javascript:alert(1)">'),
    ("form_action", '<form action="javascript:alert(1)"><button>go</button></form>'),
    ("button_formaction", "<form><button formaction=javascript:alert(1)>go</button></form>"),
    ("input_autofocus", "<input autofocus onfocus=alert(1)>"),
    ("textarea_swallow", "<textarea>the rest of the page"),
    ("plaintext_swallow", "<plaintext>the rest of the page"),
    ("noscript_mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("math_mglyph_mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("math_raw_href", '<math><mi href="javascript:alert(1)">x</mi></math>'),
    ("base_href", '<base href="javascript:alert(1)//">'),
    ("meta_refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("link_stylesheet", '<link rel="stylesheet" href="data:text/css,*{display:none}">'),
    ("md_in_html", '<div markdown="1">*x* <img src=x onerror=alert(1)></div>'),
    ("video_source", "<video><source onerror=\"document.title='pwned'\"></video>"),
    ("body_onload", "<body onload=alert(1)>"),
    ("marquee_onstart", "<marquee onstart=alert(1)>x</marquee>"),
]

_SUMMARY_CODE = [
    ("tilde_inline", "Compare a ~~~ <img/src/onerror=alert(1)> ~~~ b."),
    ("backticks_inline", "Compare a ``` <img/src/onerror=alert(1)> ``` b."),
    ("escaped_backtick", "Escaped \\`<img src=x onerror=alert(1)>` tick."),
    ("backtick_run_mismatch", "``x` <img src=x onerror=alert(1)> `y``"),
    ("code_span_html", "Code `<script>alert(1)</script>` stays code."),
    ("fence_unclosed", "```\nunclosed fence: the next entry must not become code"),
    ("fence_tilde_unclosed", "~~~\n<img src=x onerror=alert(1)>"),
    ("fence_attrs", '```{ .python onclick="alert(1)" }\nprint(1)\n```'),
    ("fence_html_inside", "```html\n<script>alert(1)</script>\n```\n<img src=x onerror=alert(1)>"),
    ("fence_longer_close", "````\n```\n<img src=x onerror=alert(1)>\n```"),
    ("indented_code", "Text\n\n    <script>alert(1)</script>\n\nmore"),
]

_SUMMARY_ATTR = [
    ("attr_img_onerror", '![f](https://x/f.png){: onerror="alert(1)" }'),
    ("attr_paragraph_onfocus", 'A paragraph.\n{: autofocus onfocus="alert(1)" tabindex="0" }'),
    ("attr_link_href", '[ok](https://x.org){: href="javascript:alert(1)" }'),
    ("attr_style_cover", 'Covering paragraph.\n{: style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999" }'),
    ("attr_link_onmouseover", "[hover me](https://x.org){: onmouseover=\"document.title='pwned'\" }"),
    ("attr_heading_onclick", "## Heading {: onclick=\"alert(1)\" }"),
    ("attr_inline_id", "Para\n{: #__md_scope }"),
]

_SUMMARY_LINKS = [
    ("link_js", "[x](javascript:alert(1))"),
    ("link_js_mixed_case", "[x](JaVaScRiPt:alert(1))"),
    ("link_js_tab", "[x](java\tscript:alert(1))"),
    ("link_js_newline", "[x](<java\nscript:alert(1)>)"),
    ("link_js_leading_space", "[x](< javascript:alert(1)>)"),
    ("link_js_entity_colon", "[x](javascript&#58;alert(1))"),
    ("link_js_entity_j", "[x](&#106;avascript:alert(1))"),
    ("link_js_hex_entities", "[x](&#x6A;avascript&colon;alert(1))"),
    ("link_js_control_char", "[x](\x01javascript:alert(1))"),
    ("link_js_comment", "[x](javascript://%0aalert(1))"),
    ("link_js_marker", "[x](javascript:top.__xss=1)"),
    ("link_data_html", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("link_data_svg", "[x](data:image/svg+xml,<svg/onload=alert(1)>)"),
    ("link_vbscript", "[x](vbscript:msgbox(1))"),
    ("autolink_js", "<javascript:alert(1)>"),
    ("autolink_data", "<data:text/html,<script>alert(1)</script>>"),
    ("reference_js", "[x][evil]\n\n[evil]: javascript:alert(1)"),
    ("reference_js_title", "[x][evil]\n\n[evil]: <javascript:alert(1)> \"t\""),
    ("image_js", "![x](javascript:alert(1))"),
    ("image_data_svg", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("link_title_breakout", "[x](https://x.org \"t\\\" onmouseover=\\\"alert(1)\")"),
    ("link_js_zero_width", "[x](java\u200bscript:alert(1))"),
]

_SUMMARY_MATH = [
    ("math_text_img", r"$\text{<img/src/onerror=alert(1)>}$"),
    ("math_href_js", r"$\href{javascript:alert(1)}{x}$"),
    ("math_href_data", r"$\href{data:text/html,<script>alert(1)</script>}{x}$"),
    ("math_style", r"$\style{color:red}{x}$"),
    ("math_style_cover", r"$\style{position:fixed;top:0;left:0;width:100%;height:100%}{x}$"),
    ("math_class", r"$\class{x}{y}$"),
    ("math_display_breakout", r"$$\text{</math><img src=x onerror=alert(1)>}$$"),
    ("math_paren_svg", r"\(\text{<svg onload=top.__xss=1>}\)"),
    ("math_entity", r"$\text{&lt;img src=x onerror=alert(1)&gt;}$"),
    ("math_frac_img", r"$\frac{<img src=x onerror=alert(1)>}{2}$"),
    ("math_env", "\\begin{equation}\\text{<img src=x onerror=alert(1)>}\\end{equation}"),
    ("math_nested_close", r"$\mathrm{\text{</mtext></mrow></semantics></math><script>top.__xss=1</script>}}$"),
    ("math_unclosed", r"Price $5 and $\text{<img src=x onerror=alert(1)>"),
    # a brace inside \text{...}: latex2mathml copies the argument into <mtext> as raw HTML
    ("math_text_nested_img", r"$\text{<img/src=x/onerror=alert(1)>{}}$"),
    ("math_text_nested_style", r"$\text{<style>{}</style>}$ and the text after the formula"),
    ("math_text_nested_mxss", r'$\text{<math><mtext><table><mglyph><style><!--</style><img/title="--&gt;&lt;img/src=1/onerror=alert(1)&gt;">{}}$'),
    ("math_text_nested_link", r'$\text{<a/href="javascript:alert(1)">x</a>{}}$'),
    ("math_text_nested_svg", r"$\text{<svg><animate/onbegin=top.__xss=1/attributeName=x/dur=1s>{}}$"),
    # math that draws outside its place
    ("math_llap_overlay", r"$\llap{\text{" + "OVERLAY " * 30 + "}}$"),
    ("math_moveleft", r"$\moveleft{40em}{\text{OVERLAY}}$"),
    ("math_raise", r"$\lower{-30em}{\text{OVERLAY}}$"),
    ("math_wide_rule", r"$\rule{4000pt}{40pt}$"),
]

_SUMMARY_STRUCTURE = [
    ("heading_steals_anchor", "## Fake {#first-entry}\n\ntext"),
    ("heading_h1", "# Fake page title\n\ntext"),
    ("setext_heading", "Fake\n===\n\ntext"),
    ("refdef_code", f"[code]: https://{EVIL_HOST}/code"),
    ("refdef_paper_title", f'[paper]: <https://{EVIL_HOST}/paper> "Paper"'),
    ("refdef_case_insensitive", f"[DATA]: https://{EVIL_HOST}/data"),
    ("emphasis_flood", "*" * FLOOD + "a" + "_" * FLOOD),
    ("bracket_flood", "[" * FLOOD + "a" + "](" * (FLOOD // 3)),
    ("link_flood", "[a](" * (FLOOD // 3) + "<img src=x onerror=alert(1)>"),
    ("entities", "&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;img src=x onerror=alert(1)&amp;gt; &#60;img src=x onerror=alert(1)&#62;"),
    ("zero_width_and_bidi", "Zero\u200bwidth\u200d and \u202eevil\u202c \u2066isolate\u2069 text <\u200bscript>alert(1)</script>"),
    ("zero_width", "Zero\u200bwidth\u200d\ufeff <\u200bscript>alert(1)</script> [x](java\u200bscript:alert(1)) &#8203;"),
    ("html_in_list", "- item\n- <img src=x onerror=alert(1)>\n\n> <svg onload=alert(1)>"),
    ("hard_break_trick", "one \\\n<img src=x onerror=alert(1)>"),
    # very long unbreakable text: it must wrap or scroll, not run over the page
    ("long_word", "A" * 600),
    ("long_code", "`" + "a" * 600 + "`"),
]

_OTHER_FIELDS = [
    ("title_script", "title", "<script>alert(1)</script>"),
    ("title_img", "title", "<img src=x onerror=alert(1)> title"),
    ("title_markdown_link", "title", "[x](javascript:alert(1)) title"),
    ("title_attr_list", "title", 'Title { onclick="alert(1)" }'),
    ("title_steals_anchor", "title", "Title {#first-entry}"),
    ("title_quote_breakout", "title", "\" onmouseover=\"alert(1)\" x=\""),
    ("title_closes_title", "title", "</title><script>alert(1)</script>"),
    ("title_math", "title", r"$\href{javascript:alert(1)}{x}$ title"),
    ("title_bidi", "title", "Bidi \u202etxt.exe\u202c title"),
    ("title_zero_width", "title", "Zero\u200bwidth <\u200bscript>alert(1)</script> title"),
    ("authors_img", "authors", "<img src=x onerror=alert(1)>"),
    ("authors_quote", "authors", "\" onmouseover=\"alert(1)"),
    ("authors_markdown", "authors", "*A* [x](javascript:alert(1))"),
    ("venue_svg", "venue", "<svg onload=alert(1)>"),
    ("venue_attr_list", "venue", "CVPR {: onclick=alert(1) }"),
    ("tags_script", "tags", "<script>alert(1)</script>"),
    ("tags_quote", "tags", "\" autofocus onfocus=\"alert(1)\" x=\""),
    ("id_html", "id", "<img src=x onerror=alert(1)>"),
    ("id_arxiv_breakout", "id", 'arxiv:2301.00001"><script>alert(1)</script>'),
    ("id_path_traversal", "id", "arxiv:../../../index"),
    ("id_js", "id", "javascript:alert(1)"),
    ("link_label_html", "link_label", "x<img src=x onerror=alert(1)>"),
    ("link_label_quote", "link_label", 'code" onmouseover="alert(1)'),
    ("link_label_markdown", "link_label", "code](javascript:alert(1))"),
    ("link_url_js", "link_url", "javascript:alert(1)"),
    ("link_url_quote", "link_url", 'https://x.org/"onmouseover="alert(1)'),
    ("link_url_single_quote", "link_url", "https://x.org/'onmouseover='alert(1)"),
    ("link_url_backtick", "link_url", "https://x.org/`onmouseover=alert(1)`"),
    ("link_url_angle", "link_url", "https://x.org/<img/src/onerror=alert(1)>"),
    ("link_url_paren_attr", "link_url", "https://x.org/){:onclick=alert(1)}"),
    ("link_url_angle_close", "link_url", "https://x.org/>){:onclick=alert(1)}"),
    ("link_url_entity", "link_url", "https://x.org/&quot;onmouseover=&quot;alert(1)"),
    ("link_paper_breakout", "link_paper", "https://arxiv.org/abs/2301.00002\"><script>alert(1)</script>"),
    ("link_paper_js", "link_paper", "JAVASCRIPT:alert(1)"),
    ("date_breakout", "date", '2023-01-01" onmouseover="alert(1)'),
    ("added_breakout", "added", "2023-01-01 { onclick=alert(1) }"),
]

_CATEGORY = [
    ("cat_title_img", "category_title", "<img src=x onerror=alert(1)> Category"),
    ("cat_title_closes_title", "category_title", "</title><script>alert(1)</script>"),
    ("cat_title_quote", "category_title", "\" onmouseover=\"alert(1)\" x=\""),
    ("cat_title_markdown", "category_title", "[x](javascript:alert(1)) {: onclick=alert(1) }"),
    ("cat_description_script", "category_description", "<script>alert(1)</script>"),
    ("cat_description_breakout", "category_description", "\"><img src=x onerror=alert(1)>"),
    ("intro_script", "intro", "Intro text.\n\n<script>alert(1)</script>"),
    ("intro_img", "intro", "Intro <img src=x onerror=alert(1)> text."),
    ("intro_div_hidden", "intro", '<div style="display:none">\n\nhidden intro\n\n</div>'),
    ("intro_div_hidden_unclosed", "intro", '<div style="display:none">\n\nthe entries below must stay visible'),
    ("intro_style", "intro", "<style>.md-content{position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999}</style>"),
    ("intro_style_attr_cover", "intro", 'Intro.\n{: style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999" }'),
    ("intro_link_js", "intro", "[x](javascript:alert(1))"),
    ("intro_iframe", "intro", "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>"),
    ("intro_svg_marker", "intro", "<svg onload=top.__xss=1>"),
    ("intro_title", "intro", "<a href=\"javascript:document.title='pwned'\">click</a>"),
    ("intro_fence_unclosed", "intro", "```\nunclosed fence in the introduction"),
    ("intro_comment_unclosed", "intro", "<!-- unclosed comment in the introduction"),
    ("intro_heading_anchor", "intro", "## Fake {#first-entry}"),
    ("intro_refdef", "intro", f"[code]: https://{EVIL_HOST}/intro"),
    ("intro_math_href", "intro", r"$\href{javascript:alert(1)}{x}$"),
    ("intro_details", "intro", "<details open ontoggle=alert(1)><summary>s</summary>x</details>"),
]

# Payloads that may stop the whole build (a crash in one entry would hide every other case):
# each is built in a small site of its own.
_ISOLATED = [
    ("list_nesting_flood", "summary", "- " * 1000 + "x"),
    ("ordered_list_nesting_flood", "summary", "1. " * 1000 + "x"),
    ("intro_list_nesting_flood", "intro", "* " * 1000 + "x"),
]
ISOLATED = frozenset(name for name, _, _ in _ISOLATED)

# Each calls a different alert(N): the test attributes what it finds in the shared site by N.
_FILENAMES = [
    ("filename_markdown_link", "filename", "b.md) <img src=x onerror=alert(1)> (.md"),
    ("filename_quote", "filename", 'q" onmouseover="alert(2)" x=".md'),
    ("filename_angle", "filename", "x'><svg onload=alert(3)>.md"),
    ("filename_js_link", "filename", "](javascript:alert(4)).md"),
    ("filename_attr_list", "filename", "c {: onclick=alert(5) }.md"),
]

# Mutation-XSS vectors (HTML that a sanitizer and a browser may parse differently); they go to
# clean_html as they are and, through a \text{...{}} formula, to render_markdown.
MXSS = [
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=alert(1)>">',
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    '<math><mtext><table><mglyph><xmp><!--</xmp><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    '<math><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)></style></annotation-xml></math>',
    '<math><mtext><a title="</mtext><img src=x onerror=alert(1)>">x</a></mtext></math>',
    '<math><mo><noscript><p title="</noscript><img src=x onerror=alert(1)>"></mo></math>',
    "<math><mtext><plaintext><img src=x onerror=alert(1)></mtext></math>",
    '<math><mtext><div><span title="</span></div></mtext></math><img src=x onerror=alert(1)>">',
    '<math><ms><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe></ms></math>',
    '<noscript><style></noscript><img src=x onerror=alert(1)>',
    '<a href="jav&#x09;ascript:alert(1)">x</a><a href="&#x6A;avascript:alert(1)">y</a><a href="java&#0000009;script:alert(1)">z</a>',
    '<math href="javascript:alert(1)"><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<pre><code><math><mtext></code></pre><img src=x onerror=alert(1)></mtext></math>",
    '<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>',
    '<select><template><style><img src=x onerror=alert(1)></style></template></select>',
]

CASES: list[tuple[str, str, str]] = (
    [(name, "summary", value) for name, value in _SUMMARY_HTML + _SUMMARY_CODE + _SUMMARY_ATTR + _SUMMARY_LINKS + _SUMMARY_MATH + _SUMMARY_STRUCTURE]
    + _OTHER_FIELDS
    + _CATEGORY
    + _ISOLATED
    + _FILENAMES
)

ENTRY_FIELDS = ("summary", "title", "authors", "venue", "tags", "id", "link_label", "link_url", "link_paper", "date", "added")
CATEGORY_FIELDS = ("category_title", "category_description", "intro")

assert len({name for name, _, _ in CASES}) == len(CASES), "case names must be unique"
