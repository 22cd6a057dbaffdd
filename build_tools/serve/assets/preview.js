// The course preview in every page (`make serve`): reload when a new site is published, show the course's
// problems over the last good page, and beside the page its PDF pages and slides. Same-origin file: the site's
// Content-Security-Policy lets it run; it sets sizes through the CSSOM, never through style attributes.
(() => {
  "use strict";
  const meta = document.querySelector('meta[name="course-preview"]');
  const page = meta ? meta.content : "";
  const language = meta ? meta.dataset.language : "";
  const state = { since: -1, site: null, previews: null };

  const overlay = document.createElement("section");
  overlay.id = "course-preview-overlay";
  overlay.setAttribute("role", "alert");
  overlay.hidden = true;
  const panel = document.createElement("aside");
  panel.id = "course-preview-panel";
  panel.setAttribute("aria-label", "Preview: PDF pages and slides");
  const badge = document.createElement("p");
  badge.id = "course-preview-badge";
  badge.setAttribute("aria-live", "polite");

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function showProblems(problems) {
    const errors = problems.filter((p) => !p.warning);
    overlay.replaceChildren();
    overlay.hidden = errors.length === 0;
    document.documentElement.dataset.previewProblems = String(errors.length);
    if (!errors.length) return;
    overlay.append(element("h2", errors.length === 1 ? "1 problem: this preview is the last good one"
      : `${errors.length} problems: this preview is the last good one`));
    const list = element("ul");
    for (const problem of errors) {
      const item = element("li");
      item.append(element("code", problem.where, "preview-where"), " ",
        element("span", problem.message + (problem.code ? ` [${problem.code}]` : ""), "preview-message"),
        element("p", `fix: ${problem.fix}`, "preview-fix"));
      list.append(item);
    }
    overlay.append(list, element("p", "Save the fixed file: this box goes away by itself.", "preview-hint"));
  }

  function pdfSection(pdf) {
    const section = element("section", "", "preview-pdf");
    const pages = pdf.pages.length ? (pdf.pages.length === 1 ? `page ${pdf.pages[0]}`
      : `pages ${pdf.pages[0]}–${pdf.pages[pdf.pages.length - 1]}`) : "not rendered yet";
    section.append(element("h3", `${pdf.edition}, ${pages}`));
    for (const [index, url] of pdf.pictures.entries()) {
      const image = element("img");
      image.src = url;
      image.alt = `${pdf.edition}, page ${pdf.pages[index]}`;
      image.loading = "lazy";
      section.append(image);
    }
    return section;
  }

  async function loadPanel() {
    if (!page) return;
    const answer = await fetch(`/_preview/panel?page=${encodeURIComponent(page)}&lang=${encodeURIComponent(language)}`,
      { cache: "no-store" });
    const data = await answer.json();
    const slides = element("section", "", "preview-slides");
    slides.append(element("h3", data.deck ? "Slides" : "Slides: this page has no slides of its own"));
    const holder = element("div");
    holder.innerHTML = data.slides;  // built by the server from the deck plan, every text escaped
    for (const paragraph of holder.querySelectorAll("p[data-size]")) {
      paragraph.style.fontSize = `${paragraph.dataset.size}px`;
      paragraph.style.marginLeft = `${Number(paragraph.dataset.level) * 12}px`;
    }
    slides.append(holder);
    panel.replaceChildren(badge, ...data.pdf.map(pdfSection), slides);
    document.documentElement.dataset.previewVersion = String(state.previews);
  }

  async function poll() {
    for (;;) {
      try {
        const answer = await fetch(`/_preview/state?since=${state.since}`, { cache: "no-store" });
        const news = await answer.json();
        state.since = news.generation;
        if (state.site !== null && news.site !== state.site) {
          sessionStorage.setItem("course-preview-scroll", String(window.scrollY));
          window.location.reload();
          return;
        }
        state.site = news.site;
        document.documentElement.dataset.previewSite = String(news.site);
        showProblems(news.problems);
        const warnings = news.problems.filter((p) => p.warning);
        badge.textContent = (news.busy.length ? `updating: ${news.busy.join(", ")}…` : "up to date") +
          (warnings.length ? ` · ${warnings.length} warning${warnings.length > 1 ? "s" : ""}: ` +
            warnings.map((p) => `${p.where}: ${p.message}`).join("; ") : "");
        if (news.previews !== state.previews) {
          state.previews = news.previews;
          await loadPanel();
        }
      } catch (error) {
        badge.textContent = "the preview server is not answering (is `make serve` still running?)";
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  function start() {
    document.body.append(overlay);
    if (page) {
      document.body.append(panel);
      document.documentElement.classList.add("course-preview-with-panel");
    } else {
      document.body.append(badge);
    }
    const scroll = sessionStorage.getItem("course-preview-scroll");
    if (scroll !== null) {
      sessionStorage.removeItem("course-preview-scroll");
      window.scrollTo(0, Number(scroll));
    }
    poll();
  }

  start();
})();
