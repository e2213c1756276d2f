// The time left of a quiz attempt, counted down beside its deadline (the server decides; this only shows it).
(function () {
  "use strict";
  function start() {
    var box = document.querySelector(".quiz-deadline[data-deadline]");
    if (!box) return;
    var out = box.querySelector(".quiz-countdown");
    var end = Date.parse(box.getAttribute("data-deadline"));
    if (!out || isNaN(end)) return;
    var label = box.getAttribute("data-left-label") || "";
    function tick() {
      var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      out.textContent = " " + label + " " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left > 0) window.setTimeout(tick, 1000);
    }
    tick();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
