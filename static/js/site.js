// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Explain at once that non-teaching staff cannot join (the server refuses it too).
  document.querySelectorAll("[data-ineligible-role]").forEach((fieldset) => {
    const note = document.getElementById(fieldset.dataset.noteId);
    const update = () => {
      const chosen = fieldset.querySelector("input[type=radio]:checked");
      if (note) note.hidden = !(chosen && chosen.value === fieldset.dataset.ineligibleRole);
    };
    fieldset.addEventListener("change", update);
    update();
  });
  // "Select all" for bulk decisions.
  document.querySelectorAll("[data-select-all]").forEach((box) => {
    box.addEventListener("change", () => {
      document.querySelectorAll(box.dataset.selectAll).forEach((item) => { item.checked = box.checked; });
    });
  });

  // Filter panels (<details data-filter-panel>) fold away on phones and stay open on wide screens.
  // The breakpoint is the stylesheet's (48rem).
  const wide = window.matchMedia("(min-width: 48rem)");
  const panels = document.querySelectorAll("details[data-filter-panel]");
  const fitPanels = () => {
    panels.forEach((panel) => {
      if (wide.matches) panel.open = true;
      else if (!panel.hasAttribute("data-has-errors")) panel.open = false;
    });
  };
  if (wide.matches) fitPanels();
  wide.addEventListener("change", fitPanels);

  // Tables become stacked cards on phones (site.css, "table.stack"): label every cell with its column's
  // header where the template did not, and keep the table's roles for screen readers once its rows are
  // displayed as blocks.
  document.querySelectorAll("main table").forEach((table) => {
    const headers = Array.from(table.querySelectorAll("thead tr:last-child th")).map((th) =>
      th.textContent.trim().replace(/\s+/g, " "),
    );
    if (!headers.length) return;
    table.querySelectorAll("tbody tr").forEach((row) => {
      let column = 0;
      Array.from(row.children).forEach((cell) => {
        if (!cell.hasAttribute("data-label") && cell.tagName === "TD" && cell.colSpan < headers.length) {
          cell.setAttribute("data-label", headers[column] || "");
        }
        column += cell.colSpan || 1;
      });
    });
    table.classList.add("stack");
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody").forEach((group) => group.setAttribute("role", "rowgroup"));
    table.querySelectorAll("tr").forEach((row) => row.setAttribute("role", "row"));
    table.querySelectorAll("thead th").forEach((th) => th.setAttribute("role", "columnheader"));
    table.querySelectorAll("tbody th").forEach((th) => th.setAttribute("role", "rowheader"));
    table.querySelectorAll("td").forEach((td) => td.setAttribute("role", "cell"));
  });

  // A table wider than its container scrolls inside it: make that container reachable by keyboard and
  // name it, only while it actually scrolls.
  const wraps = document.querySelectorAll(".table-wrap");
  const markScrollers = () => {
    wraps.forEach((wrap) => {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        const caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (caption) wrap.setAttribute("aria-label", caption.textContent.trim());
      } else if (wrap.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach((name) => wrap.removeAttribute(name));
      }
    });
  };
  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => { pending = false; markScrollers(); });
  });

  document.documentElement.classList.add("js");
  markScrollers();
});

// A button that asks before it acts (deleting something): data-confirm holds the question, in the page's
// language. Without JavaScript the form still works.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
