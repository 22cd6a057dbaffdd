// A table wider than a phone scrolls sideways inside Material's wrapper. The wrapper takes keyboard focus and
// names what it holds, so the table can be scrolled without a mouse and a screen reader says what the region is
// (WCAG 2.1.1; axe's "scrollable-region-focusable"). Material adds the wrappers after load: new ones are watched.
(function () {
  "use strict";
  function heading(element) {
    for (var node = element.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) {
        return node.textContent.replace(/¶$/, "").trim();
      }
    }
    return document.title;
  }
  function label(wrap) {
    if (wrap.hasAttribute("tabindex")) {
      return;
    }
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", heading(wrap));
  }
  function scan(root) {
    if (root.matches && root.matches(".md-typeset__scrollwrap")) {
      label(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll(".md-typeset__scrollwrap").forEach(label);
    }
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(scan);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan(document);
})();
