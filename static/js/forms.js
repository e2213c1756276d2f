// Forms: after a failed submission the error summary takes the focus, so keyboard and screen-reader
// users hear what went wrong first (GOV.UK error summary pattern); its links move to the field.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  document.querySelectorAll("[data-error-summary] a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: "center" });
      }
    });
  });
});

// Long lists of boxes (languages, subjects): a filter box above them; every box stays in the page, so
// the form works without this script.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-choice-filter]").forEach((group) => {
    const label = document.documentElement.lang === "el" ? "Αναζήτηση στη λίστα" : "Search the list";
    const input = document.createElement("input");
    input.type = "search";
    input.className = "choice-filter";
    input.setAttribute("aria-label", label);
    input.placeholder = label;
    group.prepend(input);
    const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    input.addEventListener("input", () => {
      const term = fold(input.value.trim());
      group.querySelectorAll("li").forEach((item) => {
        item.hidden = term !== "" && !fold(item.textContent).includes(term);
      });
      if (term !== "") {
        group.querySelectorAll("details").forEach((details) => { details.open = true; });
      }
    });
  });
});

// A list that follows another (the regions of the chosen country): options carry data-parent and the
// select names its parent field in data-depends-on. Without this script every option stays and the
// server checks the pair.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-depends-on]").forEach((select) => {
    const parent = select.form ? select.form.elements.namedItem(select.dataset.dependsOn) : null;
    if (!parent || parent.tagName !== "SELECT") {
      return;
    }
    const options = Array.from(select.options);
    const update = () => {
      const chosen = parent.value;
      const current = select.value;
      const shown = options.filter((option) => !option.dataset.parent || !chosen || option.dataset.parent === chosen);
      select.replaceChildren(...shown);
      select.value = shown.some((option) => option.value === current) ? current : "";
      if (select.selectedIndex === -1 && shown.length) {
        select.selectedIndex = 0;
      }
      if (select.value !== current) {
        select.dispatchEvent(new Event("change")); // a list that follows this one updates too
      }
    };
    parent.addEventListener("change", update);
    update();
  });
});
