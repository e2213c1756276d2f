// Rich text: every <textarea data-richtext="..."> becomes an editor with a toolbar (ProseMirror, from the
// django-prose-editor package, served from this site). The textarea stays in the form and is updated on
// every change, so the form posts HTML as before; the server sanitises whatever arrives
// (twinning/core/richtext.py). Without JavaScript the textarea works on its own.
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  HorizontalRule,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Strike,
  Subscript,
  Superscript,
  Table,
  TableCell,
  TableHeader,
  TableRow,
  Text,
  Underline,
} from "../django_prose_editor/editor.js";

const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function extensionsFor(features) {
  const has = (name) => features.includes(name);
  const list = [Document, Paragraph, Text, HardBreak, Dropcursor, Gapcursor, History, Menu];
  list.push(Bold, Italic, Underline, Strike, Subscript, Superscript, HorizontalRule);
  if (has("headings")) list.push(Heading.configure({ levels: [2, 3, 4] }));
  if (has("lists")) list.push(BulletList, OrderedList, ListItem);
  if (has("quotes")) list.push(Blockquote);
  if (has("links")) list.push(Link.configure({ openOnClick: false }));
  if (has("tables")) list.push(Table, TableRow, TableHeader, TableCell);
  return list;
}

// The toolbar's buttons carry English titles: say them in the page's language, to the eye and to
// screen readers alike.
function translateToolbar(wrapper, labels) {
  wrapper.querySelectorAll("button[title]").forEach((button) => {
    const said = labels[button.title] || labels[button.title.toLowerCase()];
    if (said) {
      button.title = said;
      button.setAttribute("aria-label", said);
    }
  });
}

function attach(textarea) {
  if (textarea.closest(".prose-editor")) {
    return;
  }
  let labels = {};
  try {
    labels = JSON.parse(textarea.dataset.richtextLabels || "{}");
  } catch {
    labels = {};
  }
  const label = textarea.id ? document.querySelector(`label[for="${textarea.id}"]`) : null;
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor richtext";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new Editor({
    element: wrapper,
    extensions: extensionsFor((textarea.dataset.richtext || "").split(" ")),
    content: textarea.value,
    injectCSS: false, // the styles come from editor.css and richtext.css (no inline <style>: CSP)
    editable: !textarea.disabled,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label ? label.textContent.trim() : "",
        "aria-describedby": textarea.getAttribute("aria-describedby") || "",
      },
    },
    onUpdate({ editor: current }) {
      const html = current.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  // The toolbar is drawn once the editor's view exists, and redrawn as the selection changes: say every
  // button that appears in the page's language.
  translateToolbar(wrapper, labels);
  new MutationObserver(() => translateToolbar(wrapper, labels)).observe(wrapper, { childList: true, subtree: true });
  textarea.dispatchEvent(new CustomEvent("richtext:ready", { detail: { editor }, bubbles: true }));
}

document.querySelectorAll("textarea[data-richtext]").forEach(attach);
