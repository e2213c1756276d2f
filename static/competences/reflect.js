// Self-reflection: each statement chosen is saved at once (the form's button still saves a whole area).
(function () {
  "use strict";
  var form = document.getElementById("reflection-form");
  if (!form || !window.fetch) return;
  var progress = document.getElementById("progress");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sent = 0, shown = 0; // answers can come back out of order: only the newest one's count is shown
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") return;
    var item = input.closest("[data-item]").getAttribute("data-item");
    var body = new URLSearchParams({ item: item, level: input.value });
    var mine = ++sent;
    fetch(form.getAttribute("data-answer-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!progress || mine < shown) return;
        shown = mine;
        if (data.error) { progress.textContent = data.error; return; }
        progress.textContent = progress.getAttribute("data-saved").replace("{answered}", data.answered);
      })
      .catch(function () {
        if (progress) progress.textContent = progress.getAttribute("data-failed");
      });
  });
})();
