"""The Content-Security-Policy each site page carries (`build_tools.site.csp`), read off small pages."""

from __future__ import annotations

import base64
import hashlib

import pytest

from build_tools.site.csp import PolicyError, inline_scripts, policy_for, style_attributes, with_policy

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>__md_scope=new URL(".",location)</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script src="assets/javascripts/bundle.js"></script>
</head><body><table><tr><td style="text-align: right;">1</td></tr></table>
<script>var target=document.getElementById(location.hash.slice(1))</script></body></html>"""


def source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(page: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy_for(page).split("; "))}


def test_the_theme_s_inline_scripts_run_by_their_hash_and_nothing_else_inline_does():
    policy = directives(PAGE)
    assert inline_scripts(PAGE) == ['__md_scope=new URL(".",location)',
                                    "var target=document.getElementById(location.hash.slice(1))"]
    assert policy["script-src"] == ["'self'", *sorted(source(text) for text in inline_scripts(PAGE))]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    text = policy_for(PAGE)
    assert "'unsafe-inline'" not in text and "'unsafe-eval'" not in text
    assert "http" not in text and "*" not in text  # no other host, no wildcard


def test_the_build_s_own_style_attributes_are_allowed_by_their_exact_values():
    assert style_attributes(PAGE) == ["text-align: right;"]
    assert directives(PAGE)["style-src"] == ["'self'", "'unsafe-hashes'", source("text-align: right;")]
    plain = PAGE.replace(' style="text-align: right;"', "")
    assert directives(plain)["style-src"] == ["'self'"]  # no style attribute: no exception at all


def test_the_policy_comes_first_after_the_charset_so_it_covers_every_script():
    page = with_policy(PAGE)
    head = page.split("<title>")[0]
    assert head.startswith('<!doctype html><html><head><meta charset="utf-8">\n    <meta http-equiv="Content-Secu')
    assert "&#x27;" not in page and "script-src 'self' " in page


def test_a_page_without_a_charset_is_refused_rather_than_published_without_a_policy():
    with pytest.raises(PolicyError):
        with_policy(PAGE.replace('<meta charset="utf-8">', ""))
