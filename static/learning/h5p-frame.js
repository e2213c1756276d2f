/*
 * Inside the sandboxed frame of an H5P activity (an opaque origin: no cookies, no access to the platform's
 * pages). Starts the H5P player (h5p-standalone) on the package's files, addressed with the signed token
 * the page was given, and passes every xAPI statement and the frame's height to the parent page, which
 * alone talks to the server.
 */
(function () {
  "use strict";

  // The sandbox gives the frame no storage: reading localStorage throws, and H5P core reads it as it starts
  // (its queue of unsent results). An in-memory stand-in, forgotten with the page, lets it start.
  function memoryStorage() {
    var items = {};
    return {
      get length() {
        return Object.keys(items).length;
      },
      key: function (index) {
        return Object.keys(items)[index] || null;
      },
      getItem: function (name) {
        return Object.prototype.hasOwnProperty.call(items, name) ? items[name] : null;
      },
      setItem: function (name, value) {
        items[name] = String(value);
      },
      removeItem: function (name) {
        delete items[name];
      },
      clear: function () {
        items = {};
      },
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      return window[name] && undefined;
    } catch (error) {
      Object.defineProperty(window, name, { configurable: true, value: memoryStorage() });
    }
  });

  var container = document.getElementById("h5p-container");
  if (!container || !window.H5PStandalone) {
    return;
  }
  var data = container.dataset;

  function tell(message) {
    message.context = "twinning-h5p";
    window.parent.postMessage(message, data.parentOrigin);
  }

  function failed(reason) {
    window.console.error("The H5P player did not start:", reason && reason.stack ? reason.stack : reason);
    var note = document.getElementById("h5p-frame-error");
    if (note) {
      note.hidden = false;
    }
    tell({ action: "error" });
  }

  var lastHeight = 0;
  function reportHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      tell({ action: "resize", height: height });
    }
  }

  var options = {
    h5pJsonPath: data.files,
    contentJsonPath: data.files + "/content",
    librariesPath: data.files,
    frameJs: data.frameJs,
    frameCss: data.frameCss,
    embedType: "div", // the content runs in this (sandboxed) document, not in a frame of its own
    preventH5PInit: false, // started below, once the xAPI listener is in place
    xAPIObjectIRI: data.objectIri,
    user: { name: "learner", mail: data.actor }, // a pseudonym: the package's code never sees who it is
    contentUserData: [{ state: "RESET" }], // no saved state: H5P core then asks no server for one
    title: data.title,
    frame: false,
    copyright: false,
    export: false,
    embed: false,
    icon: false,
    fullScreen: false,
    assetsRequestFetchOptions: { credentials: "omit" },
  };

  new window.H5PStandalone.H5P(container, options)
    .then(function () {
      window.H5P.externalDispatcher.on("xAPI", function (event) {
        tell({ action: "xapi", statement: JSON.parse(JSON.stringify(event.data.statement)) });
      });
      window.H5P.init(container);
      window.H5P.preventInit = false;
      reportHeight();
      if (window.ResizeObserver) {
        new ResizeObserver(reportHeight).observe(document.body);
      } else {
        window.setInterval(reportHeight, 500);
      }
    })
    .catch(failed);
})();
