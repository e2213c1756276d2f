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
});
