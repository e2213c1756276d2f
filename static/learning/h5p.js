/*
 * The learner's page of an H5P activity: relays the xAPI statements of the sandboxed player frame to the
 * server and shows the recorded result. Only messages whose source is this page's own frame are read (the
 * frame's origin is opaque, so it is known by its window, not its origin); the statements are posted one
 * at a time, as JSON, with the CSRF token. The frame also reports its height, so it never scrolls inside.
 */
(function () {
  "use strict";

  var frame = document.getElementById("h5p-frame");
  if (!frame) {
    return;
  }
  var record = frame.dataset.record === "1";
  var result = document.getElementById("h5p-result");
  var error = document.getElementById("h5p-error");
  var queue = Promise.resolve();

  function showError(text) {
    if (error) {
      error.textContent = text || frame.dataset.failedLabel;
      error.hidden = false;
    }
  }

  function showResult(data) {
    if (!result || !data || !data.state_label) {
      return;
    }
    var tag = document.createElement("span");
    tag.className = "status";
    tag.textContent = data.state_label;
    result.replaceChildren(tag);
    if (data.points !== null && data.max_points !== null) {
      var text = frame.dataset.pointsLabel.replace("__POINTS__", data.points).replace("__MAX__", data.max_points);
      result.append(" " + text);
    }
    if (error) {
      error.hidden = true;
    }
  }

  function send(statement) {
    queue = queue.then(function () {
      return fetch(frame.dataset.xapiUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": frame.dataset.csrfToken },
        body: JSON.stringify(statement),
      })
        .then(function (response) {
          if (response.status === 204) {
            return null;
          }
          return response.json().then(function (data) {
            if (!response.ok) {
              showError(data && data.error);
              return null;
            }
            showResult(data);
            return null;
          });
        })
        .catch(function () {
          showError();
        });
    });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow) {
      return;
    }
    var data = event.data;
    if (!data || typeof data !== "object" || data.context !== "twinning-h5p") {
      return;
    }
    if (data.action === "resize") {
      var height = Number(data.height);
      if (height > 0 && height < 20000) {
        frame.style.height = Math.ceil(height) + "px";
      }
    } else if (data.action === "error") {
      showError(frame.dataset.loadLabel);
    } else if (data.action === "xapi" && record && data.statement && typeof data.statement === "object") {
      send(data.statement);
    }
  });
})();
