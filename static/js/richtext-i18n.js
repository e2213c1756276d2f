// The rich-text editor's words in the page's language. The editor (static/js/richtext.js) asks
// window.gettext for the words of its dialogs; the widget puts the translations on the textarea
// (data-richtext-labels), so no catalogue is fetched. Runs before the editor's module (both deferred).
(() => {
  const field = document.querySelector("textarea[data-richtext-labels]");
  if (!field || window.gettext) {
    return;
  }
  let labels = {};
  try {
    labels = JSON.parse(field.dataset.richtextLabels);
  } catch {
    labels = {};
  }
  window.gettext = (text) => labels[text] || text;
})();
