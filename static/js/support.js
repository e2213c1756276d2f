/* The helpdesk's ticket form: the knowledge base is asked with the subject and the question together (one
   "q" parameter), and the hidden field "suggestions_shown" is set once articles were shown, so that the
   platform can count the questions the articles answered. No inline script (strict CSP). */
(function () {
  "use strict";

  function ticketForm(element) {
    return element && element.closest ? element.closest("form[data-ticket-form]") : null;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var form = ticketForm(event.detail.elt);
    if (!form) {
      return;
    }
    var subject = form.querySelector("[name=subject]");
    var body = form.querySelector("[name=body]");
    var text = ((subject && subject.value) || "") + " " + ((body && body.value) || "");
    event.detail.parameters = { q: text.trim().slice(0, 2000) };
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var region = event.detail.target;
    if (!region || region.id !== "suggestions") {
      return;
    }
    if (region.querySelector("a")) {
      var form = document.querySelector("form[data-ticket-form]");
      var flag = form && form.querySelector("[name=suggestions_shown]");
      if (flag) {
        flag.value = "True";
      }
    }
  });
})();
