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
  Image,
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
  if (has("images")) list.push(Image);
  return list;
}

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.entries(props).forEach(([key, value]) => {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  });
  children.forEach((child) => node.append(child));
  return node;
}

// "Insert an image": a dialog asks for the file, a description (the image's alternative text) and whose
// work it is; the file goes to the place's upload address (core.attachments), which checks it and answers
// with its address; the image is then put where the cursor was.
function imageButton(textarea, wrapper, editor, labels) {
  const upload = textarea.dataset.richtextUpload;
  const say = (key) => labels[key] || key;
  let rights = [];
  try {
    rights = JSON.parse(textarea.dataset.richtextRights || "[]");
  } catch {
    rights = [];
  }
  const id = `${textarea.id || "richtext"}-image`;
  const file = element("input", { type: "file", id: `${id}-file`, accept: "image/jpeg,image/png,image/gif,image/webp" });
  const description = element("input", { type: "text", id: `${id}-description`, maxlength: "300" });
  const choice = element("select", { id: `${id}-rights` });
  rights.forEach(([value, label]) => choice.append(element("option", { value, text: label })));
  const status = element("p", { role: "status", class: "richtext-status" });
  const insert = element("button", { type: "submit", class: "button", text: say("@insert") });
  const cancel = element("button", { type: "button", class: "button button-secondary", text: say("@cancel") });
  const form = element("form", { method: "dialog" }, [
    element("h2", { text: say("@image") }),
    element("div", { class: "field" }, [element("label", { for: file.id, text: say("@file") }), file]),
    element("div", { class: "field" }, [element("label", { for: description.id, text: say("@description") }), description]),
    element("div", { class: "field" }, [element("label", { for: choice.id, text: say("@rights") }), choice]),
    status,
    element("p", { class: "actions" }, [insert, cancel]),
  ]);
  const dialog = element("dialog", { class: "richtext-dialog", "aria-labelledby": `${id}-title` }, [form]);
  form.querySelector("h2").id = `${id}-title`;
  document.body.append(dialog);
  const open = element("button", { type: "button", class: "button button-secondary richtext-image", text: say("@image") });
  wrapper.prepend(element("div", { class: "richtext-extra" }, [open]));
  open.addEventListener("click", () => {
    status.textContent = "";
    dialog.showModal();
    file.focus();
  });
  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files.length) {
      file.focus();
      return;
    }
    const data = new FormData();
    data.append("file", file.files[0]);
    data.append("description", description.value);
    data.append("rights", choice.value);
    const token = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
    status.textContent = say("@sending");
    insert.disabled = true;
    try {
      const response = await fetch(upload, {
        method: "POST",
        body: data,
        headers: token ? { "X-CSRFToken": token.value } : {},
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        status.textContent = answer.error || say("@failed");
        return;
      }
      editor.chain().focus().setImage({ src: answer.url, alt: answer.description || "" }).run();
      form.reset();
      dialog.close();
      open.focus();
    } catch {
      status.textContent = say("@failed");
    } finally {
      insert.disabled = false;
    }
  });
}

// The toolbar's buttons carry English titles: say them in the page's language, to the eye and to
// screen readers alike.
function translateToolbar(wrapper, labels) {
  const said = (text) => labels[text] || labels[text.toLowerCase()];
  wrapper.querySelectorAll("button[title]").forEach((button) => {
    const words = said(button.title);
    if (words && words !== button.title) {
      button.title = words;
      button.setAttribute("aria-label", words);
    }
  });
  // The block-type menu's options show their name as text ("Heading 2", "Paragraph").
  wrapper.querySelectorAll(".prose-menubar__option").forEach((option) => {
    const shown = option.firstElementChild || option;
    const words = said(shown.textContent.trim());
    // Only when it changes: writing the text is a change the observer below sees (an endless loop in
    // English, where a word translates to itself).
    if (words && words !== shown.textContent.trim()) {
      shown.textContent = words;
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
    extensions: extensionsFor(
      (textarea.dataset.richtext || "").split(" ").concat(textarea.dataset.richtextUpload ? ["images"] : []),
    ),
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
  if (textarea.dataset.richtextUpload) {
    imageButton(textarea, wrapper, editor, labels);
  }
  translateToolbar(wrapper, labels);
  new MutationObserver(() => translateToolbar(wrapper, labels)).observe(wrapper, { childList: true, subtree: true });
  textarea.dispatchEvent(new CustomEvent("richtext:ready", { detail: { editor }, bubbles: true }));
}

document.querySelectorAll("textarea[data-richtext]").forEach(attach);
